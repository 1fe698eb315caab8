import { loadEnvironment } from '../../stacks/load';
import type { TerraformJson } from '../../verify/terraform-json';
import { cyclesIn, expressionsOf, traversalsOf, validateStacks } from '../../verify/validate';
import { providerSchemas } from '../../verify/provider-schema';
import { synthParsed } from '../support/synth';

// One schema cache for the file: each provider type is loaded from the bindings once.
const schemas = providerSchemas();
let dev: Record<string, TerraformJson>;
beforeAll(() => {
  const { stacks } = synthParsed(loadEnvironment('dev'));
  dev = { 'dev-network': stacks.network!, 'dev-cluster': stacks.cluster! };
});

/** The dev output with one stack changed by `mutate` (on a deep copy); the errors of that stack. */
function errorsAfter(stack: 'dev-network' | 'dev-cluster', mutate: (tf: TerraformJson & Record<string, any>) => void): string[] {
  const copy = JSON.parse(JSON.stringify(dev)) as Record<string, TerraformJson>;
  mutate(copy[stack] as TerraformJson & Record<string, any>);
  return validateStacks(copy, schemas).find((r) => r.stack === stack)!.errors;
}
const firstId = (tf: TerraformJson, type: string, kind: 'resource' | 'data' = 'resource'): string => Object.keys(tf[kind]![type])[0];

