import { z } from 'zod';
import { eksModule } from '../../eks';
import { cloudWatchObservabilityPolicy, policyCatalogue } from '../../pod-identity/policies';
import { defineModule } from '../../registry/module';
import { defaultRegistry } from '../../registry/registry';
import { eksAddonEntry, registerAddonEntry } from '../catalogue/entry';
import { eksPodIdentityAgentModule } from '../eks-pod-identity-agent';
import { checkPodIdentityVersion, commonAddonShape, podIdentityAddonShape } from '../inputs';
import { ADDON_OUTPUT_DESCRIPTIONS, buildCoreAddon, type AddonOutputs } from '../managed-addon';

export const amazonCloudwatchObservabilityInputs = z.strictObject({ ...commonAddonShape, ...podIdentityAddonShape }).superRefine((inputs, ctx) => checkPodIdentityVersion('amazon-cloudwatch-observability', inputs.version, ctx));

/**
 * The Amazon CloudWatch Observability EKS add-on (CloudWatch agent with Container Insights, Fluent
 * Bit to CloudWatch Logs), after compute; its agent's IAM through Pod Identity on
 * amazon-cloudwatch/cloudwatch-agent with CloudWatchAgentServerPolicy's statements.
 */
export const amazonCloudwatchObservabilityModule = defineModule({
  name: 'amazon-cloudwatch-observability',
  version: '1.0.0',
  description: 'Amazon CloudWatch Observability add-on (Container Insights metrics and logs) with its IAM through Pod Identity',
  stack: 'cluster',
  inputs: amazonCloudwatchObservabilityInputs,
  outputs: { ...ADDON_OUTPUT_DESCRIPTIONS, podIdentityRoleArn: 'IAM role of the CloudWatch agent (through Pod Identity)' },
  dependsOn: [eksModule.name, eksPodIdentityAgentModule.name],
  build(scope, inputs, context): AddonOutputs {
    const agent = context.dependency(eksPodIdentityAgentModule);
    const { namespace, name: serviceAccount } = policyCatalogue['cloudwatch-observability'].serviceAccount;
    return buildCoreAddon(scope, context, {
      name: 'amazon-cloudwatch-observability',
      inputs,
      order: 'after-compute',
      podIdentity: { namespace, serviceAccount, policy: cloudWatchObservabilityPolicy({ partition: context.environment.partition }) },
      dependsOn: [agent.addon],
    });
  },
});

defaultRegistry.register(amazonCloudwatchObservabilityModule);
registerAddonEntry(amazonCloudwatchObservabilityModule.name, () =>
  eksAddonEntry('amazon-cloudwatch-observability', { namespace: 'amazon-cloudwatch', serviceAccount: 'cloudwatch-agent', iam: 'cloudwatch-observability', placement: 'any', provides: [] }),
);
