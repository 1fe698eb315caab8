/**
 * What must hold for every spec, whatever a user wrote:
 * - it is rejected with a SpecError naming the spec file, one problem a line, each naming a field
 *   path that is a place in the spec (in the file or in the schema below it) or being a YAML
 *   problem or one of the few whole-file problems; nothing was written; or
 * - it synthesizes into an output folder that already held a previous output: only this
 *   environment's stacks are replaced (another environment's stack, stray files and Terraform's
 *   init state are kept), the manifest lists exactly the stacks there are, and the stacks pass
 *   offline validation (`npm run validate`) with no error; policy findings (`npm run check`) left
 *   after the spec's own waivers are recorded as the waivers it would need, not as failures;
 * - either way no staging or retired folder is left beside the output.
 * Anything else (another error type, a malformed line, a changed previous output, a validation
 * error) is a failure.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { SpecError, formatIssue, joinPath } from '../../modules';
import { parseEnvironmentYaml } from '../../stacks/load';
import type { EnvironmentSpec } from '../../stacks/spec';
import { synthEnvironments, type SynthResult } from '../../stacks/synth';
import { readStacks } from '../../verify/outdir';
import { providerSchemas, type ProviderSchemas } from '../../verify/provider-schema';
import { validateStacks } from '../../verify/validate';
import { applyWaivers, findingsOf } from '../../verify/waivers';
import type { FuzzCase } from './cases';
import type { JsonSchema } from './json-schema';
import { specSchema } from './schema-cases';

export const OUTCOMES = ['synthesized', 'findings', 'rejected', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface CaseResult {
  readonly index: number;
  readonly kind: string;
  readonly base: string;
  readonly description: string;
  readonly outcome: Outcome;
  /** Policy rules with unwaived findings (outcome "findings"): the waivers the spec would need. */
  readonly rules?: readonly string[];
  /** Why the case failed (outcome "failed"), a few lines. */
  readonly failure?: string;
  readonly ms: number;
}

