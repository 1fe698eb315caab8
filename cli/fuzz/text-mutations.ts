/**
 * Mutations of a base spec's raw YAML text, below what a parsed object can express: bytes, lines,
 * indentation, tabs, tags, anchors and aliases (and an alias bomb), merge keys, several documents,
 * huge scalars and keys, deep nesting, a byte-order mark, CRLF line ends, NUL and other control
 * characters. Each kind is an arbitrary of `{ description, text }`.
 */
import fc from 'fast-check';
import type { Base } from './corpus';

export const TEXT_KINDS = [
  'byte flip',
  'byte replace',
  'byte delete',
  'byte insert',
  'line delete',
  'line duplicate',
  'indentation',
  'tab',
  'tag',
  'scalar form',
  'anchor and alias',
  'alias bomb',
  'merge key',
  'multiple documents',
  'huge scalar',
  'long key',
  'deep nesting',
  'BOM',
  'CRLF',
  'NUL and control characters',
] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

export interface TextCase {
  readonly description: string;
  readonly text: string;
}

/* ------------------------------------------------------------------------------------------------ */
/* A light line model of a YAML file: enough to place anchors, tags and merge keys where they parse. */
/* ------------------------------------------------------------------------------------------------ */

interface Line {
  readonly index: number;
  readonly text: string;
  readonly indent: number;
  /** Blank or comment only. */
  readonly meaningless: boolean;
  /** `key: value` or `- key: value`: the text up to and including the colon, and the value. */
  readonly keyValue?: { readonly head: string; readonly value: string };
  /** `key:` opening a block (its children follow, more indented). */
  readonly blockStart?: { readonly head: string };
  /** `- value` (a scalar or flow collection list item). */
  readonly item?: { readonly dash: string; readonly value: string };
}

const KEY = String.raw`(?:[A-Za-z0-9_$.\-]+|"[^"]*"|'[^']*')`;
const KEY_VALUE = new RegExp(String.raw`^(\s*(?:-\s+)?${KEY}:)\s+(?!#)(\S.*?)\s*$`);
const BLOCK_START = new RegExp(String.raw`^(\s*(?:-\s+)?${KEY}:)\s*(?:#.*)?$`);
const ITEM = new RegExp(String.raw`^(\s*-\s+)(?!${KEY}:(?:\s|$))(\S.*?)\s*$`);

function linesOf(text: string): Line[] {
  return text.split('\n').map((raw, index) => {
    const indent = raw.length - raw.trimStart().length;
    const meaningless = raw.trim() === '' || raw.trim().startsWith('#');
    const kv = meaningless ? null : KEY_VALUE.exec(raw);
    const block = meaningless || kv ? null : BLOCK_START.exec(raw);
    const item = meaningless || kv || block ? null : ITEM.exec(raw);
    return {
      index,
      text: raw,
      indent,
      meaningless,
      keyValue: kv ? { head: kv[1], value: kv[2] } : undefined,
      blockStart: block ? { head: block[1] } : undefined,
      item: item ? { dash: item[1], value: item[2] } : undefined,
    };
  });
}

/** The lines below a block start that belong to it (more indented, blank and comment lines included). */
function childrenOf(lines: readonly Line[], start: number): number[] {
  const own = lines[start];
  const keyIndent = own.indent + (own.text.trimStart().startsWith('- ') ? 2 : 0);
  const out: number[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.meaningless && line.indent <= keyIndent && !(line.indent === keyIndent && line.text.trimStart().startsWith('- ') && own.blockStart)) break;
    out.push(i);
  }
  while (out.length && lines[out[out.length - 1]].meaningless) out.pop();
  return out;
}

function childIndent(lines: readonly Line[], start: number): number {
  const first = childrenOf(lines, start).map((i) => lines[i]).find((l) => !l.meaningless);
  return first ? first.indent : lines[start].indent + 2;
}

const quote = (s: string) => JSON.stringify(s.length > 70 ? `${s.slice(0, 67)}...` : s);
const lineRef = (lines: readonly Line[], i: number) => `line ${i + 1} ${quote(lines[i].text.trim())}`;
const join = (lines: readonly string[]) => lines.join('\n');

