/** Comparing Terraform JSON as Terraform reads it: cdktf's `//` comments left out. */

/**
 * A deep copy without `//` keys (cdktf's metadata; Terraform ignores them), and without the keys
 * named in `emptyLists` where they hold `[]`.
 */
export function withoutMetadata<T>(value: T, emptyLists: ReadonlySet<string> = new Set()): T {
  if (Array.isArray(value)) return value.map((v) => withoutMetadata(v, emptyLists)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => k !== '//' && !(emptyLists.has(k) && Array.isArray(v) && v.length === 0))
        .map(([k, v]) => [k, withoutMetadata(v, emptyLists)]),
    ) as T;
  }
  return value;
}

/** The first place two JSON values differ (`resource.aws_iam_role.x.policy: "…" ≠ "…"`), or undefined when equal. */
export function firstDifference(expected: unknown, actual: unknown, path = ''): string | undefined {
  const show = (v: unknown) => {
    const text = JSON.stringify(v) ?? 'undefined';
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  };
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return `${path || '(root)'}: ${show(expected)} ≠ ${show(actual)}`;
    if (expected.length !== actual.length) return `${path || '(root)'}: ${expected.length} item(s) ≠ ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected !== null && actual !== null && typeof expected === 'object' && typeof actual === 'object') {
    const a = expected as Record<string, unknown>;
    const b = actual as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(key in a)) return `${path ? `${path}.` : ''}${key}: not expected, found ${show(b[key])}`;
      if (!(key in b)) return `${path ? `${path}.` : ''}${key}: missing (expected ${show(a[key])})`;
      const d = firstDifference(a[key], b[key], path ? `${path}.${key}` : key);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(expected, actual) || expected === actual ? undefined : `${path || '(root)'}: ${show(expected)} ≠ ${show(actual)}`;
}
