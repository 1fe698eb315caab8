import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { PlatformError, SpecError, closest, didYouMean, defaultRegistry, joinPath, type ModuleRegistry, type SpecIssue } from '../modules/registry';
import { parseEnvironment, type EnvironmentSpec } from './spec';

/** Where the shipped environment specs live, relative to the project root. */
export const ENVIRONMENTS_DIR = join('stacks', 'environments');
/** The environment `npm run synth` builds when none is named. */
export const DEFAULT_ENVIRONMENT = 'dev';
/**
 * An environment name: it names the spec file and prefixes every stack id, state key and workspace
 * (`<name>-network`), so it is a DNS label: lower-case letters, digits and dashes.
 */
export const ENVIRONMENT_NAME = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * An environment asked for by name that is not one: a path (`../../outside`), a name cdktf cannot
 * use as a stack id, or no such file. A typed value, so a command line maps it to a usage error.
 */
export class UnknownEnvironmentError extends PlatformError {
  constructor(
    readonly given: string,
    readonly known: readonly string[],
    readonly reason: 'not-a-name' | 'no-such-file',
  ) {
    const hint = closest(given.toLowerCase(), known);
    const listing = `environments: ${known.join(', ') || 'none'}`;
    super(
      reason === 'not-a-name'
        ? `"${given}" is not an environment name: environments are the files ${ENVIRONMENTS_DIR}/<name>.yaml, named with lower-case letters, digits and dashes${hint ? ` (did you mean "${hint}"?)` : ''}; ${listing}`
        : `no such environment "${given}" (no file ${join(ENVIRONMENTS_DIR, `${given}.yaml`)})${didYouMean(given, known)}; ${listing}`,
    );
  }
}

export function environmentFile(name: string, root = process.cwd()): string {
  return join(root, ENVIRONMENTS_DIR, `${name}.yaml`);
}

/** Every `.yaml` spec in the environments folder, by file name (valid environment names or not). */
export function listEnvironments(root = process.cwd()): string[] {
  const dir = join(root, ENVIRONMENTS_DIR);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort() : [];
}

/**
 * Why a spec file's name cannot name an environment, or undefined. A name cdktf cannot use in a
 * stack id (`my env.yaml`) is the file's problem, reported like any spec error.
 */
export function environmentNameProblem(name: string): string | undefined {
  if (ENVIRONMENT_NAME.test(name)) return undefined;
  const suggestion = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '');
  return `the file name "${name}" cannot name an environment (it prefixes stack ids, state keys and workspaces): use lower-case letters, digits and dashes, starting with a letter${suggestion ? `, e.g. "${suggestion}.yaml"` : ''}`;
}

/** Reads, parses and validates one environment spec file, named as on the command line. */
export function loadEnvironment(name: string, options: { root?: string; registry?: ModuleRegistry } = {}): EnvironmentSpec {
  const root = options.root ?? process.cwd();
  const known = listEnvironments(root);
  if (!ENVIRONMENT_NAME.test(name)) throw new UnknownEnvironmentError(name, known, 'not-a-name');
  const path = environmentFile(name, root);
  if (!existsSync(path)) throw new UnknownEnvironmentError(name, known, 'no-such-file');
  return parseEnvironmentYaml(readFileSync(path, 'utf8'), relative(root, path) || path, options.registry);
}

/** Every spec in the environments folder; a file whose name is not an environment name is a spec error. */
export function loadAllEnvironments(options: { root?: string; registry?: ModuleRegistry } = {}): EnvironmentSpec[] {
  const root = options.root ?? process.cwd();
  const names = listEnvironments(root);
  const badNames = names.filter((name) => environmentNameProblem(name) !== undefined);
  if (badNames.length) throw new SpecError(join(ENVIRONMENTS_DIR, `${badNames[0]}.yaml`), [{ path: '', message: environmentNameProblem(badNames[0])! }]);
  return names.map((name) => loadEnvironment(name, options));
}

/** Parses YAML text as an environment spec; `file` is the name errors show. */
export function parseEnvironmentYaml(text: string, file: string, registry: ModuleRegistry = defaultRegistry): EnvironmentSpec {
  // Merge keys (`<<: *defaults`) are how people share settings within a YAML file, so they work here.
  let document: ReturnType<typeof parseDocument>;
  try {
    document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, merge: true });
  } catch (error) {
    // The parser recurses per nesting level: thousands of levels overflow the stack.
    if (error instanceof RangeError) throw new SpecError(file, [{ path: '', message: 'YAML: nested too deeply to read (thousands of levels); a spec needs a handful' }]);
    throw error;
  }
  // Warnings are unresolved tags (`!vault x` would silently become the string "x"): refused too.
  const problems = [...document.errors.map((e) => `YAML syntax: ${e.message}`), ...document.warnings.map((w) => `YAML: ${w.message}`)];
  if (problems.length) throw new SpecError(file, problems.map((problem) => ({ path: '', message: problem.split('\n')[0] })));
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // yaml refuses alias bombs ("Excessive alias count") and merges of non-mappings while converting.
    throw new SpecError(file, [{ path: '', message: `YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` }]);
  }
  const odd = notPlainData(raw);
  if (odd) throw new SpecError(file, [odd]);
  return parseEnvironment(raw, file, basename(file).replace(/\.ya?ml$/, ''), registry);
}

/**
 * YAML can build what JSON cannot: an alias inside the node it names (a circular structure) or a
 * `!!merge` tag on a plain value (the symbol `<<`). A spec is data, so both are refused where they
 * are, before any code walks, clones or prints the value.
 */
function notPlainData(root: unknown): SpecIssue | undefined {
  const ancestors: object[] = [];
  const visit = (value: unknown, path: (string | number)[]): SpecIssue | undefined => {
    if (typeof value === 'symbol') return { path: joinPath(path), message: 'YAML: a `!!merge` (`<<`) tag on a value; merge keys take a mapping or an alias to one' };
    if (value === null || typeof value !== 'object') return undefined;
    if (ancestors.includes(value)) return { path: joinPath(path), message: 'YAML: an alias inside the node its anchor names (a circular structure); a spec must be a tree' };
    ancestors.push(value);
    try {
      const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
      for (const [key, item] of entries) {
        const found = visit(item, [...path, key]);
        if (found) return found;
      }
      return undefined;
    } finally {
      ancestors.pop();
    }
  };
  return visit(root, []);
}