/** A pick among a list known only when the base is: an index arbitrary, mapped. */
const pick = <T>(items: readonly T[]): fc.Arbitrary<T> => fc.nat({ max: Math.max(items.length - 1, 0) }).map((i) => items[i]);

/* ------------------------------------------------------------------------------------------------ */

const INTERESTING_BYTES = [
  ...':-#{}[]&*!|>\'"%@`\t ?,\\\n\r'.split('').map((c) => c.charCodeAt(0)),
  0x00, 0x7f, 0x80, 0xc3, 0xe2, 0xef, 0xfe, 0xff, 0x30, 0x39, 0x41,
];

function byteOp(kind: 'byte flip' | 'byte replace' | 'byte delete' | 'byte insert', base: Base): fc.Arbitrary<TextCase> {
  const size = Buffer.byteLength(base.text);
  const op = fc.record({
    offset: fc.nat({ max: size - 1 }),
    bit: fc.nat({ max: 7 }),
    byte: fc.oneof(fc.constantFrom(...INTERESTING_BYTES), fc.nat({ max: 255 })),
    length: fc.integer({ min: 1, max: 8 }),
    bytes: fc.array(fc.oneof(fc.constantFrom(...INTERESTING_BYTES), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }),
  });
  return fc.array(op, { minLength: 1, maxLength: 3 }).map((ops) => {
    let buffer = Buffer.from(base.text, 'utf8');
    const done: string[] = [];
    for (const o of ops) {
      const offset = Math.min(o.offset, Math.max(buffer.length - 1, 0));
      const where = `byte ${offset} (line ${buffer.subarray(0, offset).toString('latin1').split('\n').length})`;
      if (kind === 'byte flip') {
        buffer[offset] ^= 1 << o.bit;
        done.push(`flip bit ${o.bit} of ${where}`);
      } else if (kind === 'byte replace') {
        buffer[offset] = o.byte;
        done.push(`${where} := 0x${o.byte.toString(16).padStart(2, '0')}`);
      } else if (kind === 'byte delete') {
        buffer = Buffer.concat([buffer.subarray(0, offset), buffer.subarray(offset + o.length)]);
        done.push(`delete ${o.length} byte(s) at ${where}`);
      } else {
        buffer = Buffer.concat([buffer.subarray(0, offset), Buffer.from(o.bytes), buffer.subarray(offset)]);
        done.push(`insert ${o.bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ')} at ${where}`);
      }
    }
    // As readFileSync(path, 'utf8') would read the file: invalid UTF-8 becomes U+FFFD.
    return { description: done.join('; '), text: buffer.toString('utf8') };
  });
}

