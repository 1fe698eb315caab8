import { z } from 'zod';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { ModuleRegistry, RESERVED_SPEC_KEYS, defaultRegistry, RegistryError, defineModule, type AnyModuleDefinition, type StackTier } from '../../../modules';
import { vpcModule, type VpcOutputs } from '../../../modules/vpc';
import { environmentFields } from '../../../stacks/spec';
import { BASE_FIELDS, errorOf, parseSpec, synthSpec } from '../../support/synth';

/** A module that builds nothing: enough to exercise ordering and validation. */
function stub(name: string, dependsOn: string[] = [], stack: StackTier = 'cluster', inputs: z.ZodType = z.strictObject({})): AnyModuleDefinition {
  return defineModule({ name, version: '1.0.0', description: `${name} stub`, stack, inputs, outputs: {}, dependsOn, build: () => ({}) });
}

function registryOf(...definitions: AnyModuleDefinition[]): ModuleRegistry {
  const registry = new ModuleRegistry();
  for (const definition of definitions) registry.register(definition);
  return registry;
}

const FILE = 'stacks/environments/test.yaml';

describe('registration', () => {
  test('a duplicate name is refused with both versions', () => {
    const registry = registryOf(stub('cache'));
    expect(() => registry.register({ ...stub('cache'), version: '2.0.0' })).toThrow(new RegistryError('module "cache" is registered twice (versions 1.0.0 and 2.0.0); give the second one another name'));
  });

  test.each([
    [{ name: 'My_Module' }, 'module name "My_Module" must be lower-case words joined by dashes, e.g. "pod-identity"'],
    [{ name: 'region' }, `module name "region" is reserved for the environment spec's own fields (${RESERVED_SPEC_KEYS.join(', ')})`],
    [{ version: '1.0' }, 'module "ok": version "1.0" is not semantic (expected MAJOR.MINOR.PATCH)'],
    [{ description: 'two\nlines' }, 'module "ok": description must be one non-empty line'],
  ])('bad metadata %o', (override, message) => {
    expect(() => new ModuleRegistry().register({ ...stub('ok'), ...override })).toThrow(message);
  });

  test('the reserved keys are exactly the spec\'s own fields', () => {
    expect([...RESERVED_SPEC_KEYS].sort()).toEqual(Object.keys(environmentFields.shape).sort());
  });

  test('get() suggests the closest name', () => {
    expect(() => registryOf(vpcModule).get('vcp')).toThrow('unknown module "vcp" (did you mean "vpc"?); registered: vpc');
  });
});

describe('resolving an environment\'s modules', () => {
  const registry = registryOf(stub('base', [], 'network'), stub('mid', ['base']), stub('top', ['mid', 'base'], 'platform'), stub('side', ['base']));

  test('dependency order, stack tiers first, whatever order the spec lists them in', () => {
    const { order, issues } = registry.resolve(['top', 'side', 'mid', 'base']);
    expect(issues).toEqual([]);
    expect(order.map((m) => m.name)).toEqual(['base', 'mid', 'side', 'top']);
    expect(registry.resolve(['base', 'mid', 'side', 'top']).order.map((m) => m.name)).toEqual(['base', 'mid', 'side', 'top']);
  });

  test('an unknown module, with the closest name', () => {
    expect(errorOf(() => parseSpec({ ...BASE_FIELDS, vcp: {} }))).toBe(`${FILE}: vcp: unknown module (did you mean "vpc"?); registered modules: ${defaultRegistry.names().join(', ')}`);
  });

  test('a dependency the environment does not list', () => {
    expect(registry.resolve(['mid']).issues).toEqual([{ path: 'mid', message: 'module "mid" depends on "base", which this environment does not list; add a "base:" section' }]);
  });

  test('a dependency that is not registered at all', () => {
    const broken = registryOf(stub('lonely', ['ghost']));
    expect(broken.resolve(['lonely']).issues).toEqual([{ path: 'lonely', message: 'module "lonely" depends on "ghost", which is not registered' }]);
  });

  test('a dependency cycle is printed', () => {
    const cyclic = registryOf(stub('a', ['c']), stub('b', ['a']), stub('c', ['b']));
    expect(cyclic.resolve(['a', 'b', 'c']).issues).toEqual([{ path: 'a', message: 'dependency cycle: a -> c -> b -> a; remove one of these dependencies' }]);
  });

  test('a module may not depend on a later stack', () => {
    const backwards = registryOf(stub('net', ['app'], 'network'), stub('app', [], 'platform'));
    expect(backwards.resolve(['net', 'app']).issues).toEqual([
      { path: 'net', message: 'module "net" (network stack) depends on "app" (platform stack), which is deployed after it; a module can only read modules in its own or an earlier stack' },
    ]);
  });

  test('invalid inputs are reported with the module name as the path root', () => {
    const typed = registryOf(stub('cache', [], 'cluster', z.strictObject({ nodes: z.number().int().min(1).default(2) })));
    expect(errorOf(() => parseSpec({ ...BASE_FIELDS, cache: { nodes: 0 } }, 'test', typed))).toBe(`${FILE}: cache.nodes: expected a number >= 1, got 0`);
    expect(errorOf(() => parseSpec({ ...BASE_FIELDS, cache: { nodes: 'two' } }, 'test', typed))).toBe(`${FILE}: cache.nodes: expected number, got a string "two"`);
  });
});

describe('a module from user code, through the public API', () => {
  const vpcIdParameter = defineModule({
    name: 'vpc-id-parameter',
    version: '1.0.0',
    description: 'Publishes the VPC id in SSM',
    stack: 'cluster',
    inputs: z.strictObject({ path: z.string().default('/platform/vpc-id') }),
    outputs: { parameterName: 'SSM parameter name' },
    dependsOn: [vpcModule.name],
    build(scope, inputs, context) {
      const vpc = context.dependency<VpcOutputs>(vpcModule);
      return { parameterName: new SsmParameter(scope, 'parameter', { name: inputs.path, type: 'String', value: vpc.vpcId }).name };
    },
  });
  const registry = registryOf(vpcModule, vpcIdParameter);

  test('reads the VPC across stacks through remote state, and is tagged with its own name', () => {
    const { cluster, network } = synthSpec({ ...BASE_FIELDS, vpc: {}, 'vpc-id-parameter': {} }, 'custom', registry).stacks;
    expect(cluster).toHaveResourceMatching('aws_ssm_parameter', { name: '/platform/vpc-id', value: expect.stringMatching(/^\$\{data\.terraform_remote_state\.\S+\.outputs\.\S+\}$/), tags: { module: 'vpc-id-parameter', 'module-version': '1.0.0' } });
    expect(cluster).toHaveOutput('vpc_id_parameter_parameter_name');
    expect(network).toHaveOutput('vpc_id');
  });

  test('reading a module it did not declare is refused', () => {
    const sneaky = defineModule({ ...vpcIdParameter, name: 'sneaky', dependsOn: [], build: (_scope, _inputs, context) => ({ parameterName: context.dependency(vpcModule).vpcId }) });
    const withSneaky = registryOf(vpcModule, sneaky);
    expect(errorOf(() => synthSpec({ ...BASE_FIELDS, vpc: {}, sneaky: {} }, 'custom', withSneaky))).toBe('stacks/environments/custom.yaml: module "sneaky" reads the outputs of "vpc" but does not list it in dependsOn');
  });
});
