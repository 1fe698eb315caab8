/**
 * A Kubernetes minor upgrade, the most common day-two change: the control plane updates in place,
 * the add-ons nodes need move to the new minor's pins after it, node groups after those; `npm run
 * diff` refuses a jump of more than one minor.
 */
import type { TerraformJson } from '../matchers';
import { synthSpec } from '../support/synth';
import { changesOf, dayTwo, devSpec, summary } from './support';

const dependsOn = (stack: TerraformJson, type: string, name: string) => (stack.resource![type][name].depends_on ?? []) as string[];
const addressOf = (stack: TerraformJson, type: string, addonName?: string) =>
  Object.entries(stack.resource![type]).find(([, body]) => addonName === undefined || body.addon_name === addonName)!;

describe('the upgrade order in the synthesized graph', () => {
  const cluster = synthSpec(devSpec(), 'dev').stacks.cluster!;
  const [clusterName] = addressOf(cluster, 'aws_eks_cluster');
  const [groupName, group] = addressOf(cluster, 'aws_eks_node_group');

  test.each(['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'])('%s: after the control plane, before the node groups', (addon) => {
    const [name] = addressOf(cluster, 'aws_eks_addon', addon);
    expect(dependsOn(cluster, 'aws_eks_addon', name)).toContain(`aws_eks_cluster.${clusterName}`);
    expect(dependsOn(cluster, 'aws_eks_node_group', groupName)).toContain(`aws_eks_addon.${name}`);
  });

  test('node groups follow the control plane version (a reference, so they update after it)', () => {
    expect(group.version).toBe(`\${aws_eks_cluster.${clusterName}.version}`);
  });

  test.each(['coredns', 'aws-ebs-csi-driver'])('%s runs on nodes: after the node groups (created and upgraded once nodes exist)', (addon) => {
    const [name] = addressOf(cluster, 'aws_eks_addon', addon);
    expect(dependsOn(cluster, 'aws_eks_addon', name)).toEqual(expect.arrayContaining([`aws_eks_cluster.${clusterName}`, `aws_eks_node_group.${groupName}`]));
  });
});

describe('upgrading dev from 1.35 to 1.36', () => {
  const diff = dayTwo(devSpec(), (spec) => (spec.eks.kubernetesVersion = '1.36'));

  test('the control plane and the add-ons whose pins change update in place; nothing is blocked', () => {
    expect(changesOf(diff, 'aws_eks_cluster')).toEqual([expect.objectContaining({ action: 'update', changes: [expect.objectContaining({ path: 'version', before: '1.35', after: '1.36', forces: false })] })]);
    const addons = changesOf(diff, 'aws_eks_addon').map((c) => [c.action, c.changes.map((a) => `${a.path}: ${String(a.before)} -> ${String(a.after)}`)]);
    expect(addons).toEqual(
      expect.arrayContaining([
        ['update', ['addon_version: v1.35.3-eksbuild.13 -> v1.36.0-eksbuild.14']],
        ['update', ['addon_version: v1.13.2-eksbuild.4 -> v1.14.3-eksbuild.3']],
      ]),
    );
    expect(summary(diff).filter((line) => !line.includes('update'))).toEqual([]);
    expect(diff.blocked).toEqual([]);
  });

  test('1.34 → 1.36 in one step is refused with the path to take', () => {
    const from134 = devSpec();
    from134.eks.kubernetesVersion = '1.34';
    const jump = dayTwo(from134, (spec) => (spec.eks.kubernetesVersion = '1.36'));
    expect(jump.blocked).toEqual([expect.objectContaining({ reason: 'Kubernetes 1.34 → 1.36 skips 1 minor version(s); EKS upgrades one minor at a time', fix: 'upgrade in steps, applying each: 1.34 → 1.35 → 1.36' })]);
  });
});
