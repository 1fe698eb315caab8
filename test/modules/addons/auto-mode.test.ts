import { BASE_FIELDS, errorOf, synthSpec } from '../../support/synth';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const autoMode = (addons: Record<string, unknown>, eks: Record<string, unknown> = {}) => synthSpec({ ...BASE_FIELDS, vpc: {}, eks: { admins: [ADMIN], computeMode: 'auto', ...eks }, ...addons }, 'auto');

describe('core add-ons on an EKS Auto Mode cluster', () => {
  test.each(['kube-proxy', 'eks-pod-identity-agent'])('%s is refused: Auto Mode has it built in', (addon) => {
    expect(errorOf(() => autoMode({ [addon]: {} }))).toBe(
      `stacks/environments/auto.yaml: ${addon}: the cluster runs EKS Auto Mode with no managed node groups; Auto Mode has ${addon} built in and the add-on runs only on EC2 nodes, so remove the "${addon}" section (or add eks.nodeGroups)`,
    );
  });

  test('coredns is accepted (it runs on Auto Mode nodes)', () => {
    expect(autoMode({ coredns: {} }).stacks.cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: 'coredns' });
  });

  test('with managed node groups beside Auto Mode, the EC2 add-ons are needed and accepted', () => {
    const { cluster } = autoMode({ 'kube-proxy': {} }, { nodeGroups: [{ name: 'batch' }] }).stacks;
    expect(cluster).toHaveResourceMatching('aws_eks_addon', { addon_name: 'kube-proxy' });
  });

  test('the EBS CSI add-on is refused even beside node groups: Auto Mode has its own driver and default StorageClass', () => {
    expect(errorOf(() => autoMode({ 'eks-pod-identity-agent': {}, 'aws-ebs-csi-driver': {} }, { nodeGroups: [{ name: 'batch' }] }))).toBe(
      'stacks/environments/auto.yaml: aws-ebs-csi-driver: the cluster runs EKS Auto Mode, which has its own EBS CSI driver (provisioner ebs.csi.eks.amazonaws.com) and default StorageClass; a second driver would compete for the same claims, so remove the "aws-ebs-csi-driver" section',
    );
  });
});
