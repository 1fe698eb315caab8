import type { ITerraformDependable } from 'cdktf';
import { registerAddonEntry } from '../addons/catalogue/entry';
import { eksPodIdentityAgentModule } from '../addons/eks-pod-identity-agent';
import { eksModule, SPOT_ROLE_HINT } from '../eks';
import type { EksOutputs } from '../eks/outputs';
import { InputProblems } from '../registry/errors';
import { defineModule, withProblems } from '../registry/module';
import { defaultRegistry } from '../registry/registry';
import { kubernetesProviders } from '../shared/kubernetes-providers';
import { KARPENTER_CHART, KARPENTER_VERSION } from './controller-policy';
import { assertCrdValid, withCrdValidation } from './crd-problems';
import { controllerValues, KarpenterReleases } from './helm';
import { KarpenterIam } from './iam';
import { InterruptionQueue } from './interruption';
import { karpenterDocuments } from './manifests';
import { KARPENTER_SERVICE_ACCOUNT, karpenterInputSchema, karpenterProblems } from './props';

export { KARPENTER_CHART, KARPENTER_VERSION, karpenterControllerPolicy, karpenterControllerPolicyGroups } from './controller-policy';
export { karpenterInputSchema, karpenterProblems, type KarpenterInputs, type NodePoolInput } from './props';
export { ec2NodeClassDocument, karpenterDocuments, nodePoolDocument, type KubernetesDocument, type SourcedDocument } from './manifests';
export { crdViolations, describeViolation, type CrdViolation } from './crd-validation';
export { assertCrdValid, crdProblems, withCrdValidation } from './crd-problems';
export { controllerValues, nodePoolChartFiles, KarpenterReleases } from './helm';
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
  // Field checks, then unique names, then every generated document against the vendored CRDs.
  inputs: withCrdValidation(withProblems(karpenterInputSchema, karpenterProblems)),
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
  // Its webhook and Service are created after the Load Balancer Controller's service webhook is up.
  after: ['aws-load-balancer-controller'],
  build(scope, inputs, context): KarpenterOutputs {
    const eks = context.dependency<EksOutputs>(eksModule);
    if (eks.computeMode === 'auto') {
      throw new InputProblems({ path: [], message: 'the cluster runs EKS Auto Mode, which runs Karpenter itself (its built-in NodePools, no node-role=system nodes for this controller); remove this section and use Auto Mode NodePools, or set eks.computeMode: node-groups' });
    }
    const { clusterName } = eks;
    if (!eks.spotServiceLinkedRole && inputs.nodePools.some((pool) => pool.capacityTypes.includes('spot'))) context.warn('nodePools', SPOT_ROLE_HINT);
    const interruption = new InterruptionQueue(scope, 'interruption', { clusterName });
    const iam = new KarpenterIam(scope, 'iam', { eks, environment: context.environment, namespace: inputs.namespace, interruptionQueueArn: interruption.queue.arn });
    const sourced = karpenterDocuments(inputs, { clusterName, nodeRoleName: iam.nodeRoleName, environmentTags: context.environment.tags });
    // The inputs were validated against the CRDs with placeholders for the cluster, the node role and
    // the environment's tags: the EC2NodeClass is validated again with the real ones. The NodePools
    // are functions of the inputs alone, the very documents validated then.
    assertCrdValid(
      sourced.filter((s) => s.document.kind === 'EC2NodeClass'),
      inputs.nodeTags,
    );
    const documents = sourced.map((s) => s.document);
    const { helm } = kubernetesProviders(scope, clusterName, context.environment);
    new KarpenterReleases(scope, 'releases', {
      helm,
      namespace: inputs.namespace,
      controllerValues: controllerValues({ clusterName, interruptionQueueName: interruption.queueName, inputs }),
      documents,
      chartVersion: MODULE_VERSION,
      controllerDependsOn: [
        iam.controllerRole.rolePolicy,
        ...(iam.controllerRole.association ? [iam.controllerRole.association] : []),
        interruption.queue,
        interruption.policy,
        ...[context.ifPresent<{ release?: ITerraformDependable }>({ name: 'aws-load-balancer-controller' })?.release].filter((r): r is ITerraformDependable => r !== undefined),
      ],
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
registerAddonEntry(karpenterModule.name, () => ({
  kind: 'helm',
  package: KARPENTER_CHART.controllerChart,
  version: KARPENTER_VERSION,
  repository: KARPENTER_CHART.repository,
  namespace: 'kube-system',
  serviceAccount: KARPENTER_SERVICE_ACCOUNT,
  iam: 'karpenter controller (its own policy, modules/karpenter/controller-policy.ts)',
  placement: 'system',
  provides: [],
}));
