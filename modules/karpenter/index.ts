import { eksPodIdentityAgentModule } from '../addons/eks-pod-identity-agent';
import { eksModule } from '../eks';
import type { EksOutputs } from '../eks/outputs';
import { defineModule, withProblems } from '../registry/module';
import { defaultRegistry } from '../registry/registry';
import { kubernetesProviders } from '../shared/kubernetes-providers';
import { KARPENTER_VERSION } from './controller-policy';
import { controllerValues, KarpenterReleases } from './helm';
import { KarpenterIam } from './iam';
import { InterruptionQueue } from './interruption';
import { ec2NodeClassDocument, nodePoolDocument } from './manifests';
import { karpenterInputSchema, karpenterProblems } from './props';

export { KARPENTER_CHART, KARPENTER_VERSION, karpenterControllerPolicy, karpenterControllerPolicyGroups } from './controller-policy';
export { karpenterInputSchema, karpenterProblems, type KarpenterInputs, type NodePoolInput } from './props';
export { ec2NodeClassDocument, nodePoolDocument, type KubernetesDocument } from './manifests';
export { controllerValues, nodePoolChartFiles, stableYaml, KarpenterReleases } from './helm';
export { InterruptionQueue, INTERRUPTION_RULES, interruptionQueuePolicy } from './interruption';
export { KarpenterIam } from './iam';

export interface KarpenterOutputs {
  readonly controllerRoleArn: string;
  readonly nodeRoleArn: string;
  /** Plain string known at synth time. */
  readonly nodeRoleName: string;
  readonly interruptionQueueName: string;
  readonly interruptionQueueArn: string;
  /** Plain string: the pinned Karpenter release (charts and controller policy). */
  readonly karpenterVersion: string;
}

const MODULE_VERSION = '1.0.0';

export const karpenterModule = defineModule({
  name: 'karpenter',
  version: MODULE_VERSION,
  description: 'Karpenter node autoscaling: controller (Pod Identity), node role and access entry, interruption queue and rules, CRD/controller/NodePool Helm releases',
  stack: 'platform',
  inputs: withProblems(karpenterInputSchema, karpenterProblems),
  outputs: {
    controllerRoleArn: 'IAM role of the Karpenter controller (Pod Identity)',
    nodeRoleArn: 'IAM role of the nodes Karpenter launches',
    nodeRoleName: 'Name of that node role (EC2NodeClass spec.role)',
    interruptionQueueName: 'SQS queue Karpenter reads interruption events from',
    interruptionQueueArn: 'ARN of that queue',
    karpenterVersion: 'Karpenter release installed (charts and controller policy)',
  },
  // The controller's AWS credentials come through the Pod Identity agent: depending on the agent's
  // module makes a spec without it fail validation instead of leaving the controller without
  // credentials. vpc is not needed: subnets and the node security group are found by tag.
  dependsOn: [eksModule.name, eksPodIdentityAgentModule.name],
  build(scope, inputs, context): KarpenterOutputs {
    const eks = context.dependency<EksOutputs>(eksModule);
    const { clusterName } = eks;
    const interruption = new InterruptionQueue(scope, 'interruption', { clusterName });
    const iam = new KarpenterIam(scope, 'iam', { eks, environment: context.environment, namespace: inputs.namespace, interruptionQueueArn: interruption.queue.arn });
    const documents = [
      ec2NodeClassDocument({
        clusterName,
        nodeRoleName: iam.nodeRoleName,
        amiAlias: inputs.amiAlias,
        diskSizeGib: inputs.diskSizeGib,
        tags: { ...context.environment.tags, ...inputs.nodeTags },
      }),
      ...inputs.nodePools.map(nodePoolDocument),
    ];
    const { helm } = kubernetesProviders(scope, clusterName, context.environment);
    new KarpenterReleases(scope, 'releases', {
      helm,
      namespace: inputs.namespace,
      controllerValues: controllerValues({ clusterName, interruptionQueueName: interruption.queueName, inputs }),
      documents,
      chartVersion: MODULE_VERSION,
      controllerDependsOn: [iam.controllerRole.rolePolicy, ...(iam.controllerRole.association ? [iam.controllerRole.association] : []), interruption.queue, interruption.policy],
      nodePoolsDependOn: [...iam.nodeRole.grants, iam.nodeAccess.entry, ...interruption.targets],
    });
    return {
      controllerRoleArn: iam.controllerRole.roleArn,
      nodeRoleArn: iam.nodeRole.role.arn,
      nodeRoleName: iam.nodeRoleName,
      interruptionQueueName: interruption.queueName,
      interruptionQueueArn: interruption.queue.arn,
      karpenterVersion: KARPENTER_VERSION,
    };
  },
});

defaultRegistry.register(karpenterModule);
