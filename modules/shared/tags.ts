import type { IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';

/** Value of the `managed-by` tag: lets an auditor tell our resources from hand-made ones. */
export const MANAGED_BY = 'cdktf-eks-platform';

/** Tags every resource of an environment carries (through the AWS provider's `default_tags`). */
export function environmentTags(environment: string, userTags: Readonly<Record<string, string>>): Record<string, string> {
  return { ...userTags, environment, 'managed-by': MANAGED_BY };
}

/** Tags naming the module (and its version) that created a resource. */
export function moduleTags(name: string, version: string): Record<string, string> {
  return { module: name, 'module-version': version };
}

interface Taggable {
  tags: Record<string, string> | undefined;
  readonly tagsInput: Record<string, string> | undefined;
}

function isTaggable(node: IConstruct): node is IConstruct & Taggable {
  return 'tagsInput' in node && 'tags' in node;
}

/**
 * Adds tags to every taggable resource below the construct it is attached to. Tags a resource
 * sets itself win, so `Name` and the EKS discovery tags are never overwritten.
 */
export class TagResources implements IAspect {
  constructor(private readonly tags: Readonly<Record<string, string>>) {}

  visit(node: IConstruct): void {
    if (isTaggable(node)) node.tags = { ...this.tags, ...(node.tagsInput ?? {}) };
  }
}
