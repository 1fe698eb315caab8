import { PolicyDocument, policyDocument } from '../../shared/iam-policy';
import { PartitionOption, checkedHostedZoneIds, hostedZoneArn, resolvedPartition } from './policy-options';

export interface ExternalDnsPolicyOptions extends PartitionOption {
  /** The Route 53 hosted zones external-dns may change, e.g. ["Z0123456789ABC"]; at least one. */
  hostedZoneIds: string[];
}

const POLICY = 'externalDnsPolicy';

/**
 * Permissions for external-dns with the Route 53 provider.
 *
 * Upstream's policy grants record changes on every hosted zone (`hostedzone/*`) and suggests listing
 * the zones instead; this does, so a compromised external-dns cannot rewrite zones it does not manage.
 * `route53:ListHostedZones` stays on "*" because it has no resource-level permissions; it reveals
 * zone names only. Run external-dns with `--zone-id-filter` for the same zones so it does not try
 * (and fail) to sync the others.
 */
// Source: https://github.com/kubernetes-sigs/external-dns/blob/v0.22.0/docs/tutorials/aws.md, "IAM Policy"
//   (tag v0.22.0, commit 994f908d4abdfe5fbf38f2f61613ed570432e43a)
export function externalDnsPolicy(options: ExternalDnsPolicyOptions): PolicyDocument {
  const partition = resolvedPartition(POLICY, options.partition);
  const zones = checkedHostedZoneIds(POLICY, options.hostedZoneIds).map((id) => hostedZoneArn(partition, id));
  return policyDocument([
    {
      Sid: 'ChangeRecordsInManagedZones',
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
      Resource: zones,
    },
    { Sid: 'ListHostedZones', Effect: 'Allow', Action: ['route53:ListHostedZones'], Resource: ['*'] },
  ]);
}
