import { PolicyDocument, PolicyStatement, policyDocument } from '../../shared/iam-policy';
import { PartitionOption, checkedHostedZoneIds, hostedZoneArn, resolvedPartition } from './policy-options';

export interface CertManagerPolicyOptions extends PartitionOption {
  /** The Route 53 hosted zones cert-manager solves DNS01 challenges in, e.g. ["Z0123456789ABC"]; at least one. */
  hostedZoneIds: string[];
  /**
   * True when every Route 53 solver sets `hostedZoneID`: cert-manager then never looks zones up by
   * name, so `route53:ListHostedZonesByName` is left out (as the cert-manager docs allow).
   */
  solversSetHostedZoneId?: boolean;
}

const POLICY = 'certManagerPolicy';

/**
 * Permissions for cert-manager's ACME DNS01 solver with Route 53.
 *
 * Record changes are limited to the given zones (the docs use `hostedzone/*` and suggest narrowing it)
 * and, by the documented condition, to TXT records, so cert-manager can answer challenges but not
 * repoint A/CNAME records.
 */
// Source: https://cert-manager.io/docs/configuration/acme/dns01/route53/ ("Set up an IAM Policy"), read from
//   https://github.com/cert-manager/website/blob/776e5dba56510fc9de84206b806b568447077f25/content/docs/configuration/acme/dns01/route53.md
export function certManagerPolicy(options: CertManagerPolicyOptions): PolicyDocument {
  const partition = resolvedPartition(POLICY, options.partition);
  const zones = checkedHostedZoneIds(POLICY, options.hostedZoneIds).map((id) => hostedZoneArn(partition, id));
  const statements: PolicyStatement[] = [
    {
      Sid: 'GetChangeStatus',
      Effect: 'Allow',
      Action: ['route53:GetChange'],
      Resource: [`arn:${partition}:route53:::change/*`],
    },
    {
      Sid: 'ChangeTxtRecordsInManagedZones',
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
      Resource: zones,
      Condition: { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] } },
    },
  ];
  if (options.solversSetHostedZoneId !== true) {
    statements.push({
      Sid: 'FindHostedZonesByName',
      Effect: 'Allow',
      // No resource-level permissions exist for this call.
      Action: ['route53:ListHostedZonesByName'],
      Resource: ['*'],
    });
  }
  return policyDocument(statements);
}
