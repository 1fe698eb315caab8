/**
 * AWS's tag limits, checked on what each resource really gets: the provider's default_tags (the
 * environment's) merged with the resource's own (module tags, Name, discovery tags). AWS refuses
 * the whole create at apply otherwise. https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
 * (50 user tags per resource, keys up to 128 characters, values up to 256, the aws: prefix reserved).
 */
import type { TerraformJson } from './terraform-json';

const TAG_LIMITS = { perResource: 50, keyLength: 128, valueLength: 256 } as const;

export interface TagProblem {
  readonly address: string;
  /** The key at fault, when one is. */
  readonly key?: string;
  readonly message: string;
}

/** Tags every resource of the stack's AWS provider gets (default_tags). */
function defaultTags(stack: TerraformJson): Record<string, string> {
  const providers = (stack.provider?.aws ?? []) as { default_tags?: { tags?: Record<string, string> }[] }[];
  return Object.assign({}, ...providers.flatMap((p) => (p.default_tags ?? []).map((d) => d.tags ?? {})));
}

export function tagProblems(stack: TerraformJson): TagProblem[] {
  const defaults = defaultTags(stack);
  const problems: TagProblem[] = [];
  const check = (address: string, own: Record<string, unknown>) => {
    const all = { ...defaults, ...own };
    const keys = Object.keys(all);
    if (keys.length > TAG_LIMITS.perResource) {
      problems.push({ address, message: `gets ${keys.length} tags (${Object.keys(defaults).length} from the environment's tags, ${Object.keys(own).length} of its own), over AWS's ${TAG_LIMITS.perResource} per resource` });
    }
    for (const [key, value] of Object.entries(all)) {
      if (key.toLowerCase().startsWith('aws:')) problems.push({ address, key, message: `tag key "${key}": the aws: prefix is reserved for AWS` });
      if (key.length > TAG_LIMITS.keyLength) problems.push({ address, key, message: `tag key "${key.slice(0, 40)}..." is ${key.length} characters, over AWS's ${TAG_LIMITS.keyLength}` });
      if (typeof value === 'string' && !value.includes('${') && value.length > TAG_LIMITS.valueLength) problems.push({ address, key, message: `tag "${key}" has a ${value.length}-character value, over AWS's ${TAG_LIMITS.valueLength}` });
    }
  };
  if (!stack.provider?.aws) return problems;
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    if (!type.startsWith('aws_')) continue;
    for (const [name, body] of Object.entries(byName)) {
      if (body.tags && typeof body.tags === 'object') check(`${type}.${name}`, body.tags as Record<string, unknown>);
    }
  }
  return problems;
}
