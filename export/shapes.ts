/**
 * Which keys of a Terraform JSON body are nested BLOCKS (`name { … }`, repeated for a list) and
 * which are ATTRIBUTES (`name = …`), and whether a block is a list or a single object in cdktf's
 * JSON. In Terraform JSON both look the same; HCL needs the difference, and reading HCL back needs
 * the JSON shape. Both come from the installed provider bindings (@cdktf/provider-*), which is also
 * where verify/provider-schema.ts reads argument names:
 *
 * - each generated class and block struct has a `synthesizeHclAttributes()` / `<struct>ToHclTerraform`
 *   that tags every argument with `isBlock` and its struct type; a list of objects that the provider
 *   schema declares as an ATTRIBUTE (SDKv2 `ConfigMode: SchemaConfigModeAttr`, e.g.
 *   aws_default_security_group `ingress`) is mapped with `listMapperHcl(…, false)`, a real block
 *   with `listMapperHcl(…, true)`: we tell them apart by passing a dynamic expression, which only the
 *   block mapper turns into a dynamic block;
 * - the JSON shape (list or single object) is what `synthesizeAttributes()` / `<struct>ToTerraform`
 *   produce for a one-element list: cdktf writes a `max_items = 1` block as an object, other blocks
 *   as arrays (and not always as the HCL metadata says: aws_launch_template
 *   `block_device_mappings.ebs` is tagged a list but written as an object).
 *
 * One correction the bindings cannot give: cdktf generates the same classes for nested ATTRIBUTES
 * of protocol-6 providers as for blocks (its own `--hcl` renders Helm 3's `kubernetes = { … }` as a
 * block). Providers in NESTED_ATTRIBUTE_PROVIDERS declare no blocks at all, so every nested object
 * of theirs is an attribute.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bindingsRequire } from '../verify/bindings-require';

// Bindings are loaded at run time by computed path (esbuild leaves this require alone).
const load = bindingsRequire(__filename);

export type Shape =
  /** `name = value` */
  | { readonly kind: 'attribute' }
  /**
   * `name { … }` (repeated for a list). `list`: cdktf writes it as an array (else one object).
   * `attributeList`: the provider declares it an attribute holding a list of objects, which
   * Terraform also accepts in block syntax (`ingress { … }`), but an empty list only as `ingress = []`.
   */
  | { readonly kind: 'block'; readonly list: boolean; readonly attributeList: boolean; readonly body: BodyShape };

export interface BodyShape {
  /** False when no bindings describe this body: every key is then taken for an attribute. */
  readonly known: boolean;
  shape(key: string): Shape;
}

/**
 * Providers whose nested objects are all attributes. hashicorp/helm 3.x is built on the plugin
 * framework and serves protocol 6 (main.go `ProtocolVersion: 6`); at v3.1.1 helm/provider.go,
 * helm/resource_helm_release.go and helm/data_helm_template.go declare `SingleNestedAttribute` /
 * `ListNestedAttribute` (kubernetes, registries, experiments, set, set_list, set_sensitive, set_wo,
 * postrender, timeouts) and no `Blocks`. The aws, kubernetes and tfe providers serve protocol 5,
 * which has no nested attributes, so their bindings' blocks are blocks.
 */
export const NESTED_ATTRIBUTE_PROVIDERS: Readonly<Record<string, string>> = {
  helm: 'hashicorp/helm 3.x (protocol 6, nested attributes only)',
};

const ATTRIBUTE: Shape = { kind: 'attribute' };
export const UNKNOWN_BODY: BodyShape = { known: false, shape: () => ATTRIBUTE };

const DYNAMIC_EXPRESSION = Symbol.for('cdktf/TerraformDynamicExpression');
const DYNAMIC_BLOCK = Symbol.for('cdktf/TerraformDynamicBlock');

/** Stands in for every argument when asking for the HCL metadata: resolvable, so struct mappers pass it through. */
function dynamicProbe(): object {
  return { [DYNAMIC_EXPRESSION]: true, resolve: () => undefined };
}
const isDynamicBlock = (value: unknown): boolean => value !== null && typeof value === 'object' && DYNAMIC_BLOCK in value;

/** A struct whose every field is `value`. */
function everyField(value: () => unknown): object {
  return new Proxy({}, { get: (_target, key) => (typeof key === 'string' ? value() : undefined) });
}
/** A generated class's `this` whose every private field (`_name`) holds `value` (and `.internalValue` of it). */
function everyPrivateField(value: () => unknown): object {
  return new Proxy({}, {
    get: (_target, key) => {
      if (typeof key !== 'string' || !key.startsWith('_')) return undefined;
      // Providers read the field itself, resources its `.internalValue` (an OutputReference's).
      const held = value();
      if (Array.isArray(held)) return Object.assign([...held], { internalValue: held });
      return held !== null && typeof held === 'object' ? Object.assign(Object.create(held) as object, { internalValue: held }) : held;
    },
  });
}

interface HclMeta {
  readonly value: unknown;
  readonly isBlock: boolean;
  readonly type: string;
  readonly storageClassType: string;
}

