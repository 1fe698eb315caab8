/**
 * Offline validation of synthesized stacks (what `terraform validate` would catch, without
 * downloading providers): references resolve, attributes and arguments exist on their types, no
 * dependency cycle, providers configured and pinned exactly. Reads Terraform JSON only; argument
 * and attribute names come from the installed provider bindings (./provider-schema.ts).
 */
import { closest } from '../modules/registry/suggest';
import { providerSchemas, type BlockSchema, type ProviderSchemas } from './provider-schema';
import type { TerraformJson } from './terraform-json';
import { producerOf } from './remote-state';
import { tagProblems } from './tags';

export interface StackValidation {
  readonly stack: string;
  /** `<address>: <problem>` lines; any one fails validation. */
  readonly errors: string[];
  /** Things that could not be checked (no bindings for a provider, state written outside cdktf.out). */
  readonly warnings: string[];
  readonly counts: { readonly resources: number; readonly dataSources: number; readonly outputs: number; readonly references: number };
}

type Body = Record<string, unknown>;
const RESOURCE_META = new Set(['//', 'count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection', 'dynamic']);
/** Roots Terraform itself defines inside expressions. */
const BUILT_IN_ROOTS = new Set(['self', 'each', 'count', 'path', 'terraform']);
const KEYWORDS = new Set(['for', 'in', 'if', 'else', 'endif', 'endfor', 'true', 'false', 'null']);
/** terraform_remote_state is Terraform's own data source (cdktf core), not a provider's. */
const REMOTE_STATE = 'terraform_remote_state';
const REMOTE_STATE_SCHEMA = { arguments: new Set(['backend', 'config', 'workspace', 'defaults']), attributes: new Set(['backend', 'config', 'workspace', 'defaults', 'outputs']) };
const EXACT_VERSION = /^=?\s*v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

const suggest = (word: string, candidates: Iterable<string>): string => {
  const hint = closest(word, candidates);
  return hint ? ` (did you mean "${hint}"?)` : '';
};

/**
 * The expressions of a JSON string value, which Terraform reads as a template: each `${…}` and
 * `%{…}`, string literals inside blanked (their own interpolations returned separately); `$${`
 * and `%%{` are literal text.
 */
