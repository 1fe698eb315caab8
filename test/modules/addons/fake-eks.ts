import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { dependable, type ITerraformDependable } from 'cdktf';
import { z } from 'zod';
import { awsEbsCsiDriverModule, corednsModule, eksPodIdentityAgentModule, kubeProxyModule, vpcCniModule } from '../../../modules/addons';
import type { EksOutputs } from '../../../modules/eks/outputs';
import { podIdentityModule } from '../../../modules/pod-identity';
import { ModuleRegistry, defineModule } from '../../../modules/registry';
import { vpcModule, type VpcOutputs } from '../../../modules/vpc';

/**
 * A stand-in for the `eks` module: one aws_eks_cluster and one system node group, with
 * `addComputeDependency` recording into the node group's `depends_on`, exactly the contract
 * EksOutputs promises. It stays beside the real module on purpose: it accepts what the real one
 * rejects earlier (an unsupported Kubernetes minor, a spec without admins), so the add-ons' and
 * Pod Identity's own guards can be tested in isolation.
 */
export const fakeEksModule = defineModule({
  name: 'eks',
  version: '0.0.1',
  description: 'Test double of the eks module: a cluster and a system node group',
  stack: 'cluster',
  inputs: z.strictObject({ kubernetesVersion: z.string().default('1.35') }),
  outputs: { clusterName: 'Cluster name' },
  dependsOn: ['vpc'],
  build(scope, inputs, context): EksOutputs {
    const vpc = context.dependency(vpcModule) as VpcOutputs;
    const clusterName = context.environment.name;
    const cluster = new EksCluster(scope, 'cluster', {
      name: clusterName,
      version: inputs.kubernetesVersion,
      roleArn: `arn:aws:iam::${context.environment.accountId}:role/${clusterName}-cluster`,
      vpcConfig: { subnetIds: vpc.privateSubnetIds },
    });
    const nodeGroup = new EksNodeGroup(scope, 'system-nodes', {
      clusterName: cluster.name,
      nodeGroupName: 'system',
      nodeRoleArn: `arn:aws:iam::${context.environment.accountId}:role/${clusterName}-nodes`,
      subnetIds: vpc.privateSubnetIds,
      scalingConfig: { minSize: 2, maxSize: 3, desiredSize: 2 },
      taint: [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }],
    });
    return {
      clusterName,
      clusterArn: cluster.arn,
      clusterEndpoint: cluster.endpoint,
      clusterCertificateAuthorityData: cluster.certificateAuthority.get(0).data,
      oidcIssuerUrl: cluster.identity.get(0).oidc.get(0).issuer,
      kubernetesVersion: inputs.kubernetesVersion,
      clusterSecurityGroupId: cluster.vpcConfig.clusterSecurityGroupId,
      clusterRoleName: `${clusterName}-eks-cluster`,
      nodeSecurityGroupId: cluster.vpcConfig.clusterSecurityGroupId,
      nodeRoleArn: nodeGroup.nodeRoleArn,
      nodeRoleName: `${clusterName}-nodes`,
      addComputeDependency(dependency: ITerraformDependable) {
        // `dependable`, not `.fqn`: the latter renders as "${...}", which depends_on does not take.
        nodeGroup.dependsOn = [...(nodeGroup.dependsOn ?? []), dependable(dependency)];
      },
      computeMode: 'node-groups',
      managedNodeGroupCount: 1,
      computeResources: [nodeGroup],
      cluster,
    };
  },
});

/** vpc, the fake eks, pod-identity and the five core add-ons, in a registry of their own. */
export function testRegistry(): ModuleRegistry {
  return new ModuleRegistry()
    .register(vpcModule)
    .register(fakeEksModule)
    .register(podIdentityModule)
    .register(eksPodIdentityAgentModule)
    .register(vpcCniModule)
    .register(kubeProxyModule)
    .register(corednsModule)
    .register(awsEbsCsiDriverModule);
}

/** An environment with every core add-on, at their defaults. */
export const ALL_ADDONS = { 'eks-pod-identity-agent': {}, 'vpc-cni': {}, 'kube-proxy': {}, coredns: {}, 'aws-ebs-csi-driver': {} } as const;
