import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

export interface SecurityGroupRule {
  /** Construct id suffix; keep stable (it names the resource in state). */
  readonly id: string;
  readonly description: string;
  readonly protocol: 'tcp' | 'udp' | '-1';
  readonly fromPort?: number;
  readonly toPort?: number;
  /** Where ingress comes from: the control plane's security group, or the node group itself. */
  readonly source: 'cluster' | 'self';
}

/**
 * Node security group ingress, after terraform-aws-modules/eks `node_groups.tf`
 * (`node_security_group_rules` + `node_security_group_recommended_rules`, v21), which follows
 * https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html plus the webhook ports the
 * common controllers listen on. Managed nodes also carry the EKS cluster security group, which
 * already lets nodes and control plane talk on every port; these rules are what a node keeps when it
 * carries our group alone (Karpenter nodes discover it by tag).
 */
export const NODE_INGRESS_RULES: readonly SecurityGroupRule[] = [
  { id: 'cluster-443', description: 'Cluster API to node groups (webhooks and aggregated APIs on 443)', protocol: 'tcp', fromPort: 443, toPort: 443, source: 'cluster' },
  { id: 'cluster-kubelet', description: 'Cluster API to node kubelets (logs, exec, port-forward)', protocol: 'tcp', fromPort: 10250, toPort: 10250, source: 'cluster' },
  { id: 'cluster-4443', description: 'Cluster API to node 4443/tcp webhook (metrics-server, legacy port)', protocol: 'tcp', fromPort: 4443, toPort: 4443, source: 'cluster' },
  { id: 'cluster-6443', description: 'Cluster API to node 6443/tcp webhook (prometheus-adapter)', protocol: 'tcp', fromPort: 6443, toPort: 6443, source: 'cluster' },
  { id: 'cluster-8443', description: 'Cluster API to node 8443/tcp webhook (Karpenter)', protocol: 'tcp', fromPort: 8443, toPort: 8443, source: 'cluster' },
  { id: 'cluster-9443', description: 'Cluster API to node 9443/tcp webhook (AWS Load Balancer Controller, NGINX)', protocol: 'tcp', fromPort: 9443, toPort: 9443, source: 'cluster' },
  { id: 'cluster-10251', description: 'Cluster API to node 10251/tcp webhook (metrics-server, current EKS default port)', protocol: 'tcp', fromPort: 10251, toPort: 10251, source: 'cluster' },
  { id: 'self-coredns-tcp', description: 'Node to node CoreDNS (TCP)', protocol: 'tcp', fromPort: 53, toPort: 53, source: 'self' },
  { id: 'self-coredns-udp', description: 'Node to node CoreDNS (UDP)', protocol: 'udp', fromPort: 53, toPort: 53, source: 'self' },
  { id: 'self-ephemeral', description: 'Node to node on ephemeral ports (pod-to-pod traffic across nodes)', protocol: 'tcp', fromPort: 1025, toPort: 65535, source: 'self' },
];

export interface ClusterSecurityGroupsProps {
  readonly clusterName: string;
  readonly vpcId: string;
}

/**
 * Two groups: one we attach to the control-plane ENIs (beside the one EKS creates), and one for
 * nodes, tagged for Karpenter's discovery. Rules are separate resources (never inline) so adding
 * one is a single create, not a rewrite of the group.
 */
export class ClusterSecurityGroups extends Construct {
  readonly clusterGroup: SecurityGroup;
  readonly nodeGroup: SecurityGroup;
  /** Every rule, so the cluster can wait for them (nodes must reach the API on first boot). */
  readonly rules: (VpcSecurityGroupIngressRule | VpcSecurityGroupEgressRule)[] = [];

  constructor(scope: Construct, id: string, props: ClusterSecurityGroupsProps) {
    super(scope, id);
    const { clusterName } = props;
    // Named by prefix and created before the old one is destroyed: `description` and `name` force a
    // new group, and deleting one that ENIs still use hangs on DependencyViolation, so the new group
    // is attached (cluster, launch templates) before the old one goes.
    this.clusterGroup = new SecurityGroup(this, 'cluster', {
      namePrefix: `${clusterName}-cluster-`,
      description: `EKS control plane ENIs of ${clusterName}, beside the EKS-created cluster security group`,
      vpcId: props.vpcId,
      tags: { Name: `${clusterName}-cluster` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.nodeGroup = new SecurityGroup(this, 'node', {
      namePrefix: `${clusterName}-node-`,
      description: `EKS nodes of ${clusterName}`,
      vpcId: props.vpcId,
      tags: { Name: `${clusterName}-node`, [`kubernetes.io/cluster/${clusterName}`]: 'owned', 'karpenter.sh/discovery': clusterName },
      lifecycle: { createBeforeDestroy: true },
    });

    this.rules.push(
      new VpcSecurityGroupIngressRule(this, 'cluster-from-nodes-443', {
        securityGroupId: this.clusterGroup.id,
        description: 'Nodes to the cluster API (kubelet, add-ons, pods)',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        referencedSecurityGroupId: this.nodeGroup.id,
      }),
    );
    for (const rule of NODE_INGRESS_RULES) {
      this.rules.push(
        new VpcSecurityGroupIngressRule(this, `node-from-${rule.id}`, {
          securityGroupId: this.nodeGroup.id,
          description: rule.description,
          ipProtocol: rule.protocol,
          fromPort: rule.fromPort,
          toPort: rule.toPort,
          referencedSecurityGroupId: rule.source === 'cluster' ? this.clusterGroup.id : this.nodeGroup.id,
        }),
      );
    }
    this.rules.push(
      new VpcSecurityGroupEgressRule(this, 'node-egress-all', {
        securityGroupId: this.nodeGroup.id,
        // Nodes pull images (ECR, S3), get credentials (STS, EKS Auth) and reach the API server; without
        // interface endpoints for all of those, that is the internet through NAT.
        description: 'All egress: ECR, S3, STS and EKS APIs (through NAT or VPC endpoints), the cluster API and pods',
        ipProtocol: '-1',
        cidrIpv4: '0.0.0.0/0',
      }),
    );
  }
}