function lineCase(kind: TextKind, base: Base): fc.Arbitrary<TextCase> {
  const lines = linesOf(base.text);
  const meaningful = lines.filter((l) => !l.meaningless).map((l) => l.index);
  const values = lines.filter((l) => l.keyValue || l.item).map((l) => l.index);
  const blocks = lines.filter((l) => l.blockStart && childrenOf(lines, l.index).length).map((l) => l.index);
  const raw = lines.map((l) => l.text);
  switch (kind) {
    case 'line delete':
      return fc.tuple(pick(meaningful), fc.boolean()).map(([i, withChildren]) => {
        const drop = new Set([i, ...(withChildren && lines[i].blockStart ? childrenOf(lines, i) : [])]);
        return { description: `delete ${lineRef(lines, i)}${drop.size > 1 ? ` and its ${drop.size - 1} child line(s)` : ''}`, text: join(raw.filter((_, j) => !drop.has(j))) };
      });
    case 'line duplicate':
      return fc.tuple(pick(meaningful), fc.boolean(), fc.nat({ max: raw.length })).map(([i, withChildren, to]) => {
        const block = [i, ...(withChildren && lines[i].blockStart ? childrenOf(lines, i) : [])].map((j) => raw[j]);
        const at = withChildren ? i + block.length : to;
        const out = [...raw.slice(0, at), ...block, ...raw.slice(at)];
        return { description: `copy ${lineRef(lines, i)}${block.length > 1 ? ` with its ${block.length - 1} child line(s)` : ''} to line ${at + 1}`, text: join(out) };
      });
    case 'indentation':
      return fc.tuple(pick(meaningful), fc.constantFrom(-4, -2, -1, 1, 2, 3, 4, 8), fc.boolean()).map(([i, delta, withChildren]) => {
        const moved = new Set([i, ...(withChildren && lines[i].blockStart ? childrenOf(lines, i) : [])]);
        const out = raw.map((text, j) => (moved.has(j) ? (delta > 0 ? ' '.repeat(delta) + text : text.slice(Math.min(-delta, lines[j].indent))) : text));
        return { description: `indent ${lineRef(lines, i)}${moved.size > 1 ? ' and its children' : ''} by ${delta}`, text: join(out) };
      });
    case 'tab':
      return fc.tuple(pick(meaningful), fc.constantFrom('indent as tabs', 'tab before indent', 'tab after colon', 'trailing tab', 'tab instead of space after dash')).map(([i, how]) => {
        const line = raw[i];
        const lead = line.slice(0, lines[i].indent);
        const rest = line.slice(lines[i].indent);
        const changed = {
          'indent as tabs': '\t'.repeat(Math.ceil(lead.length / 2)) + rest,
          'tab before indent': `\t${line}`,
          'tab after colon': line.replace(/: /, ':\t'),
          'trailing tab': `${line}\t`,
          'tab instead of space after dash': line.replace(/- /, '-\t'),
        }[how];
        return { description: `${how} on ${lineRef(lines, i)}`, text: join([...raw.slice(0, i), changed, ...raw.slice(i + 1)]) };
      });
    case 'tag': {
      const tagged = [...values, ...blocks];
      const tags = ['!!binary', '!!set', '!!timestamp', '!!float', '!!int', '!!str', '!!bool', '!!null', '!!map', '!!seq', '!!omap', '!!pairs', '!custom', '!vault', '!<tag:yaml.org,2002:str>', '!!merge', '!!python/object:os.system', '!'];
      const typical: Record<string, string> = { '!!binary': 'aGVsbG8gd29ybGQ=', '!!timestamp': '2001-12-14t21:59:43.10-05:00', '!!float': '.nan', '!!int': '0x1F', '!!set': '{ a, b }', '!!omap': '[ a: 1, b: 2 ]', '!!pairs': '[ a: 1, a: 2 ]', '!!bool': 'yes', '!!null': '~' };
      return fc.tuple(pick(tagged), fc.constantFrom(...tags), fc.boolean(), fc.boolean()).map(([i, tag, yaml11, typicalValue]) => {
        const line = lines[i];
        let changed: string;
        if (line.keyValue) changed = `${line.keyValue.head} ${tag} ${typicalValue && typical[tag] ? typical[tag] : line.keyValue.value}`;
        else if (line.item) changed = `${line.item.dash}${tag} ${typicalValue && typical[tag] ? typical[tag] : line.item.value}`;
        else changed = `${line.blockStart!.head} ${tag}`;
        const out = [...raw.slice(0, i), changed, ...raw.slice(i + 1)];
        return { description: `${yaml11 ? '%YAML 1.1 document, ' : ''}${lineRef(lines, i)} becomes ${quote(changed.trim())}`, text: (yaml11 ? '%YAML 1.1\n---\n' : '') + join(out) };
      });
    }
    case 'scalar form': {
      const forms = ['yes', 'No', 'on', 'OFF', '~', 'null', 'Null', '.inf', '-.Inf', '.NaN', '0x1F', '0o17', '017', '1e3', '1_000', '190:20:30', '2001-12-14', "'single'", '"\\u0000"', '"\\x07bell"', '"\\uD800"', '|\n  block\n  text', '>-\n  folded', '""', "''", '[]', '{}', '-', '?', '@at', '`tick', '"unterminated', "'it''s'", '!', '&', '*', '12345678901234567890', '-0', '0.1e-400', '1.35', '"1.35"'];
      return fc.tuple(pick(values), fc.constantFrom(...forms), fc.boolean()).map(([i, form, yaml11]) => {
        const line = lines[i];
        const head = line.keyValue ? `${line.keyValue.head} ` : line.item!.dash;
        const indent = ' '.repeat(line.indent + 2);
        const changed = head + form.replace(/\n {2}/g, `\n${indent}`);
        return { description: `${yaml11 ? '%YAML 1.1 document, ' : ''}${lineRef(lines, i)} value becomes ${quote(form)}`, text: (yaml11 ? '%YAML 1.1\n---\n' : '') + join([...raw.slice(0, i), changed, ...raw.slice(i + 1)]) };
      });
    }
    case 'anchor and alias': {
      const anchorable = [...values, ...blocks];
      const targets = [...values, ...blocks];
      return fc.tuple(pick(anchorable), pick(targets), fc.constantFrom('a', 'net', 'x-1', 'ä'), fc.constantFrom('alias', 'undefined alias', 'two anchors, same name')).map(([a, b, name, how]) => {
        const out = [...raw];
        const anchorLine = (i: number, anchor: string) => {
          const l = lines[i];
          if (l.keyValue) return `${l.keyValue.head} &${anchor} ${l.keyValue.value}`;
          if (l.item) return `${l.item.dash}&${anchor} ${l.item.value}`;
          return `${l.blockStart!.head} &${anchor}`;
        };
        out[a] = anchorLine(a, name);
        const target = lines[b];
        const head = target.keyValue?.head ?? target.blockStart?.head;
        const alias = how === 'undefined alias' ? `*${name}-undefined` : `*${name}`;
        const drop = new Set<number>();
        if (how === 'two anchors, same name') out[b] = b === a ? out[b] : anchorLine(b, name);
        else if (head) {
          out[b] = `${head} ${alias}`;
          if (target.blockStart) childrenOf(lines, b).forEach((j) => drop.add(j));
        } else out[b] = `${target.item!.dash}${alias}`;
        return { description: `${how}: &${name} on ${lineRef(lines, a)}; ${lineRef(lines, b)} becomes ${quote(out[b].trim())}`, text: join(out.filter((_, j) => !drop.has(j))) };
      });
    }
    case 'merge key': {
      const flowItems = lines.filter((l) => l.item && l.item.value.startsWith('{')).map((l) => l.index);
      const block = fc.tuple(pick(blocks), pick(blocks), fc.constantFrom('merge', 'merge list', 'merge scalar', 'inline merge')).map(([a, b, how]) => {
        const out = [...raw];
        out[a] = `${lines[a].blockStart!.head} &m`;
        const indent = ' '.repeat(childIndent(lines, b));
        const value = { merge: '*m', 'merge list': '[*m, *s]', 'merge scalar': '*s', 'inline merge': '{ extra: 1 }' }[how];
        const scalar = values.find((v) => v !== a && v !== b);
        if (how !== 'merge' && how !== 'inline merge' && scalar !== undefined) {
          const l = lines[scalar];
          out[scalar] = l.keyValue ? `${l.keyValue.head} &s ${l.keyValue.value}` : `${l.item!.dash}&s ${l.item!.value}`;
        }
        const merged = `${indent}<<: ${value}`;
        const text = join([...out.slice(0, b + 1), merged, ...out.slice(b + 1)]);
        return { description: `${how}: &m on ${lineRef(lines, a)}; "${merged.trim()}" under ${lineRef(lines, b)}`, text };
      });
      if (!flowItems.length) return block;
      const flow = fc.tuple(pick(flowItems), fc.constantFrom('copy', 'merge-copy', 'duplicate-key')).map(([i, how]) => {
        const out = [...raw];
        const l = lines[i];
        out[i] = `${l.item!.dash}&m ${l.item!.value}`;
        // The new item goes after the last sibling of the list.
        let last = i;
        while (last + 1 < raw.length && lines[last + 1].item && lines[last + 1].indent === l.indent) last++;
        const item = { copy: '{ <<: *m, name: copy }', 'merge-copy': '{ <<: [*m], name: merged-copy, extra: 1 }', 'duplicate-key': '{ <<: *m, <<: *m }' }[how];
        const added = `${l.item!.dash}${item}`;
        return { description: `${how}: &m on ${lineRef(lines, i)}; "${added.trim()}" added after line ${last + 1}`, text: join([...out.slice(0, last + 1), added, ...out.slice(last + 1)]) };
      });
      return fc.oneof(block, flow);
    }
    default:
      throw new Error(`not a line kind: ${kind}`);
  }
}

