import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { synthEnvironments } from '../../stacks/synth';
import { tagProblems } from '../../verify/tags';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { z } from 'zod';
import { defineModule, ModuleRegistry } from '../../modules';
import { vpcModule } from '../../modules/vpc';
import { BASE_FIELDS, errorOf, parseSpec, synthSpec } from '../support/synth';

const FILE = 'stacks/environments/dev.yaml';
const dev = (extra: Record<string, unknown> = {}) => ({ ...(parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>), ...extra });
const manyTags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`team-tag-${i}`, 'x']));

describe('AWS tag limits, refused at synth', () => {
  test.each([
    ['an aws: key', { 'aws:created-by': 'me' }, `${FILE}: tags.aws:created-by: "aws:created-by": the aws: prefix is reserved for tags AWS sets`],
    ['a 200-character key', { ['k'.repeat(200)]: 'x' }, `${FILE}: tags.${'k'.repeat(200)}: expected a tag key of 1-128 letters, digits, spaces and _.:/=+-@ (AWS's rule), got "${'k'.repeat(200)}"`],
    ['a 300-character value', { owner: 'v'.repeat(300) }, `${FILE}: tags.owner: expected a tag value of at most 256 characters (AWS's limit), got 300`],
    ['60 tags', manyTags(60), `${FILE}: tags: expected at most 40 tags: AWS allows 50 per resource, and the project adds environment, managed-by, module, module-version and up to 6 of a resource's own (Name, discovery tags), got 60`],
  ])('%s', (_case, tags, message) => {
    expect(errorOf(() => parseSpec(dev({ tags }), 'dev'))).toBe(message);
  });

  test('the tags a resource really gets are counted on the synthesized stacks: default tags, module tags and its own', async () => {
    // 40 spec tags pass the spec's own limit; a module whose resource carries 9 tags of its own
    // (plus its 2 module tags and the 2 environment ones) goes over 50: refused before anything is written.
    const tagged = defineModule({ name: 'tagged', version: '1.0.0', description: 'a heavily tagged queue', stack: 'network', inputs: z.strictObject({}), outputs: {}, dependsOn: [], build: (scope) => void new SqsQueue(scope, 'queue', { name: 'tagged', tags: manyTags(9) }) });
    const registry = new ModuleRegistry().register(vpcModule).register(tagged);
    const outdir = join(mkdtempSync(join(tmpdir(), 'tag-limits-')), 'out');
    try {
      const spec = parseSpec({ ...BASE_FIELDS, tags: Object.fromEntries(Object.entries(manyTags(40)).map(([k, v]) => [`env-${k}`, v])), vpc: {}, tagged: {} }, 'qa', registry);
      await expect(synthEnvironments([spec], outdir)).rejects.toThrow('stacks/environments/qa.yaml: tags: qa-network aws_sqs_queue.tagged_queue_');
      await expect(synthEnvironments([spec], outdir)).rejects.toThrow(/gets 53 tags \(42 from the environment's tags, 11 of its own\), over AWS's 50 per resource$/);
    } finally {
      rmSync(join(outdir, '..'), { recursive: true, force: true });
    }
  });

  test('the check reads Terraform JSON: a reserved key a module wrote is found too', () => {
    expect(tagProblems({ provider: { aws: [{}] }, resource: { aws_vpc: { v: { tags: { 'aws:cloudformation:stack-name': 'x' } } } } })).toEqual([{ address: 'aws_vpc.v', key: 'aws:cloudformation:stack-name', message: 'tag key "aws:cloudformation:stack-name": the aws: prefix is reserved for AWS' }]);
  });
});

describe('the Spot service-linked role', () => {
  test('created where the spec says "create" (dev), in the cluster stack', () => {
    const cluster = synthSpec(dev(), 'dev').stacks.cluster!;
    expect(cluster).toHaveResourceMatching('aws_iam_service_linked_role', { aws_service_name: 'spot.amazonaws.com' });
  });

  test('Spot without it: a warning saying how to make sure it exists', () => {
    const { spotServiceLinkedRole: _unsaid, ...eks } = dev().eks as Record<string, unknown>;
    const { warnings } = synthSpec(dev({ eks, karpenter: { nodePools: [{ name: 'spot', capacityTypes: ['spot'] }] } }), 'dev');
    expect(warnings).toContainEqual({ path: 'karpenter.nodePools', message: expect.stringMatching(/^Spot instances need the account's AWSServiceRoleForEC2Spot; launches fail with AuthFailure\.ServiceLinkedRoleCreationNotPermitted/) });
  });
});
