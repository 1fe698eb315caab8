/**
 * Reading an exported directory back into the Terraform JSON a synthesis writes, so the policy
 * checks (verify/rules.ts, waivers) and the offline validator judge an export exactly as they judge
 * cdktf.out. `.tf` files are parsed with @cdktf/hcl2json, then put back in cdktf's shape: blocks
 * (which hcl2json always returns as arrays) become single objects or arrays as the provider bindings
 * say (export/shapes.ts), references in `depends_on`, `provider`, `lifecycle` and `moved` lose their
 * `${…}`, and `jsonencode({ … })` of a literal becomes the JSON text again. `.tf.json` files are
 * read as they are.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { basename, join, resolve } from 'node:path';
import { PlatformError } from '../modules/registry/errors';
import { withJsonencodeEvaluated } from './expression';
import { markLingeringRuntime } from './lingering-runtime';
import { UNKNOWN_BODY, bindingShapes, type BodyShape, type Shapes } from './shapes';
import { wholeInterpolation } from './template';
import type { TerraformJson } from '../verify/terraform-json';

type Body = Record<string, unknown>;

// hcl2json loads its WebAssembly from its own folder, so it is required at run time from
// node_modules rather than bundled (esbuild leaves a createRequire call alone).
const load = createRequire(__filename);
type Hcl2Json = { parse(filename: string, contents: string): Promise<Record<string, unknown>> };
let hcl2json: Hcl2Json | undefined;

/** The export's own record of what it wrote (stack order, format); see export/export.ts. */
export const EXPORT_MANIFEST = 'export.json';

export interface ExportManifest {
  readonly generatedBy: string;
  readonly format: 'hcl' | 'json';
  /** Stack directories in apply order. */
  readonly stacks: readonly { readonly name: string; readonly dependsOn: readonly string[] }[];
}

export class ExportReadError extends PlatformError {}

const isObject = (v: unknown): v is Body => v !== null && typeof v === 'object' && !Array.isArray(v);
const strip = (v: unknown): unknown => (typeof v === 'string' ? (wholeInterpolation(v) ?? v) : v);
const stripAll = (v: unknown): unknown => (Array.isArray(v) ? v.map(strip) : strip(v));
/** hcl2json gives every labelled block as an array of bodies; a name is declared once. */
const only = (v: unknown): Body => (Array.isArray(v) ? (v.length === 1 ? (v[0] as Body) : Object.assign({}, ...(v as Body[]))) : (v as Body));

function blockBody(body: Body, shape: BodyShape): Body {
  const out: Body = {};
  for (const [key, value] of Object.entries(body)) {
    const s = shape.shape(key);
    if (s.kind === 'block' && Array.isArray(value) && value.every(isObject)) {
      const bodies = value.map((v) => blockBody(v, s.body));
      out[key] = s.list || bodies.length !== 1 ? bodies : bodies[0];
    } else out[key] = withJsonencodeEvaluated(value);
  }
  return out;
}

function lifecycleBody(value: unknown): Body {
  const out: Body = {};
  for (const [key, v] of Object.entries(only(value))) {
    if (key === 'ignore_changes' || key === 'replace_triggered_by') out[key] = stripAll(v);
    else if (key === 'precondition' || key === 'postcondition') out[key] = (v as Body[]).map((c) => blockBody(c, UNKNOWN_BODY));
    else out[key] = withJsonencodeEvaluated(v);
  }
  return out;
}

