/**
 * Errors a user can act on. Every problem with an environment spec or the module registry is a
 * `PlatformError`; the CLI prints its message alone (no stack trace) and exits non-zero.
 */
export class PlatformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** One problem at one place of an environment spec. */
export interface SpecIssue {
  /** Dotted field path from the spec's root, e.g. `vpc.subnetGroups[1].cidrs[0]`; empty for the whole file. */
  readonly path: string;
  /** What was expected and what was given, e.g. `"10.0.0.0/33" is not a valid IPv4 CIDR`. */
  readonly message: string;
}

/** A spec with one or more problems: names the file, then one line per problem. */
export class SpecError extends PlatformError {
  constructor(
    readonly file: string,
    readonly issues: readonly SpecIssue[],
  ) {
    super(issues.map((issue) => formatIssue(file, issue)).join('\n'));
  }
}

/** A registry problem that is the module author's, not the environment's (duplicate names, bad metadata). */
export class RegistryError extends PlatformError {}

export function formatIssue(file: string, issue: SpecIssue): string {
  return issue.path ? `${file}: ${issue.path}: ${issue.message}` : `${file}: ${issue.message}`;
}

/** Joins path segments the way users write them: `a.b[0].c`. */
export function joinPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/** Renders a given value for a message: strings quoted, objects as compact JSON, absent as "nothing". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
