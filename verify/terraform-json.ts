/**
 * The parts of a synthesized stack (cdk.tf.json) that verification and the test matchers read.
 * Both read Terraform JSON only, never module code.
 */
export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Statements of a JSON policy held in a resource attribute (`policy`, `assume_role_policy`). */
export function policyStatements(policy: unknown): Record<string, unknown>[] {
  if (typeof policy !== 'string') return [];
  try {
    const statements = (JSON.parse(policy) as { Statement?: Record<string, unknown>[] | Record<string, unknown> }).Statement ?? [];
    return Array.isArray(statements) ? statements : [statements];
  } catch {
    return [];
  }
}