function resourceBody(body: Body, shape: BodyShape): Body {
  const { provider, depends_on: dependsOn, lifecycle, provisioner, connection, dynamic, ...rest } = body;
  const out = blockBody(rest, shape);
  if (provider !== undefined) out.provider = strip(provider);
  if (dependsOn !== undefined) out.depends_on = stripAll(dependsOn);
  if (lifecycle !== undefined) out.lifecycle = lifecycleBody(lifecycle);
  if (connection !== undefined) out.connection = blockBody(only(connection), UNKNOWN_BODY);
  if (provisioner !== undefined) {
    // hcl2json groups provisioners by type: the order between types is not kept.
    out.provisioner = Object.entries(provisioner as Record<string, Body[]>).flatMap(([type, configs]) =>
      configs.map((config) => {
        const { connection: c, ...settings } = config;
        return { [type]: { ...blockBody(settings, UNKNOWN_BODY), ...(c !== undefined ? { connection: blockBody(only(c), UNKNOWN_BODY) } : {}) } };
      }),
    );
  }
  if (dynamic !== undefined) {
    out.dynamic = Object.fromEntries(
      Object.entries(dynamic as Record<string, Body[]>).map(([name, specs]) => {
        const nested = shape.shape(name);
        const read = specs.map(({ content, iterator, ...settings }) => ({
          ...blockBody(settings, UNKNOWN_BODY),
          ...(iterator !== undefined ? { iterator: strip(iterator) } : {}),
          content: blockBody(only(content), nested.kind === 'block' ? nested.body : UNKNOWN_BODY),
        }));
        return [name, read.length === 1 ? read[0] : read];
      }),
    );
  }
  return out;
}

function terraformBlock(blocks: Body[]): Body {
  const out: Body = {};
  for (const [key, value] of blocks.flatMap((b) => Object.entries(b))) {
    if (key === 'required_providers') out.required_providers = { ...(out.required_providers as Body), ...only(value) };
    else if (key === 'backend') out.backend = Object.fromEntries(Object.entries(value as Record<string, Body[]>).map(([type, config]) => [type, blockBody(only(config), type === 'remote' ? singleBlocks(['workspaces']) : UNKNOWN_BODY)]));
    else if (key === 'cloud') out.cloud = blockBody(only(value), singleBlocks(['workspaces']));
    else if (key === 'provider_meta') out.provider_meta = Object.fromEntries(Object.entries(value as Record<string, Body[]>).map(([name, meta]) => [name, blockBody(only(meta), UNKNOWN_BODY)]));
    else if (key === 'experiments') out.experiments = stripAll(value);
    else out[key] = withJsonencodeEvaluated(value);
  }
  return out;
}

function singleBlocks(names: readonly string[]): BodyShape {
  return { known: true, shape: (key) => (names.includes(key) ? { kind: 'block', list: false, attributeList: false, body: UNKNOWN_BODY } : { kind: 'attribute' }) };
}

const byName = (v: unknown, read: (body: Body, name: string) => Body): Record<string, Body> =>
  Object.fromEntries(Object.entries((v ?? {}) as Record<string, unknown>).map(([name, body]) => [name, read(only(body), name)]));

