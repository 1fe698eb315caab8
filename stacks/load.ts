import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { SpecError, didYouMean, defaultRegistry, type ModuleRegistry } from '../modules/registry';
import { parseEnvironment, type EnvironmentSpec } from './spec';

/** Where the shipped environment specs live, relative to the project root. */
export const ENVIRONMENTS_DIR = join('stacks', 'environments');
/** The environment `npm run synth` builds when none is named. */
export const DEFAULT_ENVIRONMENT = 'dev';

export function environmentFile(name: string, root = process.cwd()): string {
  return join(root, ENVIRONMENTS_DIR, `${name}.yaml`);
}

export function listEnvironments(root = process.cwd()): string[] {
  const dir = join(root, ENVIRONMENTS_DIR);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort() : [];
}

/** Reads, parses and validates one environment spec file. */
export function loadEnvironment(name: string, options: { root?: string; registry?: ModuleRegistry } = {}): EnvironmentSpec {
  const root = options.root ?? process.cwd();
  const path = environmentFile(name, root);
  const shown = relative(root, path) || path;
  if (!existsSync(path)) {
    const known = listEnvironments(root);
    throw new SpecError(shown, [{ path: '', message: `no such environment "${name}"${didYouMean(name, known)}; environments: ${known.join(', ') || 'none'}` }]);
  }
  return parseEnvironmentYaml(readFileSync(path, 'utf8'), shown, options.registry);
}

/** Parses YAML text as an environment spec; `file` is the name errors show. */
export function parseEnvironmentYaml(text: string, file: string, registry: ModuleRegistry = defaultRegistry): EnvironmentSpec {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length) {
    throw new SpecError(file, document.errors.map((error) => ({ path: '', message: `YAML syntax: ${error.message.split('\n')[0]}` })));
  }
  return parseEnvironment(document.toJS(), file, basename(file).replace(/\.ya?ml$/, ''), registry);
}
