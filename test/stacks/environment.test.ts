import { readFileSync } from 'node:fs';
import { defaultRegistry } from '../../modules';
import { schemaText, SCHEMA_FILE } from '../../cli/registry';
import { loadEnvironment, parseEnvironmentYaml } from '../../stacks/load';
import { BASE_FIELDS, errorOf, parseSpec, synthParsed, synthSpec } from '../support/synth';
import { allBlocks } from '../matchers';

describe('the shipped dev environment', () => {
  const dev = loadEnvironment('dev');

  test('loads with every module validated, in dependency order', () => {
    expect(dev.name).toBe('dev');
    expect(dev.backend).toEqual({ type: 'local' });
    expect(dev.modules[0].definition.name).toBe('vpc');
  });

  test('synthesizes byte-identical Terraform JSON twice in a row', () => {
    const first = synthParsed(dev).text;
    const second = synthParsed(dev).text;
    expect(Object.keys(first).length).toBeGreaterThan(0);
    expect(second).toEqual(first);
  });

  test('the network stack has its local backend outside cdktf.out and a pinned AWS provider', () => {
    const { network } = synthParsed(dev).stacks;
    expect(network!.terraform).toEqual(expect.objectContaining({ backend: { local: { path: '../../../terraform.dev-network.tfstate' } }, required_providers: { aws: { source: 'aws', version: '6.25.0' } } }));
  });
});

describe('logical ids', () => {
  // Changing one of these ids makes Terraform destroy and recreate the resource. If a refactor
  // changes them on purpose, add `moved` blocks for users' state before updating this list.
  const PINNED = ['aws_vpc.vpc_26A20C3B', 'aws_subnet.vpc_subnet-private-0_75485ED6', 'aws_nat_gateway.vpc_nat-gateway-0_8D0B13D9', 'aws_flow_log.vpc_flow-logs_flow-log_5B65B834', 'aws_kms_key.vpc_flow-logs_key_851A9EBE'];

  test('key resources keep their ids', () => {
    const { network } = synthSpec({ ...BASE_FIELDS, vpc: {} }, 'ids').stacks;
    const addresses = allBlocks(network!, 'resource').map((b) => `${b.type}.${b.logicalId}`);
    expect(addresses).toEqual(expect.arrayContaining(PINNED));
  });

  test('do not depend on the environment (or file) name', () => {
    const ids = (name: string) => allBlocks(synthSpec({ ...BASE_FIELDS, vpc: {} }, name).stacks.network!, 'resource').map((b) => `${b.type}.${b.logicalId}`).sort();
    expect(ids('staging')).toEqual(ids('prod'));
  });
});

describe('spec files', () => {
  const FILE = 'stacks/environments/prod.yaml';
  const fail = (text: string) => errorOf(() => parseEnvironmentYaml(text, FILE));

  test.each([
    ['YAML syntax errors', 'region: [eu-west-1\n', `${FILE}: YAML syntax:`],
    ['an empty file', '', `${FILE}: expected a mapping of fields (region, accountId, backend, modules...), got an empty file`],
    ['a list at the top', '- vpc\n', `${FILE}: expected a mapping of fields (region, accountId, backend, modules...), got a list`],
    ['a missing region', 'accountId: "123456789012"\nvpc: {}\n', `${FILE}: region: is required (expected string)`],
    ['an unquoted account id', 'region: eu-west-1\naccountId: 123456789012\nvpc: {}\n', `${FILE}: accountId: expected string, got a number 123456789012`],
    ['a malformed account id', 'region: eu-west-1\naccountId: "1234"\nvpc: {}\n', `${FILE}: accountId: expected a 12-digit AWS account id as a quoted string, got "1234"`],
    ['an invalid region', 'region: europe\naccountId: "123456789012"\nvpc: {}\n', `${FILE}: region: expected an AWS region such as "eu-west-1", got "europe"`],
    ['an unknown backend', 'region: eu-west-1\naccountId: "123456789012"\nbackend: { type: gcs }\nvpc: {}\n', `${FILE}: backend.type: expected one of "local", "s3", "cloud", got "gcs"`],
    ['an S3 backend without a bucket', 'region: eu-west-1\naccountId: "123456789012"\nbackend: { type: s3 }\nvpc: {}\n', `${FILE}: backend.bucket: is required (expected string)`],
    ['a name that differs from the file', 'name: production\nregion: eu-west-1\naccountId: "123456789012"\nvpc: {}\n', `${FILE}: name: "production" differs from the file name "prod"; rename one so environments and their state keys cannot be confused`],
    ['no module at all', 'region: eu-west-1\naccountId: "123456789012"\n', `${FILE}: names no module; add at least one of:`],
    ['a duplicate key', 'region: eu-west-1\nregion: eu-west-2\naccountId: "123456789012"\nvpc: {}\n', `${FILE}: YAML syntax: Map keys must be unique`],
  ])('%s', (_case, text, message) => {
    expect(fail(text).startsWith(message)).toBe(true);
  });

  test('a missing environment names the known ones', () => {
    expect(errorOf(() => loadEnvironment('deb'))).toMatch(/^no such environment "deb" \(no file stacks\/environments\/deb\.yaml\) \(did you mean "dev"\?\); environments: .*dev/);
  });

  test('the committed JSON Schema matches the registry (run `npm run registry -- schema --write`)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText(defaultRegistry));
  });
});

describe('backends', () => {
  test('s3: one key per stack, encrypted, S3-native locking', () => {
    const { network } = synthSpec({ ...BASE_FIELDS, backend: { type: 's3', bucket: 'acme-tf-state', keyPrefix: 'platform/' }, vpc: {} }, 'prod').stacks;
    expect(network!.terraform).toEqual(expect.objectContaining({ backend: { s3: { bucket: 'acme-tf-state', key: 'platform/prod/prod-network.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true } } }));
  });

  test('cloud: one HCP Terraform workspace per stack', () => {
    const { network } = synthSpec({ ...BASE_FIELDS, backend: { type: 'cloud', organization: 'acme', workspacePrefix: 'eks-', project: 'platform', executionMode: 'local' }, vpc: {} }, 'prod').stacks;
    expect(network!.terraform).toEqual(expect.objectContaining({ cloud: { organization: 'acme', hostname: 'app.terraform.io', workspaces: { name: 'eks-prod-network', project: 'platform' } } }));
  });

  test('user tags reach every resource through the provider\'s default_tags', () => {
    const { network } = synthSpec({ ...BASE_FIELDS, tags: { team: 'payments' }, vpc: {} }, 'prod').stacks;
    expect(network).toHaveProviderBlock('aws', { default_tags: [{ tags: { team: 'payments', environment: 'prod', 'managed-by': 'cdktf-eks-platform' } }] });
  });

  test('the spec cannot override environment or managed-by', () => {
    const { network } = synthSpec({ ...BASE_FIELDS, tags: { environment: 'lies' }, vpc: {} }, 'prod').stacks;
    expect(network).toHaveProviderBlock('aws', { default_tags: [{ tags: { environment: 'prod', 'managed-by': 'cdktf-eks-platform' } }] });
  });

  test('local is the default backend', () => {
    expect(parseSpec({ ...BASE_FIELDS, vpc: {} }).backend).toEqual({ type: 'local' });
  });
});