export function expressionsOf(template: string): string[] {
  const out: string[] = [];
  const readExpression = (s: string, start: number): number => {
    let depth = 1;
    let code = '';
    let i = start;
    while (i < s.length) {
      const c = s[i];
      if (c === '"') {
        let j = i + 1;
        while (j < s.length && s[j] !== '"') {
          if (s[j] === '\\') j += 2;
          else if (s.startsWith('${', j) || s.startsWith('%{', j)) j = readExpression(s, j + 2) + 1;
          else j++;
        }
        code += '""';
        i = j + 1;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
      code += c;
      i++;
    }
    out.push(code);
    return i;
  };
  for (let i = 0; i < template.length; i++) {
    if (template.startsWith('$${', i) || template.startsWith('%%{', i)) i += 2;
    else if (template.startsWith('${', i) || template.startsWith('%{', i)) i = readExpression(template, i + 2);
  }
  return out;
}

export interface Traversal {
  readonly root: string;
  /** Names and indexes after the root: `["vpc_config", 0, "cluster_security_group_id"]`; `*` for splats. */
  readonly steps: readonly (string | number)[];
  readonly text: string;
}

const TRAVERSAL = /(?<![\w.-])([A-Za-z_][\w-]*)((?:\s*(?:\.\s*(?:[A-Za-z_][\w-]*|\d+|\*)|\[\s*(?:\d+|""|\*)\s*\]))*)(\s*\()?/g;

/** References (variable traversals) in one expression's code; function calls and keywords left out. */
export function traversalsOf(expression: string): Traversal[] {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const bound = new Set<string>();
  for (const m of code.matchAll(/\bfor\s+([A-Za-z_][\w-]*)(?:\s*,\s*([A-Za-z_][\w-]*))?\s+in\b/g)) [m[1], m[2]].filter(Boolean).forEach((n) => bound.add(n));
  const found: Traversal[] = [];
  for (const m of code.matchAll(TRAVERSAL)) {
    const [text, root, rest, call] = m;
    if (call || KEYWORDS.has(root) || bound.has(root) || !rest) continue;
    const steps = [...rest.matchAll(/\.\s*([A-Za-z_][\w-]*|\d+|\*)|\[\s*(\d+|""|\*)\s*\]/g)].map((s) => {
      const step = s[1] ?? s[2];
      return /^\d+$/.test(step) ? Number(step) : step === '""' ? '*' : step;
    });
    found.push({ root, steps, text: text.replace(/\s*\($/, '').trim() });
  }
  return found;
}

/** Every string in a JSON value, with the dotted path it sits at. */
function stringsIn(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => stringsIn(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== '//') stringsIn(v, path ? `${path}.${k}` : k, out);
  return out;
}

interface Declared {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  readonly body: Body;
  readonly address: string;
}

function declaredIn(tf: TerraformJson): Declared[] {
  const out: Declared[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(tf[kind] ?? {})) {
      for (const [name, body] of Object.entries(byName ?? {})) out.push({ kind, type, name, body: body as Body, address: `${kind === 'data' ? 'data.' : ''}${type}.${name}` });
    }
  }
  return out;
}

/** Validates every stack of an output folder (name → Terraform JSON); stacks may read each other's outputs. */
export function validateStacks(stacks: Readonly<Record<string, TerraformJson>>, schemas: ProviderSchemas = providerSchemas()): StackValidation[] {
  return Object.keys(stacks).map((name) => validateStack(name, stacks, schemas));
}

export function validateStack(stackName: string, stacks: Readonly<Record<string, TerraformJson>>, schemas: ProviderSchemas = providerSchemas()): StackValidation {
  const tf = stacks[stackName];
  const errors: string[] = [];
  const warnings = new Set<string>();
  const declared = declaredIn(tf);
  const byAddress = new Map(declared.map((d) => [d.address, d]));
  const variables = new Set(Object.keys((tf.variable ?? {}) as Body));
  const locals = new Set(Object.keys((tf.locals ?? {}) as Body));
  const modules = new Set(Object.keys((tf.module ?? {}) as Body));
  let references = 0;

  const schemaOf = (kind: 'resource' | 'data', type: string, at: string): BlockSchema | typeof REMOTE_STATE_SCHEMA | undefined => {
    if (kind === 'data' && type === REMOTE_STATE) return REMOTE_STATE_SCHEMA;
    const found = schemas.lookup(kind, type);
    if ('schema' in found) return found.schema;
    if ('noBindings' in found) warnings.add(`${type}: no ${found.noBindings} bindings installed; its arguments and attributes are not checked`);
    else errors.push(`${at}: unknown ${kind === 'data' ? 'data source' : 'resource'} type "${type}"${suggest(type, found.suggestions)}`);
    return undefined;
  };

  // 1. Arguments: every key set on a resource is one its type (or nested block) accepts.
  const checkArguments = (schema: BlockSchema, body: Body, at: string, meta: boolean): void => {
    for (const [key, value] of Object.entries(body)) {
      if (meta && RESOURCE_META.has(key)) {
        if (key === 'dynamic' && value && typeof value === 'object') {
          for (const [block, dyn] of Object.entries(value as Body)) {
            const nested = schema.arguments.has(block) ? schema.block(block) : undefined;
            if (!nested) errors.push(`${at}: dynamic "${block}": not a block of this type${suggest(block, schema.arguments)}`);
            else if (dyn && typeof dyn === 'object' && (dyn as Body).content && typeof (dyn as Body).content === 'object') checkArguments(nested, (dyn as Body).content as Body, `${at}.${block}`, false);
          }
        }
        continue;
      }
      if (!schema.arguments.has(key)) {
        errors.push(`${at}: unknown argument "${key}"${suggest(key, schema.arguments)}`);
        continue;
      }
      const nested = value && typeof value === 'object' ? schema.block(key) : undefined;
      if (!nested) continue;
      const items = Array.isArray(value) ? value : [value];
      items.forEach((item, i) => {
        if (!item || typeof item !== 'object' || Array.isArray(item)) return;
        const path = `${at}.${key}${Array.isArray(value) ? `[${i}]` : ''}`;
        if (Object.keys(item).length === 0) errors.push(`${path}: empty block; it sets nothing (give its arguments or remove it)`);
        else checkArguments(nested, item as Body, path, false);
      });
    }
  };

  // 2. References: every traversal resolves; attributes exist; edges for the cycle check.
  const edges = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string) => edges.set(from, (edges.get(from) ?? new Set()).add(to));
  const checkAttributes = (schema: BlockSchema | typeof REMOTE_STATE_SCHEMA, steps: readonly (string | number)[], at: string, text: string): void => {
    let current: BlockSchema | typeof REMOTE_STATE_SCHEMA | undefined = schema;
    for (const step of steps) {
      if (typeof step === 'number' || step === '*') continue;
      if (!current) return;
      if (step !== 'id' && !current.attributes.has(step)) {
        errors.push(`${at}: ${text}: "${step}" is not an attribute of this type${suggest(step, current.attributes)}`);
        return;
      }
      current = 'block' in current ? current.block(step) : undefined;
    }
  };
  const resolve = (from: string, path: string, traversal: Traversal, allowedRoots: ReadonlySet<string>): void => {
    const { root, steps, text } = traversal;
    const at = path ? `${from}.${path}` : from;
    if (BUILT_IN_ROOTS.has(root) || allowedRoots.has(root)) return;
    references++;
    const [first, second] = steps;
    if (root === 'var') {
      if (!variables.has(String(first))) errors.push(`${at}: ${text}: no variable "${String(first)}" is declared${suggest(String(first), variables)}`);
      return;
    }
    if (root === 'local') {
      if (!locals.has(String(first))) errors.push(`${at}: ${text}: no local "${String(first)}" is declared${suggest(String(first), locals)}`);
      else addEdge(from, `local.${String(first)}`);
      return;
    }
    if (root === 'module') {
      if (!modules.has(String(first))) errors.push(`${at}: ${text}: no module "${String(first)}" is declared`);
      return;
    }
    const isData = root === 'data';
    const type = isData ? String(first) : root;
    const name = String(isData ? second : first);
    const rest = steps.slice(isData ? 2 : 1);
    if (!isData && !type.includes('_') && !tf.resource?.[type]) {
      errors.push(`${at}: ${text}: "${root}" is not a resource type, data source, variable, local or module`);
      return;
    }
    const address = `${isData ? 'data.' : ''}${type}.${name}`;
    const target = byAddress.get(address);
    if (!target) {
      const sameType = declared.filter((d) => d.kind === (isData ? 'data' : 'resource') && d.type === type).map((d) => d.name);
      errors.push(`${at}: ${text}: refers to ${address}, which this stack does not declare${sameType.length ? suggest(name, sameType) : ` (no ${isData ? 'data source' : 'resource'} of type ${type} here)`}`);
      return;
    }
    addEdge(from, address);
    if (isData && type === REMOTE_STATE && rest[0] === 'outputs' && typeof rest[1] === 'string') {
      const producer = producerOf(target.body, name, stacks, stackName);
      if (!producer) warnings.add(`${address}: reads state no stack of this output writes; its outputs are not checked`);
      else {
        const outputs = Object.keys(stacks[producer].output ?? {});
        if (!outputs.includes(rest[1])) errors.push(`${at}: ${text}: stack ${producer} has no output "${rest[1]}"${suggest(rest[1], outputs)}`);
      }
      return;
    }
    const schema = schemaOf(target.kind, target.type, target.address);
    if (schema) checkAttributes(schema, rest, at, text);
  };
  const referencesIn = (from: string, value: unknown, allowedRoots: ReadonlySet<string> = new Set()): void => {
    for (const [path, text] of stringsIn(value, '')) for (const code of expressionsOf(text)) for (const t of traversalsOf(code)) resolve(from, path, t, allowedRoots);
  };

  for (const d of declared) {
    const schema = schemaOf(d.kind, d.type, d.address);
    if (schema && 'block' in schema) checkArguments(schema, d.body, d.address, true);
    else if (schema) for (const key of Object.keys(d.body)) if (!RESOURCE_META.has(key) && !schema.arguments.has(key)) errors.push(`${d.address}: unknown argument "${key}"${suggest(key, schema.arguments)}`);
    // A dynamic block's iterator (its label unless `iterator` renames it) is a root inside its content.
    const iterators = new Set(Object.entries((d.body.dynamic ?? {}) as Record<string, Body>).map(([label, dyn]) => String(dyn?.iterator ?? label)));
    const { depends_on: dependsOn, lifecycle, ...rest } = d.body;
    referencesIn(d.address, rest, iterators);
    for (const entry of Array.isArray(dependsOn) ? dependsOn : []) {
      const code = String(entry).replace(/^\$\{(.*)\}$/, '$1');
      for (const t of traversalsOf(code)) resolve(d.address, 'depends_on', t, new Set());
    }
    void lifecycle; // ignore_changes lists attribute paths, not references
  }
  for (const [name, body] of Object.entries((tf.locals ?? {}) as Body)) referencesIn(`local.${name}`, body);
  for (const [name, body] of Object.entries(tf.output ?? {})) referencesIn(`output.${name}`, body);

  // 3. Cycles through references and depends_on.
  errors.push(...cyclesIn(edges).map((cycle) => `dependency cycle: ${cycle.join(' → ')}`));
  errors.push(...tagProblems(tf).map((problem) => `${problem.address}: ${problem.message}`));

  // 4. Providers: configured in this stack and pinned exactly.
  const terraform = (tf.terraform ?? {}) as { required_providers?: Record<string, { source?: string; version?: string }> };
  const required = terraform.required_providers ?? {};
  const configured = tf.provider ?? {};
  if (terraform.required_providers && Object.keys(required).length === 0) errors.push('terraform.required_providers: empty block; list each provider with an exact version');
  for (const [provider, entry] of Object.entries(required)) {
    if (!entry || typeof entry !== 'object' || Object.keys(entry).length === 0) errors.push(`terraform.required_providers.${provider}: empty block; give source and an exact version`);
    else if (!entry.version) errors.push(`terraform.required_providers.${provider}: no version; pin one exactly (e.g. "6.25.0") so every plan uses the provider the code was tested with`);
    else if (!EXACT_VERSION.test(entry.version.trim())) errors.push(`terraform.required_providers.${provider}: version "${entry.version}" is a range; pin one version exactly (e.g. "6.25.0") so every plan uses the provider the code was tested with`);
  }
  const used = new Map<string, string>();
  for (const d of declared) {
    if (d.kind === 'data' && d.type === REMOTE_STATE) continue;
    const meta = typeof d.body.provider === 'string' ? d.body.provider.replace(/^\$\{(.*)\}$/, '$1') : undefined;
    const provider = meta ? meta.split('.')[0] : d.type.split('_')[0];
    if (!used.has(provider)) used.set(provider, d.address);
    if (meta?.includes('.')) {
      const alias = meta.split('.')[1];
      const aliases = (configured[provider] ?? []).map((c) => c.alias).filter((a): a is string => typeof a === 'string');
      if (!aliases.includes(alias)) errors.push(`${d.address}: provider = "${meta}": no ${provider} provider block with alias "${alias}" in this stack${suggest(alias, aliases)}`);
    }
  }
  for (const [provider, firstUser] of used) {
    if (!(configured[provider] ?? []).length) errors.push(`provider "${provider}": ${firstUser} (and maybe others) uses it, but this stack configures no provider "${provider}" block`);
    if (!required[provider]) errors.push(`terraform.required_providers: "${provider}" is used (${firstUser}) but not listed; add it with its source and an exact version`);
  }

  return {
    stack: stackName,
    errors,
    warnings: [...warnings],
    counts: { resources: declared.filter((d) => d.kind === 'resource').length, dataSources: declared.filter((d) => d.kind === 'data').length, outputs: Object.keys(tf.output ?? {}).length, references },
  };
}

/** Elementary cycles found by depth-first search, each reported once. */
export function cyclesIn(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (node: string): void => {
    state.set(node, 'active');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'active') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...new Set(cycle)].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}
