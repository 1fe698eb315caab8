import { PolicyDocument, PolicyStatement, policyDocument } from '../../shared/iam-policy';
import { PartitionOption, checkedKmsKeyArns, resolvedPartition } from './policy-options';

export interface EbsCsiDriverPolicyOptions extends PartitionOption {
  /**
   * Customer managed KMS keys that StorageClasses name in `kmsKeyId`. Without them the driver can only
   * create volumes encrypted with the account's default `aws/ebs` key (or unencrypted ones).
   * @default none: only the aws/ebs key
   */
  kmsKeyArns?: string[];
}

const POLICY = 'ebsCsiDriverPolicy';

/**
 * The tag the driver puts on the volumes and snapshots it creates when it runs with
 * `--k8s-tag-cluster-id=<cluster name>`, and the tag statically provisioned volumes and self-managed
 * nodes must carry to be usable. Every mutating statement requires its value to be this cluster's name.
 */
export const EBS_CSI_CLUSTER_NAME_TAG = 'ebs.csi.aws.com/cluster-name';

/**
 * The cluster's name as IAM sees it: the `eks-cluster-name` session tag EKS Pod Identity puts on the
 * role session. Written with Terraform's `$${` escape, because the document is rendered into a
 * Terraform string, where a bare `${` would be parsed as an interpolation; IAM receives
 * `${aws:PrincipalTag/eks-cluster-name}`.
 */
const THIS_CLUSTER = '$${aws:PrincipalTag/eks-cluster-name}';

/**
 * Permissions for the EBS CSI controller (`ebs-csi-controller-sa`).
 *
 * This is AmazonEBSCSIDriverEKSClusterScopedPolicy: every volume, snapshot and instance the driver
 * changes must carry `ebs.csi.aws.com/cluster-name` (instances: or `eks:cluster-name`) equal to the
 * cluster the Pod Identity session belongs to. AmazonEBSCSIDriverPolicyV2 instead keys on
 * `ebs.csi.aws.com/cluster=true`, which every cluster's driver writes, so one cluster's driver could
 * attach, snapshot or delete another cluster's volumes in the same account.
 *
 * Requirements, all outside this policy:
 * - EKS Pod Identity (IRSA sends no `eks-cluster-name` session tag), with session tags left on.
 * - The driver runs with `--k8s-tag-cluster-id=<cluster name>` (v1.58.0+; the EKS add-on sets it), so
 *   it writes `ebs.csi.aws.com/cluster-name` on what it creates.
 * - Nodes carry `eks:cluster-name` (managed node groups) or `ebs.csi.aws.com/cluster-name` (Karpenter
 *   and self-managed nodes: set it in the EC2NodeClass `tags`), or volumes cannot be attached to them.
 * - Volumes and snapshots created before, statically provisioned or migrated from the in-tree plugin
 *   must be tagged `ebs.csi.aws.com/cluster-name=<cluster name>` by hand first.
 *
 * With `kmsKeyArns`, the statements the EKS User Guide lists for customer managed keys are added;
 * grants are only allowed for AWS resources (`kms:GrantIsForAWSResource`), i.e. for EBS itself.
 */
