import { PolicyDocument, PolicyStatement, policyDocument } from '../../shared/iam-policy';
import { PartitionOption, checkedKmsKeyArns, resolvedPartition } from './policy-options';

export interface EbsCsiDriverPolicyOptions extends PartitionOption {
  /**
   * Customer managed KMS keys that StorageClasses name in `kmsKeyId`. Without them the driver can only
   * create volumes encrypted with the account's default `aws/ebs` key (or unencrypted ones).
   */
  kmsKeyArns?: string[];
}

const POLICY = 'ebsCsiDriverPolicy';

/** The tag the driver puts on every volume and snapshot it creates; the policy only lets it touch those. */
const MANAGED_TAG = 'ebs.csi.aws.com/cluster';
/** The tag the in-tree plugin put on volumes before CSI migration, so those stay manageable. */
const MIGRATED_PVC_TAG = 'kubernetes.io/created-for/pvc/name';

/**
 * Permissions for the EBS CSI controller (`ebs-csi-controller-sa`).
 *
 * This is AmazonEBSCSIDriverPolicyV2, not the older AmazonEBSCSIDriverPolicy: V2 confines the driver
 * to volumes and snapshots tagged `ebs.csi.aws.com/cluster=true` (or, for in-tree migrated volumes,
 * `kubernetes.io/created-for/pvc/name`). Statically provisioned volumes must carry that tag by hand.
 * It also drops the unconditional `ec2:CreateTags`/`ec2:DeleteTags` of V1.
 */
// Source: https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/v1.64.0/docs/AmazonEBSCSIDriverPolicyV2.json
//   (tag v1.64.0, commit 6689789f192f8941878801f2730ea972a1196047); published as the AWS managed policy
//   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEBSCSIDriverPolicyV2.html (v1).
// KMS statement: "Encrypted EBS Volumes via KMS" in
//   https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/v1.64.0/docs/install.md
export function ebsCsiDriverPolicy(options: EbsCsiDriverPolicyOptions = {}): PolicyDocument {
  const partition = resolvedPartition(POLICY, options.partition);
  const kmsKeyArns = checkedKmsKeyArns(POLICY, options.kmsKeyArns);
  const volumes = `arn:${partition}:ec2:*:*:volume/*`;
  const volumeIds = `arn:${partition}:ec2:*:*:volume/vol-*`;
  const snapshots = `arn:${partition}:ec2:*:*:snapshot/*`;
  const instances = `arn:${partition}:ec2:*:*:instance/*`;
  const managed = { StringEquals: { [`ec2:ResourceTag/${MANAGED_TAG}`]: 'true' } };
  const migrated = { StringLike: { [`ec2:ResourceTag/${MIGRATED_PVC_TAG}`]: '*' } };

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
      Sid: 'CreateAndCopyVolumesWithManagedTag',
      Effect: 'Allow',
      Action: ['ec2:CreateVolume', 'ec2:CopyVolumes'],
      Resource: [volumes],
      Condition: { StringEquals: { [`aws:RequestTag/${MANAGED_TAG}`]: 'true' } },
    },
    { Sid: 'CopyManagedVolumes', Effect: 'Allow', Action: ['ec2:CopyVolumes'], Resource: [volumeIds], Condition: managed },
    { Sid: 'CopyCSIMigratedVolumes', Effect: 'Allow', Action: ['ec2:CopyVolumes'], Resource: [volumeIds], Condition: migrated },
    {
      Sid: 'CreateSnapshotsWithManagedTag',
      Effect: 'Allow',
      Action: ['ec2:CreateSnapshot'],
      Resource: [snapshots],
      Condition: { StringEquals: { [`aws:RequestTag/${MANAGED_TAG}`]: 'true' } },
    },
    { Sid: 'CreateSnapshotsFromManagedVolumes', Effect: 'Allow', Action: ['ec2:CreateSnapshot'], Resource: [volumes], Condition: managed },
    {
      Sid: 'ManageManagedVolumes',
      Effect: 'Allow',
      Action: ['ec2:ModifyVolume', 'ec2:AttachVolume', 'ec2:DetachVolume', 'ec2:DeleteVolume'],
      Resource: [volumes],
      Condition: managed,
    },
    {
      Sid: 'ManageCSIMigratedVolumes',
      Effect: 'Allow',
      Action: ['ec2:ModifyVolume', 'ec2:AttachVolume', 'ec2:DetachVolume', 'ec2:DeleteVolume'],
      Resource: [volumes],
      Condition: migrated,
    },
    {
      Sid: 'CreateVolumesFromAndEnableFSROnManagedSnapshots',
      Effect: 'Allow',
      Action: ['ec2:CreateVolume', 'ec2:EnableFastSnapshotRestores'],
      Resource: [snapshots],
      Condition: managed,
    },
    {
      Sid: 'AttachDetachVolumesToAnyInstance',
      Effect: 'Allow',
      // The volume side of attach/detach is tag-scoped above; any node may be the target.
      Action: ['ec2:AttachVolume', 'ec2:DetachVolume'],
      Resource: [instances],
    },
    {
      Sid: 'DeleteAndLockManagedSnapshots',
      Effect: 'Allow',
      Action: ['ec2:DeleteSnapshot', 'ec2:LockSnapshot'],
      Resource: [snapshots],
      Condition: managed,
    },
    {
      Sid: 'TagResourcesOnCreation',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: [volumes, snapshots],
      Condition: { StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot', 'CopyVolumes'] } },
    },
    {
      Sid: 'ModifyTagsOnManagedVolumes',
      Effect: 'Allow',
      // Lets the driver change other tags of its own volumes; the ownership tags stay immutable, so it
      // cannot adopt or release a volume by retagging it.
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: [volumes],
      Condition: {
        ...managed,
        Null: { 'aws:TagKeys': 'false' },
        'ForAllValues:StringNotEquals': {
          'aws:TagKeys': [MANAGED_TAG, 'ebs.csi.aws.com/cluster-name', MIGRATED_PVC_TAG],
        },
      },
    },
  ];

  if (kmsKeyArns.length > 0) {
    statements.push({
      Sid: 'UseCustomerManagedKeysForVolumeEncryption',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:CreateGrant'],
      Resource: kmsKeyArns,
    });
  }
  return policyDocument(statements);
}