/** Billion laughs: `depth` levels of `width` aliases each, defined under tags and used elsewhere. */
function aliasBomb(base: Base): fc.Arbitrary<TextCase> {
  const lines = linesOf(base.text);
  const raw = lines.map((l) => l.text);
  const tags = raw.findIndex((l) => l.startsWith('tags:'));
  const description = raw.findIndex((l) => l.startsWith('description:'));
  const admins = raw.findIndex((l) => /^ {2}admins:/.test(l));
  return fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 2, max: 10 }), fc.constantFrom('tags', 'description', 'eks.admins', 'new key')).map(([depth, width, use]) => {
    const bomb = [`  l0: &l0 "lol"`];
    for (let d = 1; d <= depth; d++) bomb.push(`  l${d}: &l${d} [${Array.from({ length: width }, () => `*l${d - 1}`).join(', ')}]`);
    const out: (string | undefined)[] = [...raw];
    const alias = `*l${depth}`;
    if (use === 'description') out[description] = `description: ${alias}`;
    if (use === 'eks.admins') {
      out[admins] = `  admins: ${alias}`;
      for (const child of childrenOf(lines, admins)) out[child] = undefined;
    }
    const text = join([...out.slice(0, tags + 1), ...bomb, ...out.slice(tags + 1)].filter((l): l is string => l !== undefined)) + (use === 'new key' ? `\nlol: ${alias}\n` : '');
    return { description: `${depth} level(s) of ${width} aliases (${(width ** depth).toLocaleString('en-US')} strings) under tags, used at ${use}`, text };
  });
}

