import { Namespace } from '@cdktf/provider-kubernetes/lib/namespace';
import { z } from 'zod';
import { ModuleRegistry, defineModule } from '../../../modules';
import { kubernetesProviders } from '../../../modules/shared/kubernetes-providers';
import { vpcModule } from '../../../modules/vpc';
import { BASE_FIELDS, synthSpec } from '../../support/synth';

// Two platform modules that both need the providers: they must share one pair per stack.
const namespaceModule = (name: string) =>
  defineModule({
    name,
    version: '1.0.0',
    description: `creates namespace ${name}`,
    stack: 'platform',
    inputs: z.strictObject({}),
    outputs: {},
    dependsOn: [],
    build(scope, _inputs, context) {
      kubernetesProviders(scope, 'dev-eks', context.environment);
      new Namespace(scope, 'namespace', { metadata: { name } });
      return {};
    },
  });
const registry = new ModuleRegistry().register(vpcModule).register(namespaceModule('team-a')).register(namespaceModule('team-b'));

describe('platform-stack Kubernetes and Helm providers', () => {
  test('exec auth by default: aws eks get-token, endpoint and CA read by cluster name in this stack', () => {
    const { platform } = synthSpec({ ...BASE_FIELDS, vpc: {}, 'team-a': {}, 'team-b': {} }, 'dev', registry).stacks;
    expect(platform).toHaveDataSourceMatching('aws_eks_cluster', { name: 'dev-eks' });
    const exec = { api_version: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', 'dev-eks', '--region', 'eu-west-1'] };
    expect(platform).toHaveProviderBlock('kubernetes', { host: expect.stringMatching(/^\$\{data\.aws_eks_cluster\.\S+\.endpoint\}$/), cluster_ca_certificate: expect.stringContaining('base64decode(data.aws_eks_cluster.'), exec: [exec] });
    // Helm provider 3.x takes `kubernetes` as one object, not a block list.
    expect(platform).toHaveProviderBlock('helm', { kubernetes: { host: expect.stringContaining('.endpoint}'), exec } });
    expect(platform!.provider!.kubernetes).toHaveLength(1);
    expect(platform!.provider!.helm).toHaveLength(1);
  });

  test('token auth reads aws_eks_cluster_auth (runners without the AWS CLI)', () => {
    const { platform } = synthSpec({ ...BASE_FIELDS, kubernetesAuth: 'token', vpc: {}, 'team-a': {} }, 'dev', registry).stacks;
    expect(platform).toHaveDataSourceMatching('aws_eks_cluster_auth', { name: 'dev-eks' });
    expect(platform).toHaveProviderBlock('kubernetes', { token: expect.stringMatching(/^\$\{data\.aws_eks_cluster_auth\.\S+\.token\}$/), exec: undefined });
    expect(platform).toHaveProviderBlock('helm', { kubernetes: { token: expect.stringContaining('aws_eks_cluster_auth') } });
  });

  test('the providers read no value from another stack or an unknown resource', () => {
    const { platform } = synthSpec({ ...BASE_FIELDS, vpc: {}, 'team-a': {} }, 'dev', registry).stacks;
    expect(JSON.stringify(platform!.provider)).not.toMatch(/terraform_remote_state|\$\{aws_/);
  });
});
