import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { chartFacts } from '../../../../modules/addons/catalogue';
import { kubeVersionProblem } from '../../../../modules/addons/catalogue/define';
import { errorOf, parseSpec, synthSpec } from '../../../support/synth';

const FILE = 'stacks/environments/dev.yaml';
/** The shipped dev spec with add-ons added or changed, as a user would edit it. */
const dev = (extra: Record<string, unknown>) => ({ ...(parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>), ...extra });
const rejected = (extra: Record<string, unknown>, options: { synth?: boolean } = {}) => errorOf(() => (options.synth ? synthSpec(dev(extra), 'dev') : parseSpec(dev(extra), 'dev'))).split('\n');

describe('the add-on catalogue refuses, with one clear message and nothing written', () => {
  test('an unknown add-on, with the closest name', () => {
    expect(rejected({ 'aws-load-balancer-controler': {} })).toEqual([expect.stringMatching(/^stacks\/environments\/dev\.yaml: aws-load-balancer-controler: unknown module \(did you mean "aws-load-balancer-controller"\?\); registered modules: /)]);
  });

  test('a missing dependency: an add-on with AWS permissions on node groups needs the Pod Identity agent', () => {
    const spec = dev({ velero: { bucketName: 'acme-backups' } });
    for (const key of ['eks-pod-identity-agent', 'vpc-cni', 'aws-ebs-csi-driver', 'karpenter']) delete spec[key];
    expect(errorOf(() => synthSpec(spec, 'dev'))).toBe(`${FILE}: velero: its IAM comes through EKS Pod Identity, whose agent the eks-pod-identity-agent module installs; add an "eks-pod-identity-agent:" section`);
    // A module it reads the outputs of is required by the registry itself.
    expect(errorOf(() => parseSpec({ ...dev({ 'metrics-server': {} }), eks: undefined }, 'dev'))).toMatch(/metrics-server: module "metrics-server" depends on "eks", which this environment does not list; add a "eks:" section/);
  });

  test('a conflict: cluster-proportional-autoscaler beside the CoreDNS add-on\'s own autoscaling', () => {
    expect(rejected({ 'cluster-proportional-autoscaler': {} })).toEqual([
      `${FILE}: cluster-proportional-autoscaler: conflicts with coredns: the CoreDNS add-on's own autoscaling is on (coredns.autoScaling.enabled), and two autoscalers would fight over the replica count; set coredns.autoScaling.enabled: false or remove this section`,
    ]);
    expect(() => parseSpec(dev({ 'cluster-proportional-autoscaler': {}, coredns: { autoScaling: { enabled: false } } }), 'dev')).not.toThrow();
  });

  test('a conflict: Cilium replacing kube-proxy beside the kube-proxy add-on', () => {
    expect(rejected({ cilium: { kubeProxyReplacement: true } })).toEqual([
      `${FILE}: cilium: conflicts with kube-proxy: cilium.kubeProxyReplacement is on, so Cilium serves Services and kube-proxy must not run too; remove the "kube-proxy" section (or turn kubeProxyReplacement off)`,
    ]);
  });

  test('the Load Balancer Controller on EKS Auto Mode, which has its own', () => {
    const auto = dev({ 'aws-load-balancer-controller': {} }) as Record<string, any>;
    auto.eks = { ...auto.eks, computeMode: 'auto' };
    delete auto.eks.systemNodeGroup;
    // Auto Mode brings the CNI, kube-proxy, the EBS driver and the Pod Identity agent itself.
    for (const key of ['eks-pod-identity-agent', 'vpc-cni', 'kube-proxy', 'aws-ebs-csi-driver', 'karpenter']) delete auto[key];
    expect(errorOf(() => synthSpec(auto, 'dev')).split('\n')).toEqual([
      `${FILE}: aws-load-balancer-controller: the cluster runs EKS Auto Mode, whose built-in load balancing controller already serves Ingresses and Services; two controllers would fight over them, so remove this section`,
    ]);
  });

  test('a role name for an add-on that makes no IAM role is refused, not ignored', () => {
    // Add-ons that never call AWS no longer take the input (2.0.0): the spec is told what to do.
    const required: Record<string, Record<string, unknown>> = { opencost: { prometheusUrl: 'http://prometheus-server.prometheus.svc:80' } };
    for (const addon of ['metrics-server', 'falco', 'opencost', 'cilium']) {
      expect(rejected({ [addon]: { ...required[addon], podIdentityRoleName: 'my-role' } })).toEqual([
        `${FILE}: ${addon}.podIdentityRoleName: was removed in ${addon} 2.0.0: delete it (no role was ever made with it, so nothing in AWS changes)`,
      ]);
    }
    // A spec pinned to 1.x is told why the major changed.
    expect(rejected({ 'metrics-server': {}, moduleVersions: { 'metrics-server': 1 } })).toEqual([
      `${FILE}: moduleVersions.metrics-server: this environment was written for metrics-server 1.x; the registry has 2.0.0. Migration 1.x → 2.0: podIdentityRoleName removed: this add-on calls no AWS API and never made a role, so the input did nothing (podIdentityRoleName was removed: delete it (no role was ever made with it, so nothing in AWS changes)). Then set moduleVersions.metrics-server: 2`,
    ]);
    // cert-manager calls AWS only for a Route 53 ClusterIssuer.
    expect(rejected({ 'cert-manager': { podIdentityRoleName: 'my-role' } }, { synth: true })).toEqual([
      `${FILE}: cert-manager.podIdentityRoleName: no IAM role is made with these inputs (cert-manager calls AWS only for a Route 53 clusterIssuer); remove podIdentityRoleName`,
    ]);
  });

  test('a misspelt value of a chart with values.schema.json: the key, the chart version and the closest key', () => {
    expect(rejected({ 'external-dns': { hostedZoneIds: ['Z0123456789ABC'], values: { txtOwnerID: 'x' } } }, { synth: true })).toEqual([
      `${FILE}: external-dns.values.txtOwnerID: unknown value "txtOwnerID" for chart external-dns 1.21.1 (did you mean "txtOwnerId"?) (not in its values.yaml nor required by its values.schema.json, so Helm would ignore it)`,
    ]);
  });

  test('a wrong type for a chart with values.schema.json', () => {
    expect(rejected({ 'external-dns': { hostedZoneIds: ['Z0123456789ABC'], values: { interval: 60 } } }, { synth: true })).toEqual([`${FILE}: external-dns.values.interval: interval must be string (chart external-dns 1.21.1 values.schema.json)`]);
  });

  test('a misspelt value of a chart without a schema: checked against its values.yaml', () => {
    expect(rejected({ 'metrics-server': { values: { replica: 3 } } }, { synth: true })).toEqual([
      `${FILE}: metrics-server.values.replica: unknown value "replica" for chart metrics-server 3.13.1 (did you mean "replicas"?) (not in its values.yaml, so Helm would ignore it)`,
    ]);
  });

  test('a value the chart documents is merged over ours', () => {
    const { stacks } = synthSpec(dev({ 'metrics-server': { values: { replicas: 3, args: ['--kubelet-insecure-tls'] } } }), 'dev');
    expect(stacks.platform).toHaveResourceMatching('helm_release', { name: 'metrics-server', values: [expect.stringContaining('replicas: 3')] });
    expect(stacks.platform).toHaveResourceMatching('helm_release', { name: 'metrics-server', values: [expect.stringContaining('- --kubelet-insecure-tls')] });
  });

  test('a Kubernetes version outside the chart\'s declared range (Chart.yaml kubeVersion)', () => {
    expect(kubeVersionProblem(chartFacts('cert-manager'), '1.21')).toBe('chart cert-manager v1.21.1 requires Kubernetes >= 1.22.0-0 (its Chart.yaml kubeVersion), and the cluster runs 1.21');
    expect(kubeVersionProblem(chartFacts('cert-manager'), '1.36')).toBeUndefined();
  });

  test('input the add-on itself refuses: external-dns with no zone, external-secrets with nothing to read', () => {
    expect(rejected({ 'external-dns': { hostedZoneIds: [] } })).toEqual([`${FILE}: external-dns.hostedZoneIds: expected a list with item count >= 1, got []`]);
    expect(rejected({ 'external-secrets': {} })).toEqual([`${FILE}: external-secrets.secretArns: external-secrets needs something to read: give secretArns or parameterPathPrefixes (its IAM policy names exactly those)`]);
  });

  test('a pod-identity role for a service account an add-on module already associates', () => {
    expect(rejected({ 'external-dns': { hostedZoneIds: ['Z0123456789ABC'] }, 'pod-identity': { roles: [{ policy: 'external-dns', options: { hostedZoneIds: ['Z0123456789ABC'] } }] } }, { synth: true })).toEqual([
      `${FILE}: pod-identity.roles[0].policy: the external-dns module in this environment creates this role and its Pod Identity association itself, and EKS allows one association per service account; remove this role`,
    ]);
  });
});