function multipleDocuments(base: Base): fc.Arbitrary<TextCase> {
  const raw = base.text.split('\n');
  return fc.tuple(fc.constantFrom('--- inside', '... inside', 'leading ---', 'trailing ...', 'spec twice', 'second document {}', 'second document scalar', '--- with tag', 'empty document after'), fc.nat({ max: raw.length })).map(([how, at]) => {
    const text = {
      '--- inside': join([...raw.slice(0, at), '---', ...raw.slice(at)]),
      '... inside': join([...raw.slice(0, at), '...', ...raw.slice(at)]),
      'leading ---': `---\n${base.text}`,
      'trailing ...': `${base.text}...\n`,
      'spec twice': `${base.text}---\n${base.text}`,
      'second document {}': `${base.text}---\n{}\n`,
      'second document scalar': `${base.text}--- just text\n`,
      '--- with tag': `--- !!map\n${base.text}`,
      'empty document after': `${base.text}---\n`,
    }[how];
    return { description: how.includes('inside') ? `${how} at line ${at + 1}` : how, text };
  });
}

function hugeScalar(base: Base): fc.Arbitrary<TextCase> {
  const raw = base.text.split('\n');
  return fc
    .tuple(fc.integer({ min: 900_000, max: 1_100_000 }), fc.constantFrom('plain', 'double-quoted', 'single-quoted', 'literal block', 'folded block', 'comment'), fc.constantFrom('description', 'tags.team', 'eks.name', 'vpc.cidr', 'eks.admins[0]', 'new module'), fc.constantFrom('a', 'lorem ipsum ', '€', 'x\\n'))
    .map(([size, style, where, unit]) => {
      const body = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
      const indent = where === 'description' || where === 'new module' ? '  ' : '      ';
      const scalar = {
        plain: body.replace(/\\n/g, 'n').trim(),
        'double-quoted': JSON.stringify(body),
        'single-quoted': `'${body}'`,
        'literal block': `|\n${indent}${body}`,
        'folded block': `>\n${indent}${body}`,
        comment: `ok # ${body}`,
      }[style];
      let text: string;
      const replaceLine = (pattern: RegExp, make: (line: string) => string) => {
        const i = raw.findIndex((l) => pattern.test(l));
        return i < 0 ? `${base.text}\nfuzz: ${scalar}\n` : join([...raw.slice(0, i), make(raw[i]), ...raw.slice(i + 1)]);
      };
      switch (where) {
        case 'description':
          text = replaceLine(/^description:/, () => `description: ${scalar}`);
          break;
        case 'tags.team':
          text = replaceLine(/^ {2}team:/, () => `  team: ${scalar}`);
          break;
        case 'eks.name':
          text = replaceLine(/^eks:/, () => `eks:\n  name: ${scalar.replace(/\n {2}/g, '\n    ')}`);
          break;
        case 'vpc.cidr':
          text = replaceLine(/^ {2}cidr:/, () => `  cidr: ${scalar.replace(/\n {2}/g, '\n    ')}`);
          break;
        case 'eks.admins[0]':
          text = replaceLine(/^ {4}- arn:aws:iam::\d+:role\/platform-admin/, () => `    - ${scalar.replace(/\n {6}/g, '\n      ')}`);
          break;
        default:
          text = `${base.text}\nfuzz-module: ${scalar}\n`;
      }
      return { description: `${style} scalar of ${body.length.toLocaleString('en-US')} characters (${JSON.stringify(unit)} repeated) at ${where}`, text };
    });
}

