import { PolicyDocument, PolicyStatement, policyDocument } from '../../shared/iam-policy';
import { PartitionOption, checkedKmsKeyArns, checkedString, resolvedPartition } from './policy-options';

export interface VeleroPolicyOptions extends PartitionOption {
  /** The backup storage location's bucket (name, not ARN). */
  bucketName: string;
  /** Customer managed keys the bucket's objects are encrypted with (SSE-KMS, the BSL's `kmsKeyId`). */
  kmsKeyArns?: string[];
  /**
   * Whether Velero takes EBS snapshots (a VolumeSnapshotLocation with the AWS plugin). Defaults to
   * true, as in the plugin's README; set false when only file-system backups (Kopia) are used.
   * @default true
   */
  ebsSnapshots?: boolean;
}

const POLICY = 'veleroPolicy';

/** S3 bucket naming rules: 3-63 lowercase letters, digits, dots and hyphens, alphanumeric at both ends. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Permissions for the Velero server with velero-plugin-for-aws.
 *
 * S3 access is confined to the one bucket as documented. The README leaves the EBS snapshot actions on
 * "*"; here only the Describe calls keep "*" (they cannot be scoped) and the mutating ones are limited
 * to volumes and snapshots, the only resources the plugin creates or deletes. `ec2:CreateTags` is
 * further limited to the tags the plugin's own `CreateVolume` / `CreateSnapshot` calls carry
 * (TagSpecifications, `ec2:CreateAction`): the plugin never calls CreateTags on existing resources, and
 * retagging existing volumes would defeat tag-based policies such as the EBS CSI driver's.
 */
// Source: https://github.com/vmware-tanzu/velero-plugin-for-aws/blob/v1.13.2/README.md, "Set permissions for Velero"
//   (tag v1.13.2, commit 18469e7330ee47fbcefbf6ce4c0f68dfc273c5d5); the EC2 calls are those of
//   velero-plugin-for-aws/volume_snapshotter.go at that tag.
// KMS: "To upload or download an object encrypted with an AWS KMS key ... you need kms:GenerateDataKey and
//   kms:Decrypt", https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
export function veleroPolicy(options: VeleroPolicyOptions): PolicyDocument {
  const partition = resolvedPartition(POLICY, options.partition);
  const bucketName = checkedString(POLICY, 'bucketName', options.bucketName, BUCKET_NAME,
    'an S3 bucket name (e.g. "acme-prod-velero"), not an ARN, or a Terraform reference');
  const kmsKeyArns = checkedKmsKeyArns(POLICY, options.kmsKeyArns);
  const volumes = `arn:${partition}:ec2:*:*:volume/*`;
  const snapshots = `arn:${partition}:ec2:*:*:snapshot/*`;

  const statements: PolicyStatement[] = [];
  if (options.ebsSnapshots !== false) {
    statements.push(
      {
        Sid: 'DescribeVolumesAndSnapshots',
        Effect: 'Allow',
        Action: ['ec2:DescribeVolumes', 'ec2:DescribeSnapshots'],
        Resource: ['*'],
      },
      {
        Sid: 'SnapshotAndRestoreVolumes',
        Effect: 'Allow',
        // CreateSnapshot reads a volume and creates a snapshot; CreateVolume the other way round.
        Action: ['ec2:CreateVolume', 'ec2:CreateSnapshot'],
        Resource: [volumes, snapshots],
      },
      { Sid: 'DeleteSnapshots', Effect: 'Allow', Action: ['ec2:DeleteSnapshot'], Resource: [snapshots] },
      {
        Sid: 'TagOnCreation',
        Effect: 'Allow',
        Action: ['ec2:CreateTags'],
        Resource: [volumes, snapshots],
        Condition: { StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot'] } },
      },
    );
  }
  statements.push(
    {
      Sid: 'ReadWriteBackupObjects',
      Effect: 'Allow',
      // s3:PutObjectTagging is only used with the BSL's `config.tagging`; kept as documented.
      Action: [
        's3:GetObject',
        's3:DeleteObject',
        's3:PutObject',
        's3:PutObjectTagging',
        's3:AbortMultipartUpload',
        's3:ListMultipartUploadParts',
      ],
      Resource: [`arn:${partition}:s3:::${bucketName}/*`],
    },
    { Sid: 'ListBackupBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [`arn:${partition}:s3:::${bucketName}`] },
  );
  if (kmsKeyArns.length > 0) {
    statements.push({
      Sid: 'UseBucketEncryptionKeys',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: kmsKeyArns,
    });
  }
  return policyDocument(statements);
}