describe('npm run validate (offline)', () => {
  test('the shipped dev output is valid, with every reference checked', () => {
    const results = validateStacks(dev, schemas);
    for (const r of results) {
      expect({ stack: r.stack, errors: r.errors, warnings: r.warnings }).toEqual({ stack: r.stack, errors: [], warnings: [] });
      expect(r.counts.references).toBeGreaterThan(50);
    }
  });

  test('a reference to an undeclared resource', () => {
    const errors = errorsAfter('dev-cluster', (tf) => {
      const id = firstId(tf, 'aws_eks_cluster');
      tf.resource!.aws_eks_cluster[id].role_arn = '${aws_iam_role.missing_role.arn}';
    });
    expect(errors).toEqual([expect.stringMatching(/^aws_eks_cluster\.\S+\.role_arn: aws_iam_role\.missing_role\.arn: refers to aws_iam_role\.missing_role, which this stack does not declare/)]);
  });

  test('a reference to a type the stack has none of, and to an undeclared variable', () => {
    const errors = errorsAfter('dev-network', (tf) => {
      tf.output!.vpc_id.value = '${aws_eks_cluster.nope.name}-${var.suffix}';
    });
    expect(errors).toEqual([
      'output.vpc_id.value: aws_eks_cluster.nope.name: refers to aws_eks_cluster.nope, which this stack does not declare (no resource of type aws_eks_cluster here)',
      'output.vpc_id.value: var.suffix: no variable "suffix" is declared',
    ]);
  });

  test('an attribute the type does not export, top-level and nested', () => {
    const errors = errorsAfter('dev-cluster', (tf) => {
      const id = firstId(tf, 'aws_eks_cluster');
      tf.output!.eks_cluster_endpoint.value = `\${aws_eks_cluster.${id}.endpont}`;
      tf.output!.eks_cluster_certificate_authority_data.value = `\${aws_eks_cluster.${id}.certificate_authority[0].dat}`;
    });
    expect(errors).toEqual([
      expect.stringMatching(/^output\.eks_cluster_certificate_authority_data\.value: aws_eks_cluster\.\S+\.certificate_authority\[0\]\.dat: "dat" is not an attribute of this type \(did you mean "data"\?\)$/),
      expect.stringMatching(/^output\.eks_cluster_endpoint\.value: aws_eks_cluster\.\S+\.endpont: "endpont" is not an attribute of this type \(did you mean "endpoint"\?\)$/),
    ]);
  });

  test('computed and nested attributes read from the bindings are accepted', () => {
    const errors = errorsAfter('dev-cluster', (tf) => {
      const id = firstId(tf, 'aws_eks_cluster');
      tf.output!.eks_cluster_arn.value = `\${aws_eks_cluster.${id}.identity[0].oidc[0].issuer} \${aws_eks_cluster.${id}.vpc_config[0].cluster_security_group_id} \${aws_eks_cluster.${id}.status}`;
    });
    expect(errors).toEqual([]);
  });

  test('an argument the type does not accept, top-level and in a nested block', () => {
    const errors = errorsAfter('dev-cluster', (tf) => {
      const id = firstId(tf, 'aws_eks_cluster');
      const cluster = tf.resource!.aws_eks_cluster[id] as Record<string, any>;
      cluster.role_ar = cluster.role_arn;
      cluster.vpc_config.endpoint_public_acess = false;
    });
    expect(errors).toEqual([
      expect.stringMatching(/^aws_eks_cluster\.\S+\.vpc_config: unknown argument "endpoint_public_acess" \(did you mean "endpoint_public_access"\?\)$/),
      expect.stringMatching(/^aws_eks_cluster\.\S+: unknown argument "role_ar" \(did you mean "role_arn"\?\)$/),
    ]);
  });

  test('an unknown resource type, and an empty block', () => {
    const errors = errorsAfter('dev-network', (tf) => {
      tf.resource!.aws_vpcc = { extra: { cidr_block: '10.9.0.0/16' } };
      const id = firstId(tf, 'aws_flow_log');
      (tf.resource!.aws_flow_log[id] as Record<string, unknown>).destination_options = {};
    });
    expect(errors).toEqual([expect.stringMatching(/^aws_flow_log\.\S+\.destination_options: empty block; it sets nothing/), 'aws_vpcc.extra: unknown resource type "aws_vpcc" (did you mean "aws_vpc"?)']);
  });

  test('a dependency cycle through depends_on and references', () => {
    const errors = errorsAfter('dev-network', (tf) => {
      const vpc = firstId(tf, 'aws_vpc');
      const igw = firstId(tf, 'aws_internet_gateway');
      (tf.resource!.aws_vpc[vpc] as Record<string, unknown>).depends_on = [`aws_internet_gateway.${igw}`];
    });
    expect(errors).toEqual([expect.stringMatching(/^dependency cycle: aws_vpc\.\S+ → aws_internet_gateway\.\S+ → aws_vpc\.\S+$/)]);
  });

  test('a stack that configures no provider for its resources', () => {
    const errors = errorsAfter('dev-network', (tf) => {
      delete tf.provider;
    });
    expect(errors).toEqual([expect.stringMatching(/^provider "aws": \S+ \(and maybe others\) uses it, but this stack configures no provider "aws" block$/)]);
  });

  test('a provider alias that is not configured', () => {
    const errors = errorsAfter('dev-network', (tf) => {
      (tf.resource!.aws_vpc[firstId(tf, 'aws_vpc')] as Record<string, unknown>).provider = 'aws.us_east_1';
    });
    expect(errors).toEqual([expect.stringMatching(/^aws_vpc\.\S+: provider = "aws\.us_east_1": no aws provider block with alias "us_east_1" in this stack$/)]);
  });

  test.each([
    ['a range', '~> 6.0', 'version "~> 6.0" is a range; pin one version exactly'],
    ['no version', undefined, 'no version; pin one exactly'],
  ])('a provider with %s in required_providers', (_what, version, message) => {
    const errors = errorsAfter('dev-network', (tf) => {
      (tf.terraform as any).required_providers.aws.version = version;
    });
    expect(errors).toEqual([expect.stringContaining(`terraform.required_providers.aws: ${message}`)]);
  });

  test('a used provider missing from required_providers', () => {
    const errors = errorsAfter('dev-network', (tf) => {
      (tf.terraform as any).required_providers = { kubernetes: { source: 'hashicorp/kubernetes', version: '2.38.0' } };
    });
    expect(errors).toEqual([expect.stringMatching(/^terraform\.required_providers: "aws" is used \(\S+\) but not listed/)]);
  });

  test('a remote-state output the producer stack does not write', () => {
    const errors = errorsAfter('dev-network', (tf) => {
      for (const name of Object.keys(tf.output!)) if (name.startsWith('cross-stack-output-aws_vpc')) delete tf.output![name];
    });
    expect(errors).toEqual([]);
    const copy = JSON.parse(JSON.stringify(dev)) as Record<string, TerraformJson>;
    for (const name of Object.keys(copy['dev-network'].output!)) if (name.startsWith('cross-stack-output-aws_vpc')) delete copy['dev-network'].output![name];
    const cluster = validateStacks(copy, schemas).find((r) => r.stack === 'dev-cluster')!;
    expect(cluster.errors.length).toBeGreaterThan(0);
    for (const e of cluster.errors) expect(e).toMatch(/data\.terraform_remote_state\.cross-stack-reference-input-dev-network\.outputs\.cross-stack-output-aws_vpc\S+: stack dev-network has no output "cross-stack-output-aws_vpc/);
  });
});

describe('expression parsing', () => {
  test('interpolations of a template, nested ones and escapes', () => {
    expect(expressionsOf('arn:${aws_x.a.arn}:*')).toEqual(['aws_x.a.arn']);
    expect(expressionsOf('$${literal} ${jsonencode({ "k" = "${aws_y.b.id}" })}')).toEqual(['aws_y.b.id', 'jsonencode({ "" = "" })']);
  });

  test('traversals skip functions, keywords, string contents and for-expression variables', () => {
    const code = 'element(data.aws_availability_zones.az.names, 1) == "a.b" ? [for s in aws_subnet.all : s.id] : aws_eks_cluster.c.vpc_config[0].cluster_security_group_id';
    expect(traversalsOf(code).map((t) => [t.root, ...t.steps].join(' '))).toEqual(['data aws_availability_zones az names', 'aws_subnet all', 'aws_eks_cluster c vpc_config 0 cluster_security_group_id']);
  });

  test('cycles are reported once each', () => {
    const edges = new Map([['a', new Set(['b'])], ['b', new Set(['a', 'c'])], ['c', new Set(['c'])]]);
    expect(cyclesIn(edges)).toEqual([['a', 'b', 'a'], ['c', 'c']]);
  });
});

describe('kubernetes and helm types from their bindings', () => {
  const platform = (release: Record<string, unknown>): Record<string, TerraformJson> => ({
    'x-platform': {
      terraform: { required_providers: { helm: { source: 'hashicorp/helm', version: '3.1.1' }, kubernetes: { source: 'hashicorp/kubernetes', version: '2.38.0' } } },
      provider: { helm: [{}], kubernetes: [{}] },
      resource: {
        kubernetes_namespace_v1: { ns: { metadata: { name: 'karpenter', labels: { a: 'b' } } } },
        kubernetes_manifest: { pool: { manifest: { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'default' } } } },
        helm_release: { karpenter: { name: 'karpenter', chart: 'karpenter', namespace: '${kubernetes_namespace_v1.ns.metadata[0].name}', set: [{ name: 'a', value: 'b' }], ...release } },
      },
    },
  });

  test('valid arguments, nested blocks and attribute paths pass', () => {
    expect(validateStacks(platform({}), schemas)[0].errors).toEqual([]);
  });

  test('a misspelt nested argument and attribute are named', () => {
    expect(validateStacks(platform({ set: [{ name: 'a', valeu: 'b' }], description: '${kubernetes_namespace_v1.ns.metadata[0].nme}' }), schemas)[0].errors).toEqual([
      'helm_release.karpenter.set[0]: unknown argument "valeu" (did you mean "value"?)',
      'helm_release.karpenter.description: kubernetes_namespace_v1.ns.metadata[0].nme: "nme" is not an attribute of this type (did you mean "name"?)',
    ]);
  });
});