function longKey(base: Base): fc.Arbitrary<TextCase> {
  return fc.tuple(fc.constantFrom(1025, 10_000, 1_000_000), fc.constantFrom('implicit top-level key', 'explicit top-level key', 'tag key', 'quoted top-level key', 'explicit key in eks')).map(([length, how]) => {
    const key = 'k'.repeat(length);
    const raw = base.text.split('\n');
    const tags = raw.findIndex((l) => l.startsWith('tags:'));
    const eks = raw.findIndex((l) => l.startsWith('eks:'));
    const text = {
      'implicit top-level key': `${base.text}\n${key}: {}\n`,
      'explicit top-level key': `${base.text}\n? ${key}\n: {}\n`,
      'quoted top-level key': `${base.text}\n"${key}": {}\n`,
      'tag key': join([...raw.slice(0, tags + 1), `  ? ${key}\n  : value`, ...raw.slice(tags + 1)]),
      'explicit key in eks': join([...raw.slice(0, eks + 1), `  ? ${key}\n  : 1`, ...raw.slice(eks + 1)]),
    }[how];
    return { description: `${how} of ${length.toLocaleString('en-US')} characters`, text };
  });
}

function deepNesting(base: Base): fc.Arbitrary<TextCase> {
  return fc.tuple(fc.constantFrom(64, 1000, 10_000, 100_000), fc.constantFrom('flow lists', 'flow maps', 'block maps', 'compact block lists', 'mixed flow'), fc.constantFrom('tags.deep', 'description', 'new module', 'karpenter.nodeTags')).map(([requested, form, where]) => {
    // Block forms indent one more column per level, so they stay at most a few MB.
    const depth = form === 'block maps' ? Math.min(requested, 2000) : requested;
    const indent = where === 'karpenter.nodeTags' ? '    ' : where === 'tags.deep' ? '  ' : '';
    let value: string;
    if (form === 'flow lists') value = `${'['.repeat(depth)}x${']'.repeat(depth)}`;
    else if (form === 'flow maps') value = `${'{a: '.repeat(depth)}x${'}'.repeat(depth)}`;
    else if (form === 'mixed flow') value = `${'[{a: '.repeat(depth / 2)}x${'}]'.repeat(depth / 2)}`;
    else if (form === 'compact block lists') value = `\n${indent}  ${'- '.repeat(depth)}x`;
    else value = Array.from({ length: depth }, (_, d) => `\n${indent}${' '.repeat(d + 1)}a:`).join('') + ` x`;
    const raw = base.text.split('\n');
    let text: string;
    if (where === 'tags.deep') {
      const tags = raw.findIndex((l) => l.startsWith('tags:'));
      text = join([...raw.slice(0, tags + 1), `  deep: ${value}`, ...raw.slice(tags + 1)]);
    } else if (where === 'description') {
      const i = raw.findIndex((l) => l.startsWith('description:'));
      text = join([...raw.slice(0, i), `description: ${value}`, ...raw.slice(i + 1)]);
    } else if (where === 'karpenter.nodeTags') {
      const i = raw.findIndex((l) => l.startsWith('karpenter:'));
      text = join([...raw.slice(0, i + 1), `  nodeTags:`, `    deep: ${value}`, ...raw.slice(i + 1)]);
    } else text = `${base.text}\nfuzz-deep: ${value}\n`;
    return { description: `${depth.toLocaleString('en-US')} levels of ${form} at ${where}`, text };
  });
}

