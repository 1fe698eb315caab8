#!/usr/bin/env node
/**
 * Which checkov check ids exist, and on which Terraform resource types they run, read from
 * checkov's source at a release tag.
 *
 * Writes verify/upstream/checkov-checks.json (see verify/upstream/README.md); test/verify tests
 * verify/rules.ts against it (every counterpart id exists and runs on the rule's resource type).
 *
 * Usage (ES module, Node >= 20; `git` on PATH):
 *
 *   node scripts/upstream/checkov-checks.mjs \
 *     --source /work/.mirror/bridgecrewio+checkov/repo@3.3.13 \
 *     --out verify/upstream/checkov-checks.json
 *
 * `--source <git dir or work tree>@<tag>`: a (bare) clone of bridgecrewio/checkov, read at <tag>
 * with `git ls-tree` / `git show` (nothing is checked out); the tag's commit is recorded.
 *
 * What is read (nothing is hand-listed):
 *   checkov/terraform/checks/resource/aws/*.py   Python resource checks: the `CKV_AWS_<n>` id (an
 *                                                 `id = "…"` assignment or `check_id="…"` argument),
 *                                                 the `name` when it is a plain string, and the
 *                                                 `supported_resources` literal, followed into the
 *                                                 base class's file when the check inherits it
 *                                                 (AbsSecurityGroupUnrestrictedIngress, the
 *                                                 cloudsplaining IAM base, …);
 *   checkov/terraform/checks/graph_checks/aws/*.yaml
 *                                                 graph checks (CKV2_AWS_<n>): metadata.id and
 *                                                 metadata.name; resourceTypes are the values of the
 *                                                 `filter` on resource_type (the resource the result
 *                                                 is reported on), or, without a filter, every
 *                                                 resource type the conditions name.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

const RESOURCE_DIR = 'checkov/terraform/checks/resource/aws';
const GRAPH_DIR = 'checkov/terraform/checks/graph_checks/aws';

function args(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--source') options.source = value;
    else if (flag === '--out') options.out = value;
    else throw new Error(`unknown option ${argv[i]}; usage: --source <checkov git dir>@<tag> --out <file>`);
  }
  if (!options.source || !options.out) throw new Error('usage: --source <checkov git dir>@<tag> --out <file>');
  return options;
}

const { source, out } = args(process.argv.slice(2));
const at = source.lastIndexOf('@');
if (at < 0) throw new Error(`--source ${source}: give the tag after @ (…/checkov@3.3.13)`);
const gitDir = source.slice(0, at);
const tag = source.slice(at + 1);
const git = (...a) => execFileSync('git', ['-C', gitDir, ...a], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const commit = git('rev-list', '-n', '1', tag).trim();
const version = /version\s*=\s*'([^']+)'/.exec(git('show', `${tag}:checkov/version.py`))?.[1];
if (version !== tag) throw new Error(`checkov/version.py at ${tag} says ${version}; expected the tag to be a release`);

const listFiles = (dir, ext) =>
  git('ls-tree', '-r', '--name-only', tag, `${dir}/`)
    .split('\n')
    .filter((f) => f.endsWith(ext));
const show = (file) => git('show', `${tag}:${file}`);

/** Python string literals inside `text` (single or double quoted, no f-strings). */
const stringLiterals = (text) => [...text.matchAll(/(?<![fA-Za-z])(["'])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2].replace(/\\(["'\\])/g, '$1'));

/** The literal after `supported_resource(s) =` or `supported_resources=` (a tuple, list or one string). */
function supportedResources(text) {
  const m = /supported_resources?\s*=\s*(\(|\[|["'])/.exec(text);
  if (!m) return undefined;
  const start = m.index + m[0].length - 1;
  if (m[1] === '"' || m[1] === "'") return stringLiterals(text.slice(start, text.indexOf('\n', start))).slice(0, 1);
  const close = m[1] === '(' ? ')' : ']';
  const end = text.indexOf(close, start);
  return stringLiterals(text.slice(start + 1, end));
}

/** `name = "…"` (also implicit concatenation, in parentheses or over `\` line ends) when it is a plain string. */
function checkName(text) {
  const m = /\bname\s*=\s*(\(\s*)?((?:(?<![fA-Za-z])(["'])(?:\\.|(?!\3).)*\3(?:\s|\\\n)*)+)(\))?/.exec(text);
  return m ? stringLiterals(m[2]).join('') : undefined;
}

/** The module file of a base class imported with `from checkov.… import Base`. */
function baseClassFile(text) {
  const cls = /^class\s+\w+\(([\w.]+)/m.exec(text)?.[1];
  if (!cls) return undefined;
  // `from checkov.x.y import Base`, also wrapped: `import \\` + newline, or `import (A, Base)`.
  const imp = new RegExp(`^from\\s+(checkov(?:\\.\\w+)+)\\s+import[\\s\\\\(]*(?:[\\w\\s,]*?\\b)?${cls}\\b`, 'm').exec(text);
  return imp ? `${imp[1].replace(/\./g, '/')}.py` : undefined;
}

const checks = {};
const unresolved = [];
for (const file of listFiles(RESOURCE_DIR, '.py')) {
  const text = show(file);
  const ids = [...new Set([...text.matchAll(/\b(?:id|check_id)\s*=\s*["'](CKV_AWS_\d+)["']/g)].map((m) => m[1]))];
  if (!ids.length) continue;
  let resourceTypes = supportedResources(text);
  let inherited;
  for (let base = baseClassFile(text), depth = 0; !resourceTypes && base && depth < 3; depth++) {
    const baseText = show(base);
    resourceTypes = supportedResources(baseText);
    inherited = base;
    base = baseClassFile(baseText);
  }
  if (!resourceTypes) unresolved.push(file);
  for (const id of ids) {
    if (checks[id]) throw new Error(`${id} is defined in ${checks[id].file} and ${file}`);
    checks[id] = { kind: 'resource', name: ids.length === 1 ? (checkName(text) ?? null) : null, file, ...(inherited && resourceTypes ? { resourceTypesFrom: inherited } : {}), resourceTypes: resourceTypes ?? null };
  }
}

function collectConditions(node, into) {
  if (Array.isArray(node)) for (const n of node) collectConditions(n, into);
  else if (node && typeof node === 'object') {
    if (node.cond_type) into.push(node);
    for (const value of Object.values(node)) if (value && typeof value === 'object') collectConditions(value, into);
  }
  return into;
}

for (const file of listFiles(GRAPH_DIR, '.yaml')) {
  const doc = parseYaml(show(file));
  const id = doc?.metadata?.id;
  if (!/^CKV2_AWS_\d+$/.test(id ?? '')) continue;
  const conditions = collectConditions(doc.definition, []);
  const filtered = conditions.filter((c) => c.cond_type === 'filter' && c.attribute === 'resource_type').flatMap((c) => [c.value].flat());
  const named = conditions.flatMap((c) => [c.resource_types, c.connected_resource_types].flat().filter(Boolean));
  if (checks[id]) throw new Error(`${id} is defined in ${checks[id].file} and ${file}`);
  checks[id] = { kind: 'graph', name: doc.metadata.name ?? null, file, resourceTypes: [...new Set(filtered.length ? filtered : named)].sort() };
}

const byId = (a, b) => {
  const [, pa, na] = /^(CKV2?_AWS)_(\d+)$/.exec(a);
  const [, pb, nb] = /^(CKV2?_AWS)_(\d+)$/.exec(b);
  return pa === pb ? Number(na) - Number(nb) : pa < pb ? -1 : 1;
};
const sorted = Object.fromEntries(Object.keys(checks).sort(byId).map((id) => [id, checks[id]]));
const document = {
  generatedBy: 'scripts/upstream/checkov-checks.mjs',
  source: 'https://github.com/bridgecrewio/checkov',
  tag,
  commit,
  readFrom: [RESOURCE_DIR, GRAPH_DIR].map((dir) => `https://github.com/bridgecrewio/checkov/tree/${tag}/${dir}`),
  checks: sorted,
};
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(`${out}: ${Object.keys(sorted).length} checks at ${tag} (${commit})${unresolved.length ? `; supported resources not found in: ${unresolved.join(', ')}` : ''}`);