/** Problems a spec error may report without a field path: they are about the file as a whole. */
const WHOLE_FILE = [/^YAML syntax: \S/, /^YAML: \S/, /^expected a mapping of fields \(/, /^names no module; /, /^the file name "/];
/** A stack of another environment in the previous output, which a synth must keep. */
const OTHER_STACK = 'other-network';
const PREVIOUS = 'the previous synth';
const STUB = '{"//": "previous output"}\n';

let sharedSchemas: ProviderSchemas | undefined;
/** Provider schemas are built per resource type on first use; one cache serves every case. */
function schemas(): ProviderSchemas {
  sharedSchemas ??= providerSchemas();
  return sharedSchemas;
}

const firstLines = (text: string, lines = 4, width = 400) =>
  text
    .split('\n')
    .slice(0, lines)
    .map((l) => (l.length > width ? `${l.slice(0, width - 3)}...` : l))
    .join('\n');

const describeError = (error: unknown) => (error instanceof Error ? `${error.constructor.name}: ${firstLines(error.message)}` : `non-error thrown: ${firstLines(String(error))}`);

/** Writes the previous output a synth must leave alone (or replace only its own stacks of). */
function writePreviousOutput(outdir: string, environment: string): void {
  const stacks = ['network', 'cluster', 'platform'].map((tier) => `${environment}-${tier}`);
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'previous-output.txt'), PREVIOUS);
  const manifest = { version: 'previous', stacks: Object.fromEntries([...stacks, OTHER_STACK].map((name) => [name, { name, workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json` }])) };
  writeFileSync(join(outdir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  for (const name of [...stacks, OTHER_STACK]) {
    mkdirSync(join(outdir, 'stacks', name), { recursive: true });
    writeFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), name === OTHER_STACK ? '{}\n' : STUB);
  }
  mkdirSync(join(outdir, 'stacks', stacks[0], '.terraform'));
  writeFileSync(join(outdir, 'stacks', stacks[0], '.terraform', 'marker'), 'init');
  writeFileSync(join(outdir, 'stacks', stacks[1], '.terraform.lock.hcl'), '# lock');
}

function snapshot(dir: string, root = dir, out = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.set(`${relative(root, path)}/`, '');
      snapshot(path, root, out);
    } else out.set(relative(root, path), readFileSync(path, 'utf8'));
  }
  return out;
}

function sameTree(before: Map<string, string>, after: Map<string, string>): string | undefined {
  for (const [path, content] of before) {
    if (!after.has(path)) return `${path} was removed`;
    if (after.get(path) !== content) return `${path} was changed`;
  }
  for (const path of after.keys()) if (!before.has(path)) return `${path} was added`;
  return undefined;
}

/**
 * Verdicts of the specs this process synthesized, by what parsing made of them: many cases differ
 * only in bytes that do not reach the parsed spec (a comment, a BOM, CRLF, a harmless tab), and
 * about a third of the specs a run synthesizes are such repeats. Synthesis is deterministic, so a
 * repeat gets the verdict of its first synthesis instead of another ~200 ms one.
 */
const verdicts = new Map<string, { outcome: Outcome; rules?: string[]; failure?: string }>();
const MAX_VERDICTS = 20_000;

/** What parsing made of a spec, hashed: its fields and each module's validated inputs, in order. */
function verdictKey(spec: EnvironmentSpec): string | undefined {
  try {
    const { modules, warnings: _warnings, ...fields } = spec;
    const text = JSON.stringify({ ...fields, modules: modules.map((m) => [m.definition.name, m.definition.version, m.inputs]) }, (_k, v: unknown) => (typeof v === 'bigint' || typeof v === 'symbol' ? `${typeof v}:${String(v)}` : v));
    return createHash('sha256').update(text).digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * Runs one case and judges it. A spec that parses is synthesized in a fresh folder under
 * `scratch` holding a previous output; one rejected while parsing never reaches the disk.
 */
export async function runCase(fuzzCase: FuzzCase, scratch: string): Promise<CaseResult> {
  const started = performance.now();
  const problems: string[] = [];
  let outcome: Outcome = 'rejected';
  let rules: string[] | undefined;
  let dir: string | undefined;
  let key: string | undefined;
  try {
    let spec: EnvironmentSpec | undefined;
    try {
      spec = parseEnvironmentYaml(fuzzCase.text, fuzzCase.file);
    } catch (error) {
      problems.push(...rejectionProblems(error, fuzzCase, 'parsing'));
    }
    key = spec && verdictKey(spec);
    const known = key === undefined ? undefined : verdicts.get(key);
    if (known) {
      outcome = known.outcome;
      rules = known.rules ? [...known.rules] : undefined;
      if (known.failure) problems.push(known.failure);
    } else if (spec) {
      dir = mkdtempSync(join(scratch, 'case-'));
      const outdir = join(dir, 'cdktf.out');
      writePreviousOutput(outdir, fuzzCase.base);
      const before = snapshot(outdir);
      let result: SynthResult | undefined;
      try {
        result = await synthEnvironments([spec], outdir);
      } catch (error) {
        problems.push(...rejectionProblems(error, fuzzCase, 'synthesizing'));
        const changed = sameTree(before, snapshot(outdir));
        if (changed) problems.push(`a rejected spec changed the previous output: ${changed}`);
      }
      const strays = readdirSync(dir).filter((name) => name !== 'cdktf.out');
      if (strays.length) problems.push(`left beside the output: ${strays.join(', ')}`);
      if (result) {
        problems.push(...outputProblems(outdir, fuzzCase.base, result.stackNames, before));
        if (!problems.length) {
          const stacks = readStacks(outdir);
          for (const v of validateStacks(stacks, schemas())) for (const e of v.errors) problems.push(`npm run validate: ${v.stack}: ${e}`);
          const own = Object.fromEntries(result.stackNames.map((name) => [name, stacks[name]]));
          const unwaived = applyWaivers(findingsOf(own), spec.waivers).unwaived;
          rules = [...new Set(unwaived.map((f) => f.rule))].sort();
          outcome = rules.length ? 'findings' : 'synthesized';
        }
      }
    }
  } catch (error) {
    problems.push(`checking the output failed: ${describeError(error)}`);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  const ms = Math.round(performance.now() - started);
  if (key !== undefined && !verdicts.has(key) && verdicts.size < MAX_VERDICTS) verdicts.set(key, { outcome: problems.length ? 'failed' : outcome, rules, failure: problems.length ? problems.join('\n') : undefined });
  const base = { index: fuzzCase.index, kind: fuzzCase.kind, base: fuzzCase.base, description: fuzzCase.description, ms };
  if (problems.length) return { ...base, outcome: 'failed', failure: problems.join('\n') };
  return rules?.length ? { ...base, outcome, rules } : { ...base, outcome };
}

function outputProblems(outdir: string, environment: string, stackNames: readonly string[], before: Map<string, string>): string[] {
  const problems: string[] = [];
  if (!stackNames.length) problems.push('synthesis succeeded but wrote no stack');
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { stacks?: Record<string, unknown> };
  const listed = Object.keys(manifest.stacks ?? {}).sort();
  const expected = [...new Set([...stackNames, OTHER_STACK])].sort();
  if (listed.join() !== expected.join()) problems.push(`manifest.json lists ${listed.join(', ')}; expected ${expected.join(', ')}`);
  for (const kept of ['previous-output.txt', `stacks/${OTHER_STACK}/cdk.tf.json`]) {
    if (!existsSync(join(outdir, kept)) || readFileSync(join(outdir, kept), 'utf8') !== before.get(kept)) problems.push(`${kept} of the previous output was not kept`);
  }
  for (const tier of ['network', 'cluster', 'platform']) {
    const name = `${environment}-${tier}`;
    const folder = join(outdir, 'stacks', name);
    if (!stackNames.includes(name)) {
      if (existsSync(folder)) problems.push(`stacks/${name} of the previous output is still there though this synth has no such stack`);
      continue;
    }
    const text = existsSync(join(folder, 'cdk.tf.json')) ? readFileSync(join(folder, 'cdk.tf.json'), 'utf8') : undefined;
    if (text === undefined) problems.push(`stacks/${name}/cdk.tf.json was not written`);
    else if (text === STUB) problems.push(`stacks/${name}/cdk.tf.json is still the previous output`);
    else if (!('terraform' in (JSON.parse(text) as object))) problems.push(`stacks/${name}/cdk.tf.json has no terraform block`);
  }
  const initState = [`stacks/${environment}-network/.terraform/marker`, `stacks/${environment}-cluster/.terraform.lock.hcl`];
  for (const path of initState) {
    const stack = path.split('/')[1];
    if (stackNames.includes(stack) && !existsSync(join(outdir, path))) problems.push(`${path} (terraform init state) was not carried over`);
  }
  return problems;
}

/** Why a rejection is not a proper spec error; empty when it is one. */
export function rejectionProblems(error: unknown, fuzzCase: Pick<FuzzCase, 'file' | 'text'>, stage = 'parsing'): string[] {
  if (!(error instanceof SpecError)) return [`${stage} threw ${describeError(error)}`];
  const problems: string[] = [];
  if (error.file !== fuzzCase.file) problems.push(`SpecError names the file ${JSON.stringify(error.file)}, not ${fuzzCase.file}`);
  const lines = error.message.split('\n');
  if (!error.issues.length) problems.push('SpecError with no issue');
  if (lines.length !== error.issues.length) problems.push(`SpecError of ${error.issues.length} issue(s) prints ${lines.length} lines (a message spans lines)`);
  for (const line of lines) if (!line.startsWith(`${fuzzCase.file}: `)) problems.push(`line does not start with the file: ${firstLines(line, 1, 200)}`);
  let document: unknown;
  let documentRead = false;
  for (const issue of error.issues) {
    const line = firstLines(formatIssue(error.file, issue), 1, 300);
    if (!issue.message.trim()) problems.push(`empty message: ${line}`);
    if (!issue.path) {
      if (!WHOLE_FILE.some((pattern) => pattern.test(issue.message))) problems.push(`names no field path: ${line}`);
      continue;
    }
    if (!documentRead) {
      document = readDocument(fuzzCase.text);
      documentRead = true;
    }
    if (!namesPlace(document, specSchema(), issue.path, true)) problems.push(`field path ${JSON.stringify(issue.path.length > 120 ? `${issue.path.slice(0, 117)}...` : issue.path)} is no place in the spec: ${line}`);
  }
  return problems;
}

function readDocument(text: string): unknown {
  try {
    return parseDocument(text, { uniqueKeys: true, merge: true }).toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/**
 * Whether `path` (`eks.nodeGroups[1].name`, written as spec errors write it) is a place in the
 * spec: it follows the document as far as the document goes, and the rest follows the schema
 * (a field left to its default, an item a list is missing), or adds one last key (an unknown
 * field, a missing required one).
 */
export function namesPlace(node: unknown, schema: JsonSchema | undefined, path: string, root = false): boolean {
  if (path === '') return true;
  const index = /^\[(\d+)\]/.exec(path);
  if (index) {
    const item = Array.isArray(node) ? node[Number(index[1])] : undefined;
    if (!Array.isArray(node) && !schema?.items) return false;
    return namesPlace(item, itemsOf(schema), path.slice(index[0].length));
  }
  const rest = root ? path : path.startsWith('.') ? path.slice(1) : undefined;
  if (rest === undefined) return false;
  const keys = new Set<string>([...(node && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : []), ...Object.keys(propertiesOf(schema))]);
  // As spec errors write each key (joinPath: bare, or quoted when odd), longest first: a key may
  // itself contain dots or brackets (`example.com/tier`).
  const written = [...keys].map((key) => [key, joinPath([key])] as const).sort((a, b) => b[1].length - a[1].length);
  for (const [key, shown] of written) {
    if (!rest.startsWith(shown)) continue;
    const after = rest.slice(shown.length);
    if (after !== '' && !after.startsWith('.') && !after.startsWith('[')) continue;
    const child = node && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
    if (namesPlace(child, propertiesOf(schema)[key] ?? valuesOf(schema), after)) return true;
  }
  // One more key of an object (written or left out): an unknown field, a missing required one, any
  // key of a map. A list has items, not keys, and a scalar has neither.
  const list = Array.isArray(node) || (node === undefined && Boolean(itemsOf(schema)) && !Object.keys(propertiesOf(schema)).length && !valuesOf(schema));
  const scalar = node !== undefined && (node === null || typeof node !== 'object');
  if (list || scalar) return false;
  const oneKey = !/[.[]/.test(rest) || /^"(?:[^"\\]|\\.)*"$/.test(rest);
  return oneKey || (valuesOf(schema) !== undefined && node === undefined && !rest.includes('.'));
}

function union(schema: JsonSchema | undefined): JsonSchema[] {
  if (!schema) return [];
  return [schema, ...(schema.anyOf ?? []).flatMap(union), ...(schema.oneOf ?? []).flatMap(union)];
}
function propertiesOf(schema: JsonSchema | undefined): Record<string, JsonSchema> {
  return Object.assign({}, ...union(schema).map((s) => s.properties ?? {}));
}
function itemsOf(schema: JsonSchema | undefined): JsonSchema | undefined {
  return union(schema).find((s) => s.items)?.items;
}
function valuesOf(schema: JsonSchema | undefined): JsonSchema | undefined {
  const found = union(schema).find((s) => s.additionalProperties !== undefined && s.additionalProperties !== false && !s.properties);
  return found ? (typeof found.additionalProperties === 'object' ? found.additionalProperties : {}) : undefined;
}