/** hcl2json's output for a directory's `.tf` files (merged) → Terraform JSON in cdktf's shape. */
export function fromHclJson(parsed: Body, shapes: Shapes = bindingShapes()): TerraformJson {
  const out: TerraformJson = {};
  for (const [key, value] of Object.entries(parsed)) {
    switch (key) {
      case 'terraform':
        out.terraform = terraformBlock(value as Body[]);
        break;
      case 'provider':
        out.provider = Object.fromEntries(Object.entries(value as Record<string, Body[]>).map(([name, configs]) => [name, configs.map((c) => blockBody(c, shapes.body('provider', name)))]));
        break;
      case 'resource':
      case 'data':
        out[key] = Object.fromEntries(
          Object.entries(value as Record<string, Record<string, unknown>>).map(([type, names]) => [
            type,
            byName(names, (body) => (key === 'data' && type === 'terraform_remote_state' ? blockBody(body, UNKNOWN_BODY) : resourceBody(body, shapes.body(key, type)))),
          ]),
        );
        break;
      case 'output':
        out.output = byName(value, (body) => {
          const { depends_on: dependsOn, precondition, ...rest } = body;
          return {
            ...blockBody(rest, UNKNOWN_BODY),
            ...(precondition !== undefined ? { precondition: (precondition as Body[]).map((c) => blockBody(c, UNKNOWN_BODY)) } : {}),
            ...(dependsOn !== undefined ? { depends_on: stripAll(dependsOn) } : {}),
          };
        });
        break;
      case 'variable':
        out.variable = byName(value, (body) => {
          const { type, validation, ...rest } = body;
          return {
            ...blockBody(rest, UNKNOWN_BODY),
            ...(type !== undefined ? { type: strip(type) } : {}),
            ...(validation !== undefined ? { validation: (validation as Body[]).map((v) => blockBody(v, UNKNOWN_BODY)) } : {}),
          };
        });
        break;
      case 'locals':
        out.locals = blockBody(Object.assign({}, ...(value as Body[])), UNKNOWN_BODY);
        break;
      case 'module':
        out.module = byName(value, (body) => {
          const { depends_on: dependsOn, providers, ...rest } = body;
          return {
            ...blockBody(rest, UNKNOWN_BODY),
            ...(providers !== undefined ? { providers: Object.fromEntries(Object.entries(providers as Body).map(([k, v]) => [k, strip(v)])) } : {}),
            ...(dependsOn !== undefined ? { depends_on: stripAll(dependsOn) } : {}),
          };
        });
        break;
      case 'moved':
      case 'import':
      case 'removed':
        out[key] = (value as Body[]).map((body) =>
          Object.fromEntries(
            Object.entries(body).map(([k, v]) => [k, k === 'from' || k === 'to' || k === 'provider' ? strip(v) : k === 'lifecycle' ? blockBody(only(v), UNKNOWN_BODY) : withJsonencodeEvaluated(v)]),
          ),
        );
        break;
      default:
        out[key] = value;
    }
  }
  return out;
}

/** Merges hcl2json results of several files: labelled blocks by name, repeated blocks in file order. */
function mergeParsed(parts: readonly Body[]): Body {
  const merged: Body = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      const previous = merged[key];
      if (previous === undefined) merged[key] = value;
      else if (Array.isArray(previous) && Array.isArray(value)) merged[key] = [...previous, ...value];
      else if (key === 'resource' || key === 'data') {
        const types = { ...(previous as Body) };
        for (const [type, names] of Object.entries(value as Body)) types[type] = { ...(types[type] as Body), ...(names as Body) };
        merged[key] = types;
      } else if (key === 'provider') {
        const providers = { ...(previous as Record<string, unknown[]>) };
        for (const [name, configs] of Object.entries(value as Record<string, unknown[]>)) providers[name] = [...(providers[name] ?? []), ...configs];
        merged[key] = providers;
      } else merged[key] = { ...(previous as Body), ...(value as Body) };
    }
  }
  return merged;
}

/** Whether a directory is an export (`npm run export` writes export.json at its top) rather than a cdktf output folder. */
export function isExportedDirectory(dir: string): boolean {
  return existsSync(join(dir, EXPORT_MANIFEST));
}