function bom(base: Base): fc.Arbitrary<TextCase> {
  const raw = base.text.split('\n');
  return fc.tuple(fc.constantFrom('leading BOM', 'two BOMs', 'BOM at a line start', 'BOM inside a value', 'UTF-16 BOM bytes'), fc.nat({ max: raw.length - 1 })).map(([how, at]) => {
    const text = {
      'leading BOM': `\uFEFF${base.text}`,
      'two BOMs': `\uFEFF\uFEFF${base.text}`,
      'BOM at a line start': join([...raw.slice(0, at), `\uFEFF${raw[at]}`, ...raw.slice(at + 1)]),
      'BOM inside a value': join([...raw.slice(0, at), raw[at].replace(/: (\S)/, ': \uFEFF$1'), ...raw.slice(at + 1)]),
      'UTF-16 BOM bytes': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(base.text)]).toString('utf8'),
    }[how];
    return { description: how.includes('line') || how.includes('value') ? `${how} (line ${at + 1})` : how, text };
  });
}

function crlf(base: Base): fc.Arbitrary<TextCase> {
  const raw = base.text.split('\n');
  return fc.tuple(fc.constantFrom('all CRLF', 'some lines CRLF', 'CR only', 'CRLF and a trailing CR', 'CR inside a line'), fc.array(fc.boolean(), { minLength: raw.length, maxLength: raw.length }), fc.nat({ max: raw.length - 1 })).map(([how, which, at]) => {
    const text = {
      'all CRLF': raw.join('\r\n'),
      'some lines CRLF': raw.map((l, i) => (which[i] && i < raw.length - 1 ? `${l}\r` : l)).join('\n'),
      'CR only': raw.join('\r'),
      'CRLF and a trailing CR': `${raw.join('\r\n')}\r`,
      'CR inside a line': join([...raw.slice(0, at), raw[at].replace(/: /, ':\r '), ...raw.slice(at + 1)]),
    }[how];
    return { description: how === 'CR inside a line' ? `${how} (line ${at + 1})` : how, text };
  });
}

function controlCharacters(base: Base): fc.Arbitrary<TextCase> {
  const size = base.text.length;
  return fc.tuple(fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u2028', '\uFFFE', '\uD800', '\u0000\u0000\u0000\u0000'), fc.constantFrom('at an offset', 'at the end', 'in a quoted value', 'as a double-quoted escape', 'instead of the file'), fc.nat({ max: size })).map(([char, where, offset]) => {
    const name = [...char].map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
    let text: string;
    if (where === 'at an offset') text = base.text.slice(0, offset) + char + base.text.slice(offset);
    else if (where === 'at the end') text = base.text + char;
    else if (where === 'in a quoted value') text = base.text.replace(/^(description: )(.*)$/m, (_m, head: string, value: string) => `${head}"${value}${char}"`);
    else if (where === 'as a double-quoted escape') text = base.text.replace(/^( {2}team: )(.*)$/m, (_m, head: string, value: string) => `${head}"${value}${[...char].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`);
    else text = char;
    return { description: `${name} ${where}${where === 'at an offset' ? ` ${offset}` : ''}`, text };
  });
}

/** The arbitrary of one text kind on one base. */
export function textCase(base: Base, kind: TextKind): fc.Arbitrary<TextCase> {
  switch (kind) {
    case 'byte flip':
    case 'byte replace':
    case 'byte delete':
    case 'byte insert':
      return byteOp(kind, base);
    case 'alias bomb':
      return aliasBomb(base);
    case 'multiple documents':
      return multipleDocuments(base);
    case 'huge scalar':
      return hugeScalar(base);
    case 'long key':
      return longKey(base);
    case 'deep nesting':
      return deepNesting(base);
    case 'BOM':
      return bom(base);
    case 'CRLF':
      return crlf(base);
    case 'NUL and control characters':
      return controlCharacters(base);
    default:
      return lineCase(kind, base);
  }
}
