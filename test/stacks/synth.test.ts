import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ModuleRegistry, defineModule } from '../../modules';
import { vpcModule } from '../../modules/vpc';
import { synthEnvironments } from '../../stacks/synth';
import { BASE_FIELDS, parseSpec } from '../support/synth';

describe('synthesis to disk is all or nothing', () => {
  let workdir: string;
  let outdir: string;
  beforeEach(() => {
    workdir = mkdtempSync(join(tmpdir(), 'synth-test-'));
    outdir = join(workdir, 'cdktf.out');
  });
  afterEach(() => rmSync(workdir, { recursive: true, force: true }));

  test('writes the manifest and one folder per stack', async () => {
    const result = await synthEnvironments([parseSpec({ ...BASE_FIELDS, vpc: {} }, 'qa')], outdir);
    expect(result.stackNames).toEqual(['qa-network']);
    expect(JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).stacks).toHaveProperty('qa-network');
    expect(existsSync(join(outdir, 'stacks', 'qa-network', 'cdk.tf.json'))).toBe(true);
    expect(readdirSync(workdir)).toEqual(['cdktf.out']); // no staging folder left behind
  });

  test('a failure while building leaves the previous output untouched and no staging folder', async () => {
    await synthEnvironments([parseSpec({ ...BASE_FIELDS, vpc: {} }, 'qa')], outdir);
    const before = readFileSync(join(outdir, 'stacks', 'qa-network', 'cdk.tf.json'), 'utf8');
    const exploding = defineModule({ name: 'exploding', version: '1.0.0', description: 'fails mid-build', stack: 'cluster', inputs: z.strictObject({}), outputs: {}, dependsOn: [], build: () => { throw new Error('boom'); } });
    const registry = new ModuleRegistry().register(vpcModule).register(exploding);
    const spec = parseSpec({ ...BASE_FIELDS, vpc: { cidr: '10.9.0.0/16' }, exploding: {} }, 'qa', registry);
    await expect(synthEnvironments([spec], outdir)).rejects.toThrow('internal error in module "exploding" 1.0.0 of environment "qa" (stacks/environments/qa.yaml): boom. This is a bug');
    expect(readFileSync(join(outdir, 'stacks', 'qa-network', 'cdk.tf.json'), 'utf8')).toBe(before);
    expect(readdirSync(workdir)).toEqual(['cdktf.out']);
  });

  test('terraform init state (.terraform) of a stack survives a new synth', async () => {
    await synthEnvironments([parseSpec({ ...BASE_FIELDS, vpc: {} }, 'qa')], outdir);
    mkdirSync(join(outdir, 'stacks', 'qa-network', '.terraform'));
    writeFileSync(join(outdir, 'stacks', 'qa-network', '.terraform', 'marker'), 'providers');
    await synthEnvironments([parseSpec({ ...BASE_FIELDS, vpc: {} }, 'qa')], outdir);
    expect(readFileSync(join(outdir, 'stacks', 'qa-network', '.terraform', 'marker'), 'utf8')).toBe('providers');
  });

  test('several environments in one app get their own stacks', async () => {
    const result = await synthEnvironments([parseSpec({ ...BASE_FIELDS, vpc: {} }, 'blue'), parseSpec({ ...BASE_FIELDS, vpc: {} }, 'green')], outdir);
    expect(result.stackNames).toEqual(['blue-network', 'green-network']);
  });
});
