/** Statements of a JSON policy held in a resource attribute (`policy`, `assume_role_policy`). */
export function policyStatements(policy: unknown): Record<string, unknown>[] {
  if (typeof policy !== 'string') return [];
  try {
    const parsed = JSON.parse(policy) as { Statement?: Record<string, unknown>[] | Record<string, unknown> };
    const statements = parsed.Statement ?? [];
    return Array.isArray(statements) ? statements : [statements];
  } catch {
    return [];
  }
}