async function parseHcl(file: string, text: string): Promise<Body> {
  if (!hcl2json) {
    // hcl2json is Go compiled to WebAssembly (~10 MB of code). V8 compiles it with its baseline
    // compiler, then again with the optimizing one on background threads, which on 2 cores took
    // longer than every parse a command makes, and held the process at exit (~1 s per export or
    // `check --dir`). The baseline code parses our stacks fast enough: optimizing is turned off.
    setFlagsFromString('--liftoff-only');
    hcl2json = load('@cdktf/hcl2json') as Hcl2Json;
    markLingeringRuntime();
  }
  try {
    return await hcl2json.parse(file, text);
  } catch (error) {
    throw new ExportReadError(`${file}: not valid HCL: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/**
 * A directory's `.tf` files parsed as one body (one call into the WebAssembly parser is several
 * times faster than one per file); when that fails, file by file, to name the file at fault.
 */
async function parseHclFiles(files: readonly { file: string; text: string }[], dir: string): Promise<Body[]> {
  if (!files.length) return [];
  try {
    return [await parseHcl(join(dir, '*.tf'), files.map((f) => f.text).join('\n'))];
  } catch {
    return Promise.all(files.map(({ file, text }) => parseHcl(file, text)));
  }
}

/** `# eks/control-plane/cluster` right above `resource "aws_eks_cluster" "x" {`: the export's construct-path comments. */
const PATH_COMMENT = /^# (\S+)\n(resource|data) "([^"]+)" "([^"]+)" \{$/gm;

/**
 * Puts the construct paths the export wrote as comments back into `//.metadata.path`, where cdktf
 * keeps them: waivers (`resource: "prod-cluster/eks/**"`) match on them.
 */
function restoreConstructPaths(tf: TerraformJson, texts: readonly string[], stack: string): void {
  for (const text of texts) {
    for (const [, path, kind, type, name] of text.matchAll(PATH_COMMENT)) {
      const body = (tf[kind as 'resource' | 'data'] as Record<string, Record<string, Body>> | undefined)?.[type]?.[name];
      if (body && body['//'] === undefined) body['//'] = { metadata: { path: `${stack}/${path}` } };
    }
  }
}

/**
 * One exported stack directory (`*.tf` and `*.tf.json` files) as Terraform JSON. From HCL, the
 * construct path of each resource and data source comes back from its comment (as
 * `//.metadata.path`); other cdktf metadata is not in an HCL export.
 */
export async function readExportedStack(dir: string, shapes: Shapes = bindingShapes()): Promise<TerraformJson> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ExportReadError(`${dir}: no such directory`);
  const files = readdirSync(dir).filter((f) => (f.endsWith('.tf') || f.endsWith('.tf.json')) && statSync(join(dir, f)).isFile()).sort();
  if (!files.length) throw new ExportReadError(`${dir}: no .tf or .tf.json files`);
  const texts = files.filter((f) => f.endsWith('.tf')).map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
  const hcl = await parseHclFiles(texts, dir);
  const fromHcl = hcl.length ? fromHclJson(mergeParsed(hcl), shapes) : {};
  restoreConstructPaths(fromHcl, texts.map((t) => t.text), basename(dir));
  const json = files.filter((f) => f.endsWith('.tf.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Body);
  return mergeParsed([fromHcl, ...json]) as TerraformJson;
}

/** The stack directories of an export, in apply order (from its manifest; else by name). */
export function exportedStackNames(dir: string): string[] {
  const manifest = join(dir, EXPORT_MANIFEST);
  if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as ExportManifest).stacks.map((s) => s.name);
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory() && readdirSync(join(dir, name)).some((f) => f.endsWith('.tf') || f.endsWith('.tf.json')))
    .sort();
}

/**
 * Every stack of an exported directory (`npm run export -- --out DIR`), by stack name (the
 * directory name), in apply order, as the Terraform JSON a synthesis writes. From an HCL export
 * the only cdktf metadata is each resource's and data source's construct path
 * (`//.metadata.path`, read from the comment above it), which is what waivers match; a
 * `--format json` export is read as written (all metadata kept). A single stack directory is read
 * as that one stack. Rejects with ExportReadError when the directory holds no exported stacks, or
 * a file does not parse.
 */
export async function readExportedStacks(dir: string): Promise<Record<string, TerraformJson>> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ExportReadError(`${dir}: no such directory`);
  const shapes = bindingShapes();
  // One stack directory given directly (`--dir export/prod-cluster`): that stack alone.
  if (!isExportedDirectory(dir) && readdirSync(dir).some((f) => f.endsWith('.tf') || f.endsWith('.tf.json'))) return { [basename(resolve(dir))]: await readExportedStack(dir, shapes) };
  const names = exportedStackNames(dir);
  if (!names.length) throw new ExportReadError(`${dir}: no exported stack directories (folders holding .tf or .tf.json files)`);
  const stacks: Record<string, TerraformJson> = {};
  for (const name of names) stacks[name] = await readExportedStack(join(dir, name), shapes);
  return stacks;
}
