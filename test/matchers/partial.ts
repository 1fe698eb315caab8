/**
 * Deep partial matching with the first differing path, the way the AWS CDK's assertions report:
 * objects match when every expected key matches (extra actual keys are fine), lists match item by
 * item with equal length (use expect.arrayContaining for a subset), and Jest's asymmetric matchers
 * (expect.stringContaining, expect.anything, ...) work at any depth.
 */
export interface Mismatch {
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

interface AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean;
  toString(): string;
}

function isAsymmetric(value: unknown): value is AsymmetricMatcher {
  return !!value && typeof (value as AsymmetricMatcher).asymmetricMatch === 'function';
}

export function mismatches(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(actual) ? [] : [{ path: path || '(root)', expected, actual }];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path: path || '(root)', expected, actual }];
    if (actual.length !== expected.length) return [{ path: `${path || '(root)'}.length`, expected: expected.length, actual: actual.length }];
    return expected.flatMap((item, i) => mismatches(item, actual[i], `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [{ path: path || '(root)', expected, actual }];
    return Object.entries(expected as Record<string, unknown>).flatMap(([key, value]) => mismatches(value, (actual as Record<string, unknown>)[key], path ? `${path}.${key}` : key));
  }
  return Object.is(expected, actual) ? [] : [{ path: path || '(root)', expected, actual }];
}

export function show(value: unknown): string {
  if (isAsymmetric(value)) return value.toString();
  if (value === undefined) return 'undefined (absent)';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
