import type { TerraformJson } from '../../verify/terraform-json';

export type { TerraformJson } from '../../verify/terraform-json';

/** A resource or data source with its logical id and construct path. */
export interface Block {
  readonly type: string;
  readonly logicalId: string;
  /** Construct path from the stack, e.g. `dev-network/vpc/vpc/subnet-private-0`. */
  readonly path: string;
  readonly properties: Record<string, unknown>;
}

/** Accepts what tests hold: the JSON string `Testing.synth` returns, or its parsed form. */
export function asTerraform(received: unknown): TerraformJson {
  if (typeof received === 'string') return JSON.parse(received) as TerraformJson;
  if (received && typeof received === 'object') return received as TerraformJson;
  throw new Error(`expected a synthesized stack (JSON string or object), got ${typeof received}`);
}

export function blocksOf(tf: TerraformJson, kind: 'resource' | 'data', type: string): Block[] {
  const byId = tf[kind]?.[type] ?? {};
  return Object.entries(byId).map(([logicalId, body]) => {
    const { '//': meta, ...properties } = body;
    const path = (meta as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? logicalId;
    return { type, logicalId, path, properties };
  });
}

export function allBlocks(tf: TerraformJson, kind: 'resource' | 'data'): Block[] {
  return Object.keys(tf[kind] ?? {}).flatMap((type) => blocksOf(tf, kind, type));
}

/** The Terraform address of a block, as references write it: `aws_vpc.vpc_vpc_26A20C3B`. */
export function address(block: Block, kind: 'resource' | 'data' = 'resource'): string {
  return kind === 'data' ? `data.${block.type}.${block.logicalId}` : `${block.type}.${block.logicalId}`;
}
