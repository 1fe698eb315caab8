/**
 * What a resource or data source type accepts and exports, read from the installed prebuilt
 * provider bindings (@cdktf/provider-*) instead of a hand-written list:
 * - the type's class lives at `@cdktf/provider-<p>/lib/<type minus "<p>_">` (data sources:
 *   `lib/data-<type>`), dashes for underscores; checked for every type of the aws (2,211),
 *   kubernetes (108) and helm (2) bindings;
 * - accepted top-level arguments are the keys of `synthesizeAttributes()` of an instance made with
 *   an empty config; a nested block's arguments are the keys its generated `<block>ToTerraform({})`
 *   returns (the function is found from the block's OutputReference class name);
 * - exported attributes are the class's getters (camelCase → snake_case), computed ones included.
 * Schemas are built once per type and cached. Nothing here knows a module of this project.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bindingsRequire } from './bindings-require';

// Bindings are loaded at run time by computed path (esbuild leaves this require alone).
const load = bindingsRequire(__filename);

export interface BlockSchema {
  /** Arguments a configuration may set (snake_case), nested block names included. */
  readonly arguments: ReadonlySet<string>;
  /** Attributes an expression may read: arguments and computed attributes. */
  readonly attributes: ReadonlySet<string>;
  /** Nested blocks (set or read), by snake_case name; built on first use. */
  block(name: string): BlockSchema | undefined;
}

export type TypeLookup = { readonly schema: BlockSchema } | { readonly unknownType: string; readonly suggestions: readonly string[] } | { readonly noBindings: string };

const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** Getter names declared by the generated class itself (not cdktf's base classes), minus `xInput`. */
function ownGetters(object: object): string[] {
  const proto = Object.getPrototypeOf(object) as object;
  return Object.entries(Object.getOwnPropertyDescriptors(proto))
    .filter(([name, d]) => d.get && name !== 'internalValue' && !name.endsWith('Input'))
    .map(([name]) => name);
}

/** A getter's value, unwrapped to one element's OutputReference when it is a list of blocks. */
function complexChild(parent: object, getter: string): object | undefined {
  let value: unknown;
  try {
    value = (parent as Record<string, unknown>)[getter];
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const name = value.constructor.name;
  if (name.endsWith('List') && typeof (value as { get?: unknown }).get === 'function') {
    try {
      value = (value as { get(i: number): unknown }).get(0);
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' && value.constructor.name.endsWith('OutputReference') ? value : undefined;
}

function schemaOf(object: object, argumentNames: readonly string[], module: Record<string, unknown>): BlockSchema {
  const getters = ownGetters(object);
  const attributes = new Set([...argumentNames, ...getters.map(snake)]);
  const blocks = new Map<string, BlockSchema | undefined>();
  return {
    arguments: new Set(argumentNames),
    attributes,
    block(name) {
      if (!blocks.has(name)) {
        const child = getters.includes(camel(name)) ? complexChild(object, camel(name)) : undefined;
        blocks.set(name, child ? schemaOf(child, blockArguments(child, module), module) : undefined);
      }
      return blocks.get(name);
    },
  };
}

/** `EksClusterVpcConfigOutputReference` → `eksClusterVpcConfigToTerraform({})`'s keys. */
function blockArguments(reference: object, module: Record<string, unknown>): string[] {
  const toTerraform = module[`${lowerFirst(reference.constructor.name.replace(/OutputReference$/, ''))}ToTerraform`];
  if (typeof toTerraform !== 'function') return [];
  try {
    return Object.keys((toTerraform as (s: unknown) => Record<string, unknown>)({}));
  } catch {
    return [];
  }
}

export interface ProviderSchemas {
  lookup(kind: 'resource' | 'data', type: string): TypeLookup;
}

/**
 * Schemas from the prebuilt bindings: `@cdktf/provider-<prefix>` for a type `<prefix>_<rest>`.
 * `packages` overrides the package per provider prefix (e.g. locally generated bindings).
 */
export function providerSchemas(packages: Readonly<Record<string, string>> = {}): ProviderSchemas {
  const cache = new Map<string, TypeLookup>();
  let probeStack: unknown;
  const stack = () => {
    if (!probeStack) {
      // A stack under a bare root construct: no App, so nothing is written to disk.
      const { TerraformStack } = load('cdktf') as typeof import('cdktf');
      const { Construct } = load('constructs') as typeof import('constructs');
      probeStack = new TerraformStack(new Construct(undefined as never, 'verify'), 'probe');
    }
    return probeStack;
  };
  let counter = 0;

  const build = (kind: 'resource' | 'data', type: string): TypeLookup => {
    const prefix = type.split('_')[0];
    const pkg = packages[prefix] ?? `@cdktf/provider-${prefix}`;
    let libDir: string;
    try {
      libDir = join(dirname(load.resolve(`${pkg}/package.json`)), 'lib');
    } catch {
      return { noBindings: pkg };
    }
    const folder = (kind === 'data' ? `data-${type}` : type.slice(prefix.length + 1)).replace(/_/g, '-');
    if (!existsSync(join(libDir, folder))) {
      const known = readdirSync(libDir).filter((d) => (kind === 'data') === d.startsWith('data-'));
      const asType = (d: string) => (kind === 'data' ? d.slice('data-'.length) : `${prefix}-${d}`).replace(/-/g, '_');
      return { unknownType: type, suggestions: known.map(asType) };
    }
    const module = load(`${pkg}/lib/${folder}`) as Record<string, unknown>;
    const cls = Object.values(module).find((v) => typeof v === 'function' && (v as { tfResourceType?: string }).tfResourceType === type) as (new (scope: unknown, id: string, config: object) => { synthesizeAttributes(): Record<string, unknown> }) | undefined;
    if (!cls) return { unknownType: type, suggestions: [] };
    const instance = new cls(stack(), `${folder}-${++counter}`, {});
    return { schema: schemaOf(instance, Object.keys(instance.synthesizeAttributes()), module) };
  };

  return {
    lookup(kind, type) {
      const key = `${kind}:${type}`;
      if (!cache.has(key)) cache.set(key, build(kind, type));
      return cache.get(key)!;
    },
  };
}
