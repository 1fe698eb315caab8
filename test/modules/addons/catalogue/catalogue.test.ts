/**
 * The add-on catalogue in the `full` environment: every chart at the version, repository and
 * namespace the vendored chart facts give (modules/addons/upstream/charts/<chart>/chart.json, the
 * upstream's own), each with its Pod Identity role and association, its values checked, and the order
 * it declares.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadEnvironment } from '../../../../stacks/load';
import { synthParsed } from '../../../support/synth';

const vendored = (chart: string) => JSON.parse(readFileSync(`modules/addons/upstream/charts/${chart}/chart.json`, 'utf8')) as { chart: string; repository: string; version: string; serviceAccount: { valuesKey: string | null } };
const { stacks } = synthParsed(loadEnvironment('full'));
const platform = stacks.platform!;
const cluster = stacks.cluster!;
const release = (name: string) => Object.entries(platform.resource!.helm_release).find(([, body]) => body.name === name)!;
const valuesOf = (name: string) => parse((release(name)[1].values as string[])[0]) as Record<string, any>;
const addressOf = (name: string) => `helm_release.${release(name)[0]}`;

const HELM_ADDONS = [
  ['aws-load-balancer-controller', 'aws-load-balancer-controller', 'kube-system', 'aws-load-balancer-controller'],
  ['external-dns', 'external-dns', 'external-dns', 'external-dns'],
  ['cert-manager', 'cert-manager', 'cert-manager', 'cert-manager'],
  ['metrics-server', 'metrics-server', 'kube-system', undefined],
  ['external-secrets', 'external-secrets', 'external-secrets', 'external-secrets'],
  ['cluster-proportional-autoscaler', 'cluster-proportional-autoscaler', 'kube-system', undefined],
  ['cilium', 'cilium', 'kube-system', undefined],
  ['falco', 'falco', 'falco', undefined],
  ['opencost', 'opencost', 'opencost', undefined],
  ['velero', 'velero', 'velero', 'velero-server'],
] as const;

describe('Helm add-ons of the full environment', () => {
  test.each(HELM_ADDONS)('%s: chart %s at the vendored version and repository, in %s', (name, chart, namespace) => {
    const facts = vendored(chart);
    expect(platform).toHaveResourceMatching('helm_release', { name, chart: facts.chart, repository: facts.repository, version: facts.version, namespace, create_namespace: namespace !== 'kube-system' });
  });

  test.each(HELM_ADDONS.filter(([, , , sa]) => sa !== undefined))('%s: its service account gets its role through a Pod Identity association made before the release', (name, chart, namespace, serviceAccount) => {
    expect(platform).toHaveResourceMatching('aws_eks_pod_identity_association', { namespace, service_account: serviceAccount });
    expect(platform).toHaveResourceMatching('aws_iam_role', { name: `full-${name}` });
    expect(platform).toBeDestroyedBefore({ type: 'helm_release', where: { name } }, { type: 'aws_eks_pod_identity_association', where: { service_account: serviceAccount } });
    // The chart creates the account under exactly that name (its own values key, from chart.json).
    const key = vendored(chart).serviceAccount.valuesKey!.split('.');
    expect(key.reduce<any>((node, part) => node?.[part], valuesOf(name))).toBe(serviceAccount);
  });

  test('controllers that create AWS resources come first and go last: every other release waits for the Load Balancer Controller and external-dns', () => {
    for (const [name] of HELM_ADDONS.filter(([n]) => !['aws-load-balancer-controller', 'external-dns'].includes(n))) {
      const dependsOn = release(name)[1].depends_on as string[];
      expect({ name, dependsOn }).toEqual({ name, dependsOn: expect.arrayContaining([addressOf('aws-load-balancer-controller'), addressOf('external-dns')]) });
    }
    expect(platform).toBeDestroyedBefore({ type: 'helm_release', where: { name: 'velero' } }, { type: 'helm_release', where: { name: 'aws-load-balancer-controller' } });
  });

  test('system add-ons run on the system node group, tolerating its taint', () => {
    expect(valuesOf('aws-load-balancer-controller')).toMatchObject({ nodeSelector: { 'node-role': 'system' }, tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }] });
    expect(valuesOf('cert-manager')).toMatchObject({ nodeSelector: { 'node-role': 'system' }, webhook: { nodeSelector: { 'node-role': 'system' } }, cainjector: { nodeSelector: { 'node-role': 'system' } } });
    expect(valuesOf('cilium').operator).toMatchObject({ nodeSelector: { 'node-role': 'system' } });
    expect(valuesOf('cilium').nodeSelector).toBeUndefined();
  });

  test('the Load Balancer Controller is told its cluster and region (pods cannot reach instance metadata)', () => {
    expect(valuesOf('aws-load-balancer-controller')).toMatchObject({ clusterName: 'full', region: 'eu-west-1', replicaCount: 2 });
  });

  test('external-dns: the zones of its IAM policy are its --zone-id-filter, the cluster its TXT owner', () => {
    expect(valuesOf('external-dns')).toMatchObject({ provider: { name: 'aws' }, txtOwnerId: 'full', policy: 'upsert-only', domainFilters: ['platform.example.com'], extraArgs: ['--zone-id-filter=Z0123456789ABCDEFGHIJ'] });
    expect(platform).toHavePolicyStatement('aws_iam_role_policy', { Action: expect.arrayContaining(['route53:ChangeResourceRecordSets']), Resource: ['arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ'] }, { role: expect.stringContaining('external-dns') });
  });

  test('cert-manager: CRDs with the release; a ClusterIssuer solving DNS-01 in the named zone, in a chart after the release', () => {
    expect(valuesOf('cert-manager')).toMatchObject({ crds: { enabled: true, keep: true } });
    expect(platform).toHaveResourceMatching('helm_release', { name: 'cert-manager-objects', chart: expect.stringMatching(/^assets\/cert-manager_objects_chart_/), depends_on: [addressOf('cert-manager')] });
  });

  test('velero: the AWS plugin, backups to the named bucket, no credentials secret', () => {
    expect(valuesOf('velero')).toMatchObject({
      credentials: { useSecret: false },
      initContainers: [{ name: 'velero-plugin-for-aws', image: expect.stringMatching(/^velero\/velero-plugin-for-aws:v1\.14\./) }],
      configuration: { backupStorageLocation: [{ provider: 'aws', bucket: 'acme-platform-backups', config: { region: 'eu-west-1' } }] },
    });
  });

  test('cilium: chained to the VPC CNI as its chaining guide says', () => {
    expect(valuesOf('cilium')).toMatchObject({ cni: { chainingMode: 'aws-cni', exclusive: false }, enableIPv4Masquerade: false, routingMode: 'native', endpointRoutes: { enabled: true } });
  });

  test('cluster-proportional-autoscaler scales the coredns Deployment, linear', () => {
    expect(valuesOf('cluster-proportional-autoscaler')).toMatchObject({ options: { target: 'deployment/coredns', namespace: 'kube-system' }, config: { linear: { min: 2, preventSinglePointFailure: true } } });
  });
});

describe('EKS add-ons of the catalogue', () => {
  test('EFS CSI: the add-on with its Pod Identity role, an encrypted file system, a mount target per zone reachable from the nodes only', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: 'aws-efs-csi-driver', pod_identity_association: [{ service_account: 'efs-csi-controller-sa', role_arn: expect.any(String) }] });
    expect(cluster).toHaveResourceMatching('aws_efs_file_system', { encrypted: true, throughput_mode: 'elastic' });
    expect(cluster).toHaveResourceCount('aws_efs_mount_target', 3);
    expect(cluster).toHaveResourceMatching('aws_vpc_security_group_ingress_rule', { from_port: 2049, to_port: 2049, ip_protocol: 'tcp', referenced_security_group_id: expect.stringContaining('aws_security_group.eks_security-groups_node') });
  });

  test('CloudWatch observability: the add-on with its agent role through Pod Identity', () => {
    expect(cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: 'amazon-cloudwatch-observability', pod_identity_association: [{ service_account: 'cloudwatch-agent', role_arn: expect.any(String) }] });
  });
});
