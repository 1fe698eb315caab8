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

/** One problem with a module's inputs; the path is relative to those inputs, never to a spec file. */
export interface InputProblem {
  /** Path below the module's inputs, e.g. ['subnetGroups', 1, 'cidrs', 0]; empty for the module as a whole. */
  readonly path: readonly (string | number)[];
  /** What was expected and what was given, and where it helps, the fix. */
  readonly message: string;
}

/**
 * Thrown by a module's build for problems it can only see while building (a value another module
 * produced, a name derived from several inputs). The stack builder reports each against the spec
 * file, prefixing the path with the module's key; modules never write spec paths themselves.
 */
export class InputProblems extends PlatformError {
  readonly problems: readonly InputProblem[];

  constructor(problems: readonly InputProblem[] | InputProblem) {
    const list = Array.isArray(problems) ? problems : [problems as InputProblem];
    super(list.map((p) => (p.path.length ? `${joinPath(p.path)}: ${p.message}` : p.message)).join('\n'));
    this.problems = list;
  }
}

/**
 * Something failed that no input explains: a bug in a module or in this project. Reported on one
 * line naming the environment (and module) with a request for a bug report, never as a stack trace;
 * `cause` keeps the original error for PLATFORM_DEBUG=1.
 */
export class InternalError extends PlatformError {
  constructor(
    readonly where: string,
    readonly cause: unknown,
  ) {
    super(`internal error ${where}: ${firstLine(cause)}. This is a bug, not a problem with your spec: please report it with the spec and this line (PLATFORM_DEBUG=1 prints the stack trace)`);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return text.split('\n')[0].replace(/[.\s]+$/, '');
}

export function formatIssue(file: string, issue: SpecIssue): string {
  const message = oneLine(issue.message);
  return issue.path ? `${file}: ${oneLine(issue.path)}: ${message}` : `${file}: ${message}`;
}

/** The longest problem line we print; a message quoting a megabyte scalar is cut, not printed whole. */
const MAX_MESSAGE = 2000;

/**
 * A message as one line: a value quoted into it may hold line breaks or control characters (a spec
 * is user text), which would split one problem over lines that do not name the file.
 */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
  return escaped.length > MAX_MESSAGE ? `${escaped.slice(0, MAX_MESSAGE)}… (${escaped.length - MAX_MESSAGE} more characters)` : escaped;
}

/** A key users can write bare in a path (`vpc`, `cost-center`); any other is shown quoted. */
const BARE_KEY = /^[A-Za-z0-9_$/.:-]+$/;

/** Joins path segments the way users write them: `a.b[0].c`; odd keys quoted (`tags."a b"`, `""`). */
export function joinPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
      continue;
    }
    const key = String(segment);
    const shown = BARE_KEY.test(key) ? key : JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key);
    out += out ? `.${shown}` : shown;
  }
  return out;
}

/** Renders a given value for a message: strings quoted, objects as compact JSON, absent as "nothing". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value.length > 80 ? `${JSON.stringify(value.slice(0, 60))}… (${value.length} characters)` : JSON.stringify(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
