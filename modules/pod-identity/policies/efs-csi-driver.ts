import { PolicyDocument, policyDocument } from '../../shared/iam-policy';

/** The tag the driver puts on access points it creates for dynamic provisioning. */
const MANAGED_TAG = 'efs.csi.aws.com/cluster';

/**
 * Permissions for the EFS CSI controller (`efs-csi-controller-sa`).
 *
 * Dynamic provisioning creates one access point per volume; creating, tagging and deleting access
 * points is limited to those carrying the driver's tag. EFS access-point ARNs embed ids only known at
 * run time, so the documented policy scopes by tag on Resource "*" rather than by ARN. The `s3files:`
 * actions are upstream's too: the same driver provisions Amazon S3 Files access points. Mounting S3
 * Files volumes needs further client policies on the node service account, which this does not cover.
 * No ARNs appear, so the policy is the same in every partition.
 */
// Source: https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/iam-policy-example.json
//   (tag v3.4.1, commit 3fcc6bdd7533a4cfd15643b31593f7ff154584c9)
export function efsCsiDriverPolicy(): PolicyDocument {
  return policyDocument([
    {
      Sid: 'DescribeFileSystemsAndAccessPoints',
      Effect: 'Allow',
      Action: [
        'elasticfilesystem:DescribeAccessPoints',
        'elasticfilesystem:DescribeFileSystems',
        'elasticfilesystem:DescribeMountTargets',
        's3files:ListAccessPoints',
        's3files:ListFileSystems',
        'ec2:DescribeAvailabilityZones',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'CreateAccessPointsWithManagedTag',
      Effect: 'Allow',
      Action: ['elasticfilesystem:CreateAccessPoint', 's3files:CreateAccessPoint'],
      Resource: ['*'],
      Condition: { StringLike: { [`aws:RequestTag/${MANAGED_TAG}`]: 'true' } },
    },
    {
      Sid: 'TagManagedResources',
      Effect: 'Allow',
      Action: ['elasticfilesystem:TagResource', 's3files:TagResource'],
      Resource: ['*'],
      Condition: { StringLike: { [`aws:ResourceTag/${MANAGED_TAG}`]: 'true' } },
    },
    {
      Sid: 'DeleteManagedAccessPoints',
      Effect: 'Allow',
      Action: ['elasticfilesystem:DeleteAccessPoint', 's3files:DeleteAccessPoint'],
      Resource: ['*'],
      Condition: { StringEquals: { [`aws:ResourceTag/${MANAGED_TAG}`]: 'true' } },
    },
  ]);
}