type Module = Record<string, unknown>;
const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function bodyFrom(hcl: Record<string, HclMeta>, json: Record<string, unknown>, module: Module, nestedAttributes: boolean): BodyShape {
  const cache = new Map<string, Shape>();
  return {
    known: true,
    shape(key) {
      if (!cache.has(key)) {
        const meta = hcl[key];
        if (!meta || !meta.isBlock || nestedAttributes) cache.set(key, ATTRIBUTE);
        else {
          const struct = meta.type === 'struct' ? meta.storageClassType : meta.storageClassType.replace(/List$/, '');
          cache.set(key, {
            kind: 'block',
            list: Array.isArray(json[key]),
            // Only a list mapper tells: it turns the probe into a dynamic block for a real block.
            attributeList: Array.isArray(json[key]) && !isDynamicBlock(meta.value),
            body: structBody(struct, module, nestedAttributes),
          });
        }
      }
      return cache.get(key)!;
    },
  };
}

/** A block struct's body, from its generated `<struct>ToHclTerraform` and `<struct>ToTerraform`. */
function structBody(struct: string, module: Module, nestedAttributes: boolean): BodyShape {
  const toHcl = module[`${lowerFirst(struct)}ToHclTerraform`];
  const toJson = module[`${lowerFirst(struct)}ToTerraform`];
  if (typeof toHcl !== 'function' || typeof toJson !== 'function') return UNKNOWN_BODY;
  let resolved: BodyShape | undefined;
  const resolve = (): BodyShape => {
    if (!resolved) {
      try {
        const hcl = (toHcl as (s: unknown) => Record<string, HclMeta>)(everyField(dynamicProbe));
        const json = (toJson as (s: unknown) => Record<string, unknown>)(everyField(() => [{}]));
        resolved = bodyFrom(hcl, json ?? {}, module, nestedAttributes);
      } catch {
        resolved = UNKNOWN_BODY;
      }
    }
    return resolved;
  };
  return { get known() { return resolve().known; }, shape: (key) => resolve().shape(key) };
}

interface GeneratedClass {
  readonly tfResourceType?: string;
  readonly prototype: { synthesizeAttributes(): Record<string, unknown>; synthesizeHclAttributes(): Record<string, HclMeta> };
}

export type BodyKind = 'resource' | 'data' | 'provider';

export interface Shapes {
  /** The body of a resource type, data source type or provider configuration. */
  body(kind: BodyKind, type: string): BodyShape;
  /**
   * Whether `<type>.<name>.<attribute>` (or `data.<type>.<name>.<attribute>`) reads a string
   * attribute (so `"${…}"` and the bare reference are the same JSON value inside `jsonencode`).
   */
  isStringAttribute(kind: 'resource' | 'data', type: string, attribute: string): boolean;
  /** Types no bindings describe, for a warning. */
  readonly unknownTypes: ReadonlySet<string>;
}

/**
 * Shapes from the prebuilt bindings, `@cdktf/provider-<prefix>` for a type `<prefix>_<rest>` (a
 * provider `<prefix>`); `packages` overrides the package per prefix.
 */
export function bindingShapes(packages: Readonly<Record<string, string>> = {}): Shapes {
  const classes = new Map<string, { cls: GeneratedClass; module: Module } | undefined>();
  const bodies = new Map<string, BodyShape>();
  const unknownTypes = new Set<string>();

  const classOf = (kind: BodyKind, type: string) => {
    const key = `${kind}:${type}`;
    if (!classes.has(key)) {
      const prefix = type.split('_')[0];
      const pkg = packages[prefix] ?? `@cdktf/provider-${prefix}`;
      let found: { cls: GeneratedClass; module: Module } | undefined;
      try {
        const libDir = join(dirname(load.resolve(`${pkg}/package.json`)), 'lib');
        const folder = kind === 'provider' ? 'provider' : (kind === 'data' ? `data-${type}` : type.slice(prefix.length + 1)).replace(/_/g, '-');
        if (existsSync(join(libDir, folder))) {
          const module = load(`${pkg}/lib/${folder}`) as Module;
          const cls = Object.values(module).find((v) => typeof v === 'function' && (v as GeneratedClass).tfResourceType === type) as GeneratedClass | undefined;
          if (cls) found = { cls, module };
        }
      } catch {
        found = undefined;
      }
      if (!found) unknownTypes.add(kind === 'provider' ? `provider ${type}` : type);
      classes.set(key, found);
    }
    return classes.get(key);
  };

  return {
    unknownTypes,
    body(kind, type) {
      const key = `${kind}:${type}`;
      if (!bodies.has(key)) {
        const found = classOf(kind, type);
        let body = UNKNOWN_BODY;
        if (found) {
          try {
            const hcl = found.cls.prototype.synthesizeHclAttributes.call(everyPrivateField(dynamicProbe));
            const json = found.cls.prototype.synthesizeAttributes.call(everyPrivateField(() => [{}]));
            const prefix = kind === 'provider' ? type : type.split('_')[0];
            body = bodyFrom(hcl, json, found.module, prefix in NESTED_ATTRIBUTE_PROVIDERS);
          } catch {
            unknownTypes.add(type);
          }
        }
        bodies.set(key, body);
      }
      return bodies.get(key)!;
    },
    isStringAttribute(kind, type, attribute) {
      const found = classOf(kind, type);
      if (!found) return false;
      const getter = Object.getOwnPropertyDescriptor(found.cls.prototype, attribute.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()))?.get;
      return Boolean(getter && /\bgetStringAttribute\(/.test(getter.toString()));
    },
  };
}