// Source: https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/v1.64.0/docs/AmazonEBSCSIDriverEKSClusterScopedPolicy.json
//   (tag v1.64.0, commit 6689789f192f8941878801f2730ea972a1196047); published as the AWS managed policy
//   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEBSCSIDriverEKSClusterScopedPolicy.html (v1).
// KMS statements: "kms-key-for-encryption-on-ebs.json" in the EKS User Guide, "Store Kubernetes volumes with
//   Amazon EBS" (https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html), vendored in
//   ../upstream/ebs-csi-driver/eks-user-guide-kms-key-for-encryption-on-ebs.json.
export function ebsCsiDriverPolicy(options: EbsCsiDriverPolicyOptions = {}): PolicyDocument {
  const partition = resolvedPartition(POLICY, options.partition);
  const kmsKeyArns = checkedKmsKeyArns(POLICY, options.kmsKeyArns);
  const volumes = `arn:${partition}:ec2:*:*:volume/*`;
  const volumeIds = `arn:${partition}:ec2:*:*:volume/vol-*`;
  const snapshots = `arn:${partition}:ec2:*:*:snapshot/*`;
  const instances = `arn:${partition}:ec2:*:*:instance/*`;
  const requestedForThisCluster = { StringEquals: { [`aws:RequestTag/${EBS_CSI_CLUSTER_NAME_TAG}`]: THIS_CLUSTER } };
  const ofThisCluster = { StringEquals: { [`ec2:ResourceTag/${EBS_CSI_CLUSTER_NAME_TAG}`]: THIS_CLUSTER } };

  const statements: PolicyStatement[] = [
    {
      Sid: 'ReadOnlyDescribeOperations',
      Effect: 'Allow',
      // Describe* calls have no resource-level permissions, so "*" is the only possible resource.
      Action: [
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeSnapshots',
        'ec2:DescribeVolumes',
        'ec2:DescribeVolumesModifications',
        'ec2:DescribeVolumeStatus',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'CreateAndCopyVolumesWithClusterTag',
      Effect: 'Allow',
      Action: ['ec2:CreateVolume', 'ec2:CopyVolumes'],
      Resource: [volumes],
      Condition: requestedForThisCluster,
    },
    { Sid: 'CopyClusterVolumes', Effect: 'Allow', Action: ['ec2:CopyVolumes'], Resource: [volumeIds], Condition: ofThisCluster },
    {
      Sid: 'CreateSnapshotsWithClusterTag',
      Effect: 'Allow',
      Action: ['ec2:CreateSnapshot'],
      Resource: [snapshots],
      Condition: requestedForThisCluster,
    },
    { Sid: 'CreateSnapshotsFromClusterVolumes', Effect: 'Allow', Action: ['ec2:CreateSnapshot'], Resource: [volumes], Condition: ofThisCluster },
    {
      Sid: 'ManageClusterVolumes',
      Effect: 'Allow',
      Action: ['ec2:ModifyVolume', 'ec2:AttachVolume', 'ec2:DetachVolume', 'ec2:DeleteVolume'],
      Resource: [volumes],
      Condition: ofThisCluster,
    },
    {
      Sid: 'CreateVolumesFromAndEnableFSROnClusterSnapshots',
      Effect: 'Allow',
      Action: ['ec2:CreateVolume', 'ec2:EnableFastSnapshotRestores'],
      Resource: [snapshots],
      Condition: ofThisCluster,
    },
    {
      Sid: 'AttachDetachVolumesToClusterInstance',
      Effect: 'Allow',
      // Managed node groups' instances carry eks:cluster-name.
      Action: ['ec2:AttachVolume', 'ec2:DetachVolume'],
      Resource: [instances],
      Condition: { StringEquals: { 'ec2:ResourceTag/eks:cluster-name': THIS_CLUSTER } },
    },
    {
      Sid: 'AttachDetachVolumesToManuallyTaggedInstance',
      Effect: 'Allow',
      // Karpenter and self-managed nodes: tagged ebs.csi.aws.com/cluster-name by their launcher.
      Action: ['ec2:AttachVolume', 'ec2:DetachVolume'],
      Resource: [instances],
      Condition: ofThisCluster,
    },
    {
      Sid: 'DeleteAndLockClusterSnapshots',
      Effect: 'Allow',
      Action: ['ec2:DeleteSnapshot', 'ec2:LockSnapshot'],
      Resource: [snapshots],
      Condition: ofThisCluster,
    },
    {
      Sid: 'TagResourcesOnCreation',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: [volumes, snapshots],
      Condition: { StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot', 'CopyVolumes'] } },
    },
    {
      Sid: 'ModifyTagsOnClusterVolumes',
      Effect: 'Allow',
      // Lets the driver change other tags of its own volumes; the ownership tags stay immutable, so it
      // cannot adopt or release a volume by retagging it.
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: [volumes],
      Condition: {
        ...ofThisCluster,
        Null: { 'aws:TagKeys': 'false' },
        'ForAllValues:StringNotEquals': {
          'aws:TagKeys': ['ebs.csi.aws.com/cluster', EBS_CSI_CLUSTER_NAME_TAG, 'kubernetes.io/created-for/pvc/name'],
        },
      },
    },
  ];

  if (kmsKeyArns.length > 0) statements.push(...customerManagedKeyStatements(kmsKeyArns));
  return policyDocument(statements);
}

/**
 * What a principal that creates and attaches EBS volumes needs of customer managed keys: the EKS User
 * Guide's kms-key-for-encryption-on-ebs.json (../upstream/ebs-csi-driver/). The add-on's driver gets
 * them, and so does the Auto Mode cluster role for a StorageClass's kmsKeyId (storage-classes).
 */
export function customerManagedKeyStatements(kmsKeyArns: string[]): PolicyStatement[] {
  return [
    {
      Sid: 'GrantCustomerManagedKeysToAwsResources',
      Effect: 'Allow',
      // EBS uses a grant per attached encrypted volume; GrantIsForAWSResource confines grants to
      // those EBS makes on the principal's behalf, so it cannot grant the key to another principal.
      Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
      Resource: kmsKeyArns,
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
    {
      Sid: 'UseCustomerManagedKeysForVolumeEncryption',
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: kmsKeyArns,
    },
  ];
}
