#!/usr/bin/env node
/**
 * Which resource attributes FORCE REPLACEMENT, read from Terraform provider Go source.
 *
 * Writes verify/upstream/replacement-attributes.json (see verify/upstream/README.md).
 *
 * Usage (ES module, Node >= 20, no dependencies; `git` on PATH for git/gophon sources):
 *
 *   node scripts/upstream/provider-replacement.mjs \
 *     --source aws=gophon:/work/.mirror/lonegunmanb+terraform-provider-aws-index/repo@v6.25.0 \
 *     --source helm=git:/work/.mirror/hashicorp+terraform-provider-helm/repo@v3.1.1 \
 *     --source kubernetes=git:/work/.mirror/hashicorp+terraform-provider-kubernetes/repo@v2.38.0 \
 *     --source tfe=git:/work/.mirror/hashicorp+terraform-provider-tfe/repo@v0.79.0 \
 *     --out verify/upstream/replacement-attributes.json
 *
 * A source is `<provider>=<kind>:<path>[@<ref>]` (provider: aws, helm, kubernetes, tfe):
 *   git:<git dir or work tree>@<tag>   a (bare) clone of the provider repository, read at <tag> with
 *                                      `git ls-tree` / `git grep` / `git cat-file` (nothing is checked
 *                                      out); the tag's commit is recorded. Preferred for every provider,
 *                                      aws included (`--source aws=git:/path/terraform-provider-aws@v6.25.0`).
 *   dir:<checkout>[@<tag>]             a plain directory holding the provider repository (@<tag> only
 *                                      labels the version; the commit is read with `git rev-parse HEAD`
 *                                      when the directory is a work tree).
 *   gophon:<git dir>@<tag>             a clone of lonegunmanb/terraform-provider-aws-index: per-symbol
 *                                      copies of the aws provider's Go declarations (index/internal/...,
 *                                      one `func.X.goindex` / `method.T.M.goindex` / `var.X.goindex` /
 *                                      `type.T.goindex` per declaration), made by that repository's CI
 *                                      from a checkout of hashicorp/terraform-provider-aws at <tag>. Used
 *                                      because the aws repository (~930 MB) is too large to mirror here.
 *                                      It has no file names (the output's `file` comes from a checked
 *                                      table, PROVIDERS.aws.gophonFiles) and no top-level `names`
 *                                      package: `names.Attr*` constants are then derived by the
 *                                      provider's naming rule (attrConstValue), or read from a directory
 *                                      holding names/*.go given with
 *                                      `--overlay aws:github.com/hashicorp/terraform-provider-aws/names=<dir>`.
 * `--commit <provider>=<sha>` records the upstream commit when the source cannot tell it (gophon).
 * `--only <type,...>` limits the run (debugging); `--verbose` prints per-resource warnings.
 * Exit status 1 when a resource could not be extracted (its entry then holds `error`).
 *
 * What is extracted (nothing is hand-listed: attribute facts come from parsing the Go source):
 *   SDKv2 resources      schema fields with `ForceNew: true`, recursing into
 *                        `Elem: &schema.Resource{Schema|SchemaFunc}` (nested paths joined with '.'),
 *                        and `CustomizeDiff` functions: customdiff.ForceNewIf/ForceNewIfChange and
 *                        `d.ForceNew("x")` calls (recorded as conditional, with the guarding
 *                        `if` conditions and nearby comments as the condition text);
 *   framework resources  attribute/block plan modifiers `*planmodifier.RequiresReplace()` (forceNew),
 *                        `RequiresReplaceIf*` (conditional), and `RequiresReplace` set in ModifyPlan;
 *   protocol resources   `RequiresReplace` paths set in PlanResourceChange (kubernetes_manifest);
 *   aws region           resources registered with `Region: ...ResourceRegionDefault()` get the
 *                        provider-injected `region` attribute, replaced when it changes (conditional).
 * Schema-building helpers are followed by a small interpreter: function calls (also across
 * packages of the provider module), package-level vars/consts, local variables, map index
 * assignments (`fields["x"] = ...`), field assignments (`s.ForceNew = true`), `if` on known values.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// ───────────────────────────── Go tokenizer ─────────────────────────────

const KEYWORDS = new Set('break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var'.split(' '));
const OPS = ['<<=', '>>=', '&^=', '...', '&&', '||', '<-', '++', '--', '==', '!=', '<=', '>=', ':=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>', '&^', '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', '!', '(', ')', '[', ']', '{', '}', ',', ';', '.', ':', '~'];

function tokenize(src) {
  const toks = [];
  const comments = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  const needsSemi = () => {
    const t = toks[toks.length - 1];
    if (!t) return false;
    if (t.t === 'id' || t.t === 'str' || t.t === 'num' || t.t === 'rune') return true;
    if (t.t === 'kw') return t.v === 'break' || t.v === 'continue' || t.v === 'fallthrough' || t.v === 'return';
    if (t.t === 'op') return t.v === ')' || t.v === ']' || t.v === '}' || t.v === '++' || t.v === '--';
    return false;
  };
  const push = (t, v, s, e, extra) => toks.push({ t, v, s, e, line, ...extra });
  while (i < n) {
    const c = src[i];
    if (c === '\n') {
      if (needsSemi()) push(';', '\n', i, i);
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      let j = src.indexOf('\n', i);
      if (j < 0) j = n;
      comments.push({ line, text: src.slice(i + 2, j).trim(), s: i });
      i = j;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      let j = src.indexOf('*/', i + 2);
      if (j < 0) j = n - 2;
      const text = src.slice(i + 2, j);
      const nl = (text.match(/\n/g) || []).length;
      comments.push({ line, text: text.trim(), s: i });
      if (nl && needsSemi()) push(';', '\n', i, i);
      line += nl;
      i = j + 2;
      continue;
    }
    if (/[A-Za-z_]/.test(c) || c.charCodeAt(0) > 127) {
      let j = i + 1;
      while (j < n && (/[A-Za-z0-9_]/.test(src[j]) || src.charCodeAt(j) > 127)) j++;
      const w = src.slice(i, j);
      push(KEYWORDS.has(w) ? 'kw' : 'id', w, i, j);
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] || ''))) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(src[j])) {
        if ((src[j] === '+' || src[j] === '-') && /[eEpP]/.test(src[j - 1])) j++;
        j++;
      }
      push('num', src.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let v = '';
      while (j < n && src[j] !== '"') {
        if (src[j] === '\\') {
          const e = src[j + 1];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e === '\\' ? '\\' : e === '"' ? '"' : e;
          j += 2;
        } else v += src[j++];
      }
      push('str', v, i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '`') {
      let j = src.indexOf('`', i + 1);
      if (j < 0) j = n;
      const v = src.slice(i + 1, j);
      push('str', v, i, j + 1);
      line += (v.match(/\n/g) || []).length;
      i = j + 1;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== "'") j += src[j] === '\\' ? 2 : 1;
      push('rune', src.slice(i, j + 1), i, j + 1);
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) {
      i++;
      continue;
    }
    push(op === ';' ? ';' : 'op', op, i, i + op.length);
    i += op.length;
  }
  if (needsSemi()) push(';', '\n', n, n);
  toks.push({ t: 'eof', v: '', s: n, e: n, line });
  return { toks, comments };
}

// ───────────────────────────── Go parser (subset, error tolerant) ─────────────────────────────

class ParseError extends Error {}

class Parser {
  constructor(file) {
    this.file = file;
    const { toks, comments } = tokenize(file.text);
    this.toks = toks;
    file.comments = comments;
    this.p = 0;
    this.noLit = 0;
  }
  get tok() {
    return this.toks[this.p];
  }
  peek(k = 1) {
    return this.toks[Math.min(this.p + k, this.toks.length - 1)];
  }
  is(v) {
    const t = this.tok;
    return (t.t === 'op' || t.t === 'kw') && t.v === v;
  }
  isSemi() {
    return this.tok.t === ';';
  }
  next() {
    const t = this.tok;
    if (this.p < this.toks.length - 1) this.p++;
    return t;
  }
  expect(v) {
    if (v === ';') {
      if (this.isSemi()) return this.next();
      if (this.is(')') || this.is('}')) return this.tok; // optional before closing
      throw new ParseError(`expected ; at line ${this.tok.line}, got ${this.tok.v}`);
    }
    if (!this.is(v)) throw new ParseError(`expected ${v} at line ${this.tok.line} of ${this.file.name}, got '${this.tok.v}'`);
    return this.next();
  }
  node(type, start, props) {
    const prev = this.toks[this.p - 1] || this.tok;
    return { type, s: start.s, e: Math.max(prev.e, start.s), line: start.line, f: this.file, ...props };
  }
  skipBalanced() {
    // skip one token or a balanced bracket group
    const open = { '(': ')', '[': ']', '{': '}' };
    const t = this.next();
    if (t.t === 'op' && open[t.v]) {
      let depth = 1;
      while (depth > 0 && this.tok.t !== 'eof') {
        const u = this.next();
        if (u.t === 'op' && open[u.v]) depth++;
        else if (u.t === 'op' && (u.v === ')' || u.v === ']' || u.v === '}')) depth--;
      }
    }
  }

  // ── file ──
  parseFile() {
    const imports = new Map();
    const decls = [];
    if (this.is('package')) {
      this.next();
      while (!this.isSemi() && this.tok.t !== 'eof') this.next();
      this.expect(';');
    }
    while (this.is('import')) {
      this.next();
      const spec = () => {
        let alias = null;
        if (this.tok.t === 'id' || this.is('.')) alias = this.next().v;
        const path = this.next().v;
        const parts = path.split('/');
        let def = parts[parts.length - 1];
        if (/^v[0-9]+$/.test(def) && parts.length > 1) def = parts[parts.length - 2];
        def = def.replace(/^go-/, '').replace(/[-.].*$/, '');
        imports.set(alias && alias !== '_' && alias !== '.' ? alias : def, path);
      };
      if (this.is('(')) {
        this.next();
        while (!this.is(')') && this.tok.t !== 'eof') {
          if (this.isSemi()) {
            this.next();
            continue;
          }
          spec();
        }
        this.next();
      } else spec();
      if (this.isSemi()) this.next();
    }
    while (this.tok.t !== 'eof') {
      const save = this.p;
      try {
        if (this.isSemi()) {
          this.next();
          continue;
        }
        if (this.is('func')) decls.push(this.parseFuncDecl());
        else if (this.is('type')) decls.push(...this.parseTypeDecl());
        else if (this.is('var') || this.is('const')) decls.push(...this.parseValueDecl(this.next().v, true));
        else if (this.tok.t === 'id' && this.file.defaultDeclKind) {
          // gophon index files hold a bare ValueSpec (`name = expr`) for vars/consts
          decls.push(...this.parseValueSpecs(this.file.defaultDeclKind, true));
        } else this.skipToSemi();
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        this.file.warnings.push(e.message);
        this.p = save;
        this.skipToSemi(true);
      }
    }
    return { imports, decls };
  }
  skipToSemi(force) {
    if (force) this.next();
    while (!this.isSemi() && this.tok.t !== 'eof') {
      if (this.is('(') || this.is('[') || this.is('{')) this.skipBalanced();
      else this.next();
    }
    if (this.isSemi()) this.next();
  }
  parseFuncDecl() {
    const start = this.expect('func');
    let recv = null;
    if (this.is('(')) {
      const params = this.parseParams();
      const p = params[0] || {};
      const tt = p.typeText || '';
      recv = { name: p.name || null, type: tt.replace(/^\*/, '').replace(/\[.*$/, '') };
    }
    const name = this.next().v;
    if (this.is('[')) this.skipBalanced(); // type parameters
    const params = this.parseParams();
    this.parseResults();
    let body = null;
    if (this.is('{')) body = this.parseBlock();
    return this.node('FuncDecl', start, { name, recv, params, body });
  }
  parseParams() {
    this.expect('(');
    const entries = [];
    while (!this.is(')') && this.tok.t !== 'eof') {
      if (this.isSemi()) {
        this.next();
        continue;
      }
      let name = null;
      if (this.tok.t === 'id' && !(this.peek().t === 'op' && ['.', ',', ')'].includes(this.peek().v))) name = this.next().v;
      let variadic = false;
      if (this.is('...')) {
        this.next();
        variadic = true;
      }
      const ty = this.parseType();
      entries.push({ name, typeText: this.text(ty), bare: ty.type === 'Ident' ? ty.name : null, variadic });
      if (this.is(',')) this.next();
    }
    this.expect(')');
    const out = [];
    if (entries.some((e) => e.name)) {
      let group = [];
      for (const e of entries) {
        if (e.name) {
          for (const g of group) out.push({ name: g.bare, typeText: e.typeText, variadic: false });
          group = [];
          out.push({ name: e.name, typeText: e.typeText, variadic: e.variadic });
        } else group.push(e);
      }
    } else for (const e of entries) out.push({ name: null, typeText: e.typeText, variadic: e.variadic });
    return out;
  }
  parseResults() {
    if (this.is('(')) {
      this.parseParams();
      return;
    }
    if (this.is('{') || this.isSemi() || this.is(')') || this.is(',') || this.is(']') || this.is('}') || this.is('=')) return;
    if (this.tok.t === 'str') return;
    this.parseType();
  }
  /** `Name[T]` followed by end of field: an embedded generic type. */
  genericEmbedded() {
    if (!(this.peek().t === 'op' && this.peek().v === '[')) return false;
    let k = this.p + 1;
    let depth = 0;
    for (; k < this.toks.length; k++) {
      const t = this.toks[k];
      if (t.t === 'op' && t.v === '[') depth++;
      else if (t.t === 'op' && t.v === ']' && --depth === 0) break;
    }
    const after = this.toks[k + 1];
    return !!after && (after.t === ';' || after.t === 'str' || (after.t === 'op' && after.v === '}'));
  }
  parseTypeDecl() {
    const start = this.expect('type');
    const out = [];
    const spec = () => {
      const st = this.tok;
      const name = this.next().v;
      if (this.is('[') && !(this.peek().t === 'op' && this.peek().v === ']')) this.skipBalanced();
      if (this.is('=')) this.next();
      const ty = this.parseType();
      out.push(this.node('TypeDecl', st, { name, typeNode: ty }));
    };
    if (this.is('(')) {
      this.next();
      while (!this.is(')') && this.tok.t !== 'eof') {
        if (this.isSemi()) {
          this.next();
          continue;
        }
        spec();
      }
      this.next();
    } else spec();
    void start;
    return out;
  }
  parseValueDecl(kind, topLevel) {
    if (this.is('(')) {
      this.next();
      const out = [];
      while (!this.is(')') && this.tok.t !== 'eof') {
        if (this.isSemi()) {
          this.next();
          continue;
        }
        out.push(...this.parseValueSpecs(kind, topLevel, true));
      }
      this.next();
      return out;
    }
    return this.parseValueSpecs(kind, topLevel);
  }
  parseValueSpecs(kind, topLevel, inGroup) {
    const st = this.tok;
    const names = [this.next().v];
    while (this.is(',')) {
      this.next();
      names.push(this.next().v);
    }
    let typeNode = null;
    if (!this.is('=') && !this.isSemi() && !this.is(')')) typeNode = this.parseType();
    let values = [];
    if (this.is('=')) {
      this.next();
      values = this.parseExprList();
    }
    if (this.isSemi()) this.next();
    else if (!inGroup && !this.is(')') && !this.is('}') && this.tok.t !== 'eof') throw new ParseError(`bad value spec at line ${this.tok.line}`);
    return [this.node('ValueSpec', st, { kind, names, typeNode, values, topLevel })];
  }

  // ── types ──
  parseType() {
    const st = this.tok;
    if (this.is('*')) {
      this.next();
      return this.node('StarType', st, { x: this.parseType() });
    }
    if (this.is('[')) {
      this.next();
      let len = null;
      if (!this.is(']')) {
        if (this.is('...')) this.next();
        else len = this.parseExpr();
      }
      this.expect(']');
      return this.node('ArrayType', st, { len, elt: this.parseType() });
    }
    if (this.is('map')) {
      this.next();
      this.expect('[');
      const key = this.parseType();
      this.expect(']');
      return this.node('MapType', st, { key, value: this.parseType() });
    }
    if (this.is('chan') || this.is('<-')) {
      while (this.is('chan') || this.is('<-')) this.next();
      return this.node('ChanType', st, { elt: this.parseType() });
    }
    if (this.is('func')) {
      this.next();
      this.parseParams();
      this.parseResults();
      return this.node('FuncType', st, {});
    }
    if (this.is('struct')) {
      this.next();
      const fields = [];
      this.expect('{');
      while (!this.is('}') && this.tok.t !== 'eof') {
        if (this.isSemi()) {
          this.next();
          continue;
        }
        // embedded: [*]T or pkg.T ; named: a, b T
        const fs = this.tok;
        if (this.tok.t === 'id' && (this.peek().t === ';' || (this.peek().t === 'op' && this.peek().v === '.') || this.peek().t === 'str' || (this.peek().t === 'op' && this.peek().v === '}') || this.genericEmbedded())) {
          const ty = this.parseType();
          fields.push({ embedded: true, typeText: this.text(ty) });
        } else if (this.is('*')) {
          const ty = this.parseType();
          fields.push({ embedded: true, typeText: this.text(ty) });
        } else {
          const names = [this.next().v];
          while (this.is(',')) {
            this.next();
            names.push(this.next().v);
          }
          const ty = this.parseType();
          fields.push({ embedded: false, names, typeText: this.text(ty) });
        }
        if (this.tok.t === 'str') this.next(); // tag
        void fs;
        if (this.isSemi()) this.next();
      }
      this.expect('}');
      return this.node('StructType', st, { fields });
    }
    if (this.is('interface')) {
      this.next();
      this.skipBalanced();
      return this.node('InterfaceType', st, {});
    }
    if (this.is('(')) {
      this.next();
      const t = this.parseType();
      this.expect(')');
      return t;
    }
    if (this.tok.t === 'id') {
      let x = this.node('Ident', this.next(), { name: st.v });
      if (this.is('.') && this.peek().t === 'id') {
        this.next();
        const sel = this.next().v;
        x = this.node('Selector', st, { x, sel });
      }
      if (this.is('[') && !(this.peek().t === 'op' && this.peek().v === ']')) {
        this.next();
        const args = [this.parseType()];
        while (this.is(',')) {
          this.next();
          args.push(this.parseType());
        }
        this.expect(']');
        x = this.node('Index', st, { x, indices: args });
      }
      return x;
    }
    throw new ParseError(`expected type at line ${this.tok.line}, got '${this.tok.v}'`);
  }

  // ── expressions ──
  parseExprList() {
    const list = [this.parseExpr()];
    while (this.is(',')) {
      this.next();
      list.push(this.parseExpr());
    }
    return list;
  }
  parseExpr(minPrec = 1) {
    const PREC = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, '+': 4, '-': 4, '|': 4, '^': 4, '*': 5, '/': 5, '%': 5, '<<': 5, '>>': 5, '&': 5, '&^': 5 };
    const st = this.tok;
    let x = this.parseUnary();
    for (;;) {
      const t = this.tok;
      const prec = t.t === 'op' ? PREC[t.v] : undefined;
      if (!prec || prec < minPrec) break;
      this.next();
      const y = this.parseExpr(prec + 1);
      x = this.node('Binary', st, { op: t.v, x, y });
    }
    return x;
  }
  parseUnary() {
    const st = this.tok;
    if (this.tok.t === 'op' && ['+', '-', '!', '^', '&', '<-', '*', '~'].includes(this.tok.v)) {
      const op = this.next().v;
      const x = this.parseUnary();
      return this.node(op === '*' ? 'Star' : 'Unary', st, { op, x });
    }
    if (this.is('range')) {
      this.next();
      return this.node('Unary', st, { op: 'range', x: this.parseExpr() });
    }
    return this.parsePrimary();
  }
  parseOperand() {
    const st = this.tok;
    const t = this.tok;
    if (t.t === 'id') {
      this.next();
      return this.node('Ident', st, { name: t.v });
    }
    if (t.t === 'str' || t.t === 'num' || t.t === 'rune') {
      this.next();
      return this.node('BasicLit', st, { kind: t.t, value: t.v });
    }
    if (this.is('(')) {
      this.next();
      const saved = this.noLit;
      this.noLit = 0;
      const x = this.parseExpr();
      this.noLit = saved;
      this.expect(')');
      return this.node('Paren', st, { x });
    }
    if (this.is('func')) {
      this.next();
      const params = this.parseParams();
      this.parseResults();
      if (this.is('{')) {
        const saved = this.noLit;
        this.noLit = 0;
        const body = this.parseBlock();
        this.noLit = saved;
        return this.node('FuncLit', st, { params, body });
      }
      return this.node('FuncType', st, {});
    }
    if (this.is('[') || this.is('map') || this.is('struct') || this.is('interface') || this.is('chan') || this.is('*')) {
      return this.parseType();
    }
    throw new ParseError(`unexpected '${t.v}' at line ${t.line} of ${this.file.name}`);
  }
  parsePrimary() {
    const st = this.tok;
    let x = this.parseOperand();
    for (;;) {
      if (this.is('.')) {
        this.next();
        if (this.is('(')) {
          this.next();
          let ty = null;
          if (this.is('type')) this.next();
          else ty = this.parseType();
          this.expect(')');
          x = this.node('TypeAssert', st, { x, typeNode: ty });
        } else {
          const sel = this.next().v;
          x = this.node('Selector', st, { x, sel });
        }
      } else if (this.is('[')) {
        this.next();
        const saved = this.noLit;
        this.noLit = 0;
        const idx = [];
        let isSlice = false;
        if (!this.is(':')) idx.push(this.parseExprOrTypeSafe());
        while (this.is(':') || this.is(',')) {
          if (this.is(':')) isSlice = true;
          this.next();
          if (!this.is(']') && !this.is(':') && !this.is(',')) idx.push(this.parseExprOrTypeSafe());
        }
        this.noLit = saved;
        this.expect(']');
        x = this.node(isSlice ? 'Slice' : 'Index', st, { x, indices: idx });
      } else if (this.is('(')) {
        this.next();
        const saved = this.noLit;
        this.noLit = 0;
        const args = [];
        let ellipsis = false;
        while (!this.is(')') && this.tok.t !== 'eof') {
          args.push(this.parseExprOrTypeSafe());
          if (this.is('...')) {
            this.next();
            ellipsis = true;
          }
          if (this.is(',')) this.next();
          else if (this.isSemi()) this.next();
          else break;
        }
        this.noLit = saved;
        this.expect(')');
        x = this.node('Call', st, { fun: x, args, ellipsis });
      } else if (this.is('{') && this.isLiteralType(x)) {
        x = this.parseCompositeBody(x, st);
      } else break;
    }
    return x;
  }
  parseExprOrTypeSafe() {
    // call args and elements may be types (make, new, conversions, generics); parseOperand handles them
    return this.parseExpr();
  }
  isLiteralType(x) {
    if (['ArrayType', 'MapType', 'StructType'].includes(x.type)) return true;
    if (this.noLit) return false;
    return x.type === 'Ident' || x.type === 'Selector' || (x.type === 'Index' && (x.x.type === 'Ident' || x.x.type === 'Selector'));
  }
  parseCompositeBody(typeNode, st) {
    this.expect('{');
    const saved = this.noLit;
    this.noLit = 0;
    const elts = [];
    while (!this.is('}') && this.tok.t !== 'eof') {
      if (this.isSemi()) {
        this.next();
        continue;
      }
      let key = null;
      let value = this.parseElement();
      if (this.is(':')) {
        this.next();
        key = value;
        value = this.parseElement();
      }
      elts.push({ key, value });
      if (this.is(',')) this.next();
      else if (this.isSemi()) this.next();
      else if (!this.is('}')) throw new ParseError(`bad composite literal at line ${this.tok.line} of ${this.file.name}: '${this.tok.v}'`);
    }
    this.noLit = saved;
    this.expect('}');
    return this.node('Composite', st, { typeNode, elts });
  }
  parseElement() {
    const st = this.tok;
    if (this.is('{')) return this.parseCompositeBody(null, st);
    return this.parseExprOrTypeSafe();
  }

  // ── statements ──
  parseBlock() {
    const st = this.expect('{');
    const list = this.parseStmtList();
    this.expect('}');
    return this.node('Block', st, { list });
  }
  parseStmtList() {
    const list = [];
    while (!this.is('}') && !this.is('case') && !this.is('default') && this.tok.t !== 'eof') {
      if (this.isSemi()) {
        this.next();
        continue;
      }
      const save = this.p;
      try {
        list.push(this.parseStmt());
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        this.file.warnings.push(e.message);
        this.p = save;
        const st = this.tok;
        this.skipToSemiInBlock();
        list.push(this.node('Bad', st, {}));
      }
    }
    return list;
  }
  skipToSemiInBlock() {
    let moved = false;
    while (!this.isSemi() && !this.is('}') && this.tok.t !== 'eof') {
      if (this.is('(') || this.is('[') || this.is('{')) this.skipBalanced();
      else this.next();
      moved = true;
    }
    if (this.isSemi()) this.next();
    else if (!moved) this.next();
  }
  parseStmt() {
    const st = this.tok;
    if (this.is('{')) return this.parseBlock();
    if (this.is('if')) return this.parseIf();
    if (this.is('for')) return this.parseFor();
    if (this.is('switch')) return this.parseSwitch();
    if (this.is('select')) {
      this.next();
      this.skipBalanced();
      return this.node('Other', st, {});
    }
    if (this.is('return')) {
      this.next();
      let results = [];
      if (!this.isSemi() && !this.is('}')) results = this.parseExprList();
      this.expect(';');
      return this.node('Return', st, { results });
    }
    if (this.is('var') || this.is('const')) {
      const kind = this.next().v;
      const specs = this.parseValueDecl(kind, false);
      return this.node('DeclStmt', st, { specs });
    }
    if (this.is('type')) {
      this.parseTypeDecl();
      return this.node('Other', st, {});
    }
    if (this.is('go') || this.is('defer')) {
      this.next();
      const x = this.parseExpr();
      this.expect(';');
      return this.node('ExprStmt', st, { x, deferred: true });
    }
    if (this.is('break') || this.is('continue') || this.is('goto') || this.is('fallthrough')) {
      this.skipToSemiInBlock();
      return this.node('Other', st, {});
    }
    if (this.tok.t === 'id' && this.peek().t === 'op' && this.peek().v === ':' ) {
      // label
      this.next();
      this.next();
      return this.node('Other', st, {});
    }
    const s = this.parseSimpleStmt();
    this.expect(';');
    return s;
  }
  parseSimpleStmt() {
    const st = this.tok;
    const lhs = this.parseExprList();
    const t = this.tok;
    if (t.t === 'op' && (t.v === ':=' || t.v === '=' || /^[-+*/%&|^]=$|^<<=$|^>>=$|^&\^=$/.test(t.v))) {
      this.next();
      const rhs = this.parseExprList();
      return this.node('Assign', st, { lhs, tok: t.v, rhs });
    }
    if (t.t === 'op' && (t.v === '++' || t.v === '--')) {
      this.next();
      return this.node('Other', st, {});
    }
    if (t.t === 'op' && t.v === '<-') {
      this.next();
      this.parseExpr();
      return this.node('Other', st, {});
    }
    return this.node('ExprStmt', st, { x: lhs[0] });
  }
  parseIf() {
    const st = this.expect('if');
    this.noLit++;
    let init = null;
    let cond = this.parseSimpleStmt();
    if (this.isSemi()) {
      this.next();
      init = cond;
      cond = this.parseSimpleStmt();
    }
    this.noLit--;
    const body = this.parseBlock();
    let els = null;
    if (this.is('else')) {
      this.next();
      els = this.is('if') ? this.parseIf() : this.parseBlock();
    } else if (this.isSemi() && this.peek().t === 'kw' && this.peek().v === 'else') {
      this.next();
      this.next();
      els = this.is('if') ? this.parseIf() : this.parseBlock();
    }
    return this.node('If', st, { init, cond: cond.type === 'ExprStmt' ? cond.x : cond, body, els });
  }
  parseFor() {
    const st = this.expect('for');
    const hs = this.tok;
    this.noLit++;
    let header = null;
    try {
      while (!this.is('{') && this.tok.t !== 'eof') {
        if (this.isSemi()) {
          this.next();
          continue;
        }
        const s = this.parseSimpleStmt();
        header = header || s;
      }
    } finally {
      this.noLit--;
    }
    const headerText = this.file.text.slice(hs.s, this.tok.s).trim();
    const body = this.parseBlock();
    return this.node('For', st, { header, headerText, body });
  }
  parseSwitch() {
    const st = this.expect('switch');
    this.noLit++;
    let init = null;
    let tag = null;
    if (!this.is('{')) {
      let s = this.isSemi() ? null : this.parseSimpleStmt();
      if (this.isSemi()) {
        this.next();
        init = s;
        s = this.is('{') ? null : this.parseSimpleStmt();
      }
      tag = s;
    }
    this.noLit--;
    this.expect('{');
    const clauses = [];
    while (!this.is('}') && this.tok.t !== 'eof') {
      if (this.isSemi()) {
        this.next();
        continue;
      }
      const cs = this.tok;
      let exprs = null;
      if (this.is('case')) {
        this.next();
        exprs = [];
        while (!this.is(':') && this.tok.t !== 'eof') {
          exprs.push(this.parseExprOrTypeSafe());
          if (this.is(',')) this.next();
          else break;
        }
      } else this.expect('default');
      this.expect(':');
      const body = this.parseStmtList();
      clauses.push({ exprs, body, line: cs.line, s: cs.s });
    }
    this.expect('}');
    return this.node('Switch', st, { init, tag, clauses });
  }
  text(node) {
    return node ? this.file.text.slice(node.s, node.e) : '';
  }
}

const text = (node) => (node ? node.f.text.slice(node.s, node.e) : '');
const oneLine = (s, max = 400) => {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

function parseGoFile(name, src, displayPath, defaultDeclKind) {
  const file = { name, text: src, displayPath, warnings: [], defaultDeclKind };
  const parser = new Parser(file);
  const { imports, decls } = parser.parseFile();
  file.imports = imports;
  file.decls = decls;
  return file;
}

/** Comment lines directly above `line` (contiguous), joined. */
function commentAbove(file, line) {
  const byLine = new Map(file.comments.map((c) => [c.line, c.text]));
  const out = [];
  for (let l = line - 1; byLine.has(l); l--) out.unshift(byLine.get(l));
  return out.filter((t) => !/^(nosemgrep|lintignore|nolint)/i.test(t)).join(' ');
}

// ───────────────────────────── sources ─────────────────────────────

function git(gitDir, args, input) {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, input });
}
function gitDirOf(path) {
  if (existsSync(join(path, '.git'))) return join(path, '.git');
  return path;
}

/** Reads many blobs at once: `git cat-file --batch`. */
function gitReadMany(gitDir, specs) {
  if (!specs.length) return [];
  const buf = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: specs.join('\n') + '\n', maxBuffer: 1 << 30 });
  const out = [];
  let off = 0;
  for (let k = 0; k < specs.length; k++) {
    const nl = buf.indexOf(10, off);
    const header = buf.slice(off, nl).toString('utf8');
    off = nl + 1;
    const m = /^(\S+) (\S+) (\d+)$/.exec(header);
    if (!m) {
      out.push(null);
      continue;
    }
    const size = Number(m[3]);
    out.push(buf.slice(off, off + size).toString('utf8'));
    off += size + 1;
  }
  return out;
}

class GitSource {
  constructor(gitDir, ref) {
    this.gitDir = gitDirOf(gitDir);
    this.ref = ref;
    this.commit = git(this.gitDir, ['rev-parse', `${ref}^{commit}`]).trim();
    this.kind = 'git';
    const gomod = this.read('go.mod') || '';
    this.modulePath = (/^module\s+(\S+)/m.exec(gomod) || [])[1];
  }
  read(path) {
    return gitReadMany(this.gitDir, [`${this.commit}:${path}`])[0];
  }
  /** Non-test .go files directly in dir. */
  packageFiles(dir) {
    let names;
    try {
      names = git(this.gitDir, ['ls-tree', '--name-only', this.commit, `${dir}/`]).split('\n').filter(Boolean);
    } catch {
      return [];
    }
    names = names.filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'));
    const texts = gitReadMany(this.gitDir, names.map((n) => `${this.commit}:${n}`));
    return names.map((n, k) => ({ name: n.split('/').pop(), path: n, text: texts[k] }));
  }
  /** Files (repo paths) under prefix whose text matches the (extended) regex. */
  grep(regex, prefix) {
    try {
      const out = git(this.gitDir, ['grep', '-l', '-E', '-e', regex, this.commit, '--', prefix]);
      return out.split('\n').filter(Boolean).map((l) => l.slice(this.commit.length + 1));
    } catch {
      return [];
    }
  }
}

class DirSource {
  constructor(root) {
    this.root = resolve(root);
    this.kind = 'dir';
    this.commit = null;
    try {
      this.commit = execFileSync('git', ['-C', this.root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      /* not a git work tree */
    }
    const gomod = this.read('go.mod') || '';
    this.modulePath = (/^module\s+(\S+)/m.exec(gomod) || [])[1];
  }
  read(path) {
    const p = join(this.root, path);
    return existsSync(p) ? readFileSync(p, 'utf8') : null;
  }
  packageFiles(dir) {
    const d = join(this.root, dir);
    if (!existsSync(d)) return [];
    return readdirSync(d)
      .filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'))
      .map((n) => ({ name: n, path: `${dir}/${n}`, text: readFileSync(join(d, n), 'utf8') }));
  }
  grep(regex, prefix) {
    const re = new RegExp(regex);
    const out = [];
    const walk = (rel) => {
      const abs = join(this.root, rel);
      for (const n of readdirSync(abs)) {
        const r = rel ? `${rel}/${n}` : n;
        const st = statSync(join(abs, n));
        if (st.isDirectory()) walk(r);
        else if (n.endsWith('.go') && re.test(readFileSync(join(abs, n), 'utf8'))) out.push(r);
      }
    };
    if (existsSync(join(this.root, prefix))) walk(prefix.replace(/\/$/, ''));
    return out;
  }
}

/**
 * lonegunmanb/terraform-provider-aws-index: index/<package dir>/{func.X,method.T.M,type.T,var.X}.goindex,
 * each holding the package's imports and one declaration, copied from the provider at the tag.
 */
class GophonSource {
  constructor(gitDir, ref, modulePath) {
    this.gitDir = gitDirOf(gitDir);
    this.ref = ref;
    this.indexCommit = git(this.gitDir, ['rev-parse', `${ref}^{commit}`]).trim();
    this.commit = null;
    this.kind = 'gophon';
    this.modulePath = modulePath;
    this.cache = new Map();
  }
  listDir(dir) {
    if (!this.cache.has(dir)) {
      let names = [];
      try {
        names = git(this.gitDir, ['ls-tree', '--name-only', this.indexCommit, `index/${dir}/`]).split('\n').filter(Boolean);
      } catch {
        /* none */
      }
      this.cache.set(dir, new Set(names.map((n) => n.split('/').pop())));
    }
    return this.cache.get(dir);
  }
  readDecl(dir, fileName) {
    if (!this.listDir(dir).has(fileName)) return null;
    const text = gitReadMany(this.gitDir, [`${this.indexCommit}:index/${dir}/${fileName}`])[0];
    return { name: fileName, path: `index/${dir}/${fileName}`, text };
  }
  grep(regex, prefix) {
    try {
      const out = git(this.gitDir, ['grep', '-l', '-E', '-e', regex, this.indexCommit, '--', `index/${prefix}`]);
      return out.split('\n').filter(Boolean).map((l) => l.slice(this.indexCommit.length + 1));
    } catch {
      return [];
    }
  }
}

// ───────────────────────────── packages ─────────────────────────────

class Package {
  constructor(program, importPath, dir) {
    this.program = program;
    this.importPath = importPath;
    this.dir = dir;
    this.funcs = new Map();
    this.methods = new Map();
    this.types = new Map();
    this.values = new Map(); // name -> {spec, index, file}
    this.valueCache = new Map();
    this.lazy = null; // gophon source
    this.files = [];
  }
  addFile(file) {
    this.files.push(file);
    for (const d of file.decls) {
      d.file = file;
      if (d.type === 'FuncDecl') {
        if (d.recv) this.methods.set(`${d.recv.type}.${d.name}`, d);
        else this.funcs.set(d.name, d);
      } else if (d.type === 'TypeDecl') this.types.set(d.name, d);
      else if (d.type === 'ValueSpec') d.names.forEach((nm, index) => this.values.set(nm, { spec: d, index, file }));
    }
  }
  loadLazy(prefix, name) {
    if (!this.lazy) return;
    const kinds = prefix === 'var' ? ['var', 'const'] : [prefix];
    for (const k of kinds) {
      const key = `${k}.${name}.goindex`;
      if (this.loadedLazy?.has(key)) continue;
      (this.loadedLazy ||= new Set()).add(key);
      const f = this.lazy.readDecl(this.dir, key);
      if (f) this.addFile(parseGoFile(f.name, f.text, f.path, k === 'var' || k === 'const' ? k : undefined));
    }
  }
  func(name) {
    if (!this.funcs.has(name)) this.loadLazy('func', name);
    return this.funcs.get(name);
  }
  method(type, name) {
    const key = `${type}.${name}`;
    if (!this.methods.has(key)) this.loadLazy('method', key);
    return this.methods.get(key);
  }
  type(name) {
    if (!this.types.has(name)) this.loadLazy('type', name);
    return this.types.get(name);
  }
  value(name) {
    if (!this.values.has(name)) this.loadLazy('var', name);
    return this.values.get(name);
  }
  /** Method on type or (recursively) on its embedded types of this package. */
  findMethod(type, name, seen = new Set()) {
    if (seen.has(type)) return null;
    seen.add(type);
    const m = this.method(type, name);
    if (m) return m;
    const td = this.type(type);
    if (td?.typeNode?.type === 'StructType') {
      for (const f of td.typeNode.fields) {
        if (!f.embedded) continue;
        const t = f.typeText.replace(/^\*/, '').replace(/\[.*$/, '');
        if (t.includes('.')) continue;
        const r = this.findMethod(t, name, seen);
        if (r) return r;
      }
    }
    return null;
  }
}

class Program {
  constructor(source, overlays, providerName) {
    this.source = source;
    this.overlays = overlays; // importPath -> dir
    this.providerName = providerName;
    this.packages = new Map();
    this.warnings = [];
    this.derivedNames = new Set();
  }
  warn(msg) {
    this.warnings.push(msg);
  }
  dirOf(importPath) {
    const mod = this.source.modulePath;
    if (importPath === mod) return '.';
    if (mod && importPath.startsWith(`${mod}/`)) return importPath.slice(mod.length + 1);
    return null;
  }
  pkg(importPath) {
    if (this.packages.has(importPath)) return this.packages.get(importPath);
    let p = null;
    if (this.overlays.has(importPath)) {
      const d = this.overlays.get(importPath);
      p = new Package(this, importPath, d);
      for (const n of readdirSync(d).filter((x) => x.endsWith('.go'))) p.addFile(parseGoFile(n, readFileSync(join(d, n), 'utf8'), join(d, n)));
    } else {
      const dir = this.dirOf(importPath);
      if (dir !== null) {
        p = new Package(this, importPath, dir);
        if (this.source.kind === 'gophon') {
          if (this.source.listDir(dir).size) p.lazy = this.source;
          else p = null;
        } else {
          const files = this.source.packageFiles(dir);
          if (files.length) for (const f of files) p.addFile(parseGoFile(f.name, f.text, f.path));
          else p = null;
        }
      }
    }
    this.packages.set(importPath, p);
    return p;
  }
  pkgByDir(dir) {
    const mod = this.source.modulePath;
    return this.pkg(dir === '.' ? mod : `${mod}/${dir}`);
  }
}

// ───────────────────────────── interpreter ─────────────────────────────

/**
 * Value of an aws `names.Attr<Name>` constant by the provider's naming rule (snake_case of the
 * name, acronyms kept whole): used only when the `names` package is not in the source (the gophon
 * index leaves it out). Checked against names/attr_consts_gen.go: all 229 constants match.
 */
const ATTR_ACRONYMS = ['CloudWatch', 'ARNs', 'IDs', 'ARN', 'AWS', 'CIDR', 'DNS', 'IAM', 'IOPS', 'ID', 'IP', 'JSON', 'KMS', 'SNS', 'URI', 'URL', 'VPC', 'S3'];
function attrConstValue(name) {
  const words = [];
  let i = 0;
  while (i < name.length) {
    const a = ATTR_ACRONYMS.find((x) => name.startsWith(x, i) && (x === 'CloudWatch' || !/[a-z]/.test(name[i + x.length] || '')));
    if (a) {
      words.push(a.toLowerCase());
      i += a.length;
      continue;
    }
    const m = /^[A-Z]?[a-z0-9]+|^[A-Z]+(?![a-z])|^./.exec(name.slice(i));
    words.push(m[0].toLowerCase());
    i += m[0].length;
  }
  return words.join('_');
}

const UNKNOWN = (why) => ({ k: 'unknown', text: why });
const STR = (v) => ({ k: 'str', v });
const BOOL = (v) => ({ k: 'bool', v });
const EVALUATING = { k: 'unknown', text: '<cycle>' };
const cellOf = (v) => ({ v });

class Env {
  constructor(parent, pkg, file) {
    this.parent = parent;
    this.pkg = pkg ?? parent?.pkg;
    this.file = file ?? parent?.file;
    this.vars = new Map();
  }
  find(name) {
    for (let e = this; e; e = e.parent) if (e.vars.has(name)) return e;
    return null;
  }
  define(name, v) {
    if (name && name !== '_') this.vars.set(name, v);
  }
}

class Interpreter {
  constructor(program) {
    this.program = program;
    this.depth = 0;
    this.notes = [];
  }
  rootEnv(pkg, file) {
    return new Env(null, pkg, file);
  }
  force(cell) {
    if (!('v' in cell)) {
      cell.v = EVALUATING;
      cell.v = this.eval(cell.node, cell.env, cell.expected);
    }
    return cell.v;
  }
  lookupVar(env, name) {
    const e = env.find(name);
    if (!e) return undefined;
    return this.force(e.vars.get(name));
  }
  pkgMember(pkg, name) {
    if (!pkg) return UNKNOWN(name);
    const fn = pkg.func(name);
    if (fn) return { k: 'func', decl: fn, pkg, env: null };
    const val = pkg.value(name);
    if (val) {
      const key = name;
      if (pkg.valueCache.has(key)) return pkg.valueCache.get(key);
      pkg.valueCache.set(key, EVALUATING);
      const node = val.spec.values[val.index] ?? null;
      const v = node ? this.eval(node, this.rootEnv(pkg, val.file), val.spec.typeNode) : UNKNOWN(name);
      pkg.valueCache.set(key, v);
      return v;
    }
    return UNKNOWN(`${pkg.importPath}.${name}`);
  }
  importOf(env, alias) {
    if (env.find(alias)) return null;
    return env.file?.imports?.get(alias) ?? null;
  }
  eval(node, env, expected) {
    if (!node) return UNKNOWN('nil node');
    switch (node.type) {
      case 'Ident': {
        const v = this.lookupVar(env, node.name);
        if (v !== undefined) return v;
        if (node.name === 'true' || node.name === 'false') return BOOL(node.name === 'true');
        if (node.name === 'nil') return { k: 'nil' };
        return this.pkgMember(env.pkg, node.name);
      }
      case 'BasicLit':
        if (node.kind === 'str') return STR(node.value);
        if (node.kind === 'num') return { k: 'num', v: Number(node.value.replace(/_/g, '')) };
        return UNKNOWN(node.value);
      case 'Composite':
        return this.makeLit(node, env, expected);
      case 'FuncLit':
        return { k: 'func', decl: node, pkg: env.pkg, env };
      case 'Paren':
        return this.eval(node.x, env, expected);
      case 'Selector': {
        if (node.x.type === 'Ident') {
          const ip = this.importOf(env, node.x.name);
          if (ip) {
            const p = this.program.pkg(ip);
            const v = p ? this.pkgMember(p, node.sel) : { k: 'ext', name: `${node.x.name}.${node.sel}`, importPath: ip };
            if ((v.k === 'ext' || v.k === 'unknown') && ip === `${this.program.source.modulePath}/names` && /^Attr[A-Z]/.test(node.sel)) {
              // aws names.AttrX constants when the names package is not available (gophon index)
              this.program.derivedNames.add(node.sel);
              return STR(attrConstValue(node.sel.slice(4)));
            }
            return v;
          }
        }
        const x = this.eval(node.x, env);
        if (x.k === 'lit' && x.kind === 'struct') {
          const c = x.fields.get(node.sel);
          return c ? this.force(c) : { k: 'nil' };
        }
        if (x.k === 'obj') return x.fields.get(node.sel) ?? UNKNOWN(text(node));
        return UNKNOWN(text(node));
      }
      case 'Index': {
        const x = this.eval(node.x, env);
        if (x.k === 'lit' && x.kind === 'map') {
          const key = this.eval(node.indices[0], env);
          const ent = this.findEntry(x, key);
          return ent ? this.force(ent.val) : { k: 'nil' };
        }
        if (x.k === 'func' || x.k === 'ext') return x; // generic instantiation
        return UNKNOWN(text(node));
      }
      case 'Call':
        return this.evalCall(node, env);
      case 'Unary': {
        if (node.op === '&') return this.eval(node.x, env, expected);
        const x = this.eval(node.x, env);
        if (node.op === '!' && x.k === 'bool') return BOOL(!x.v);
        if (node.op === '-' && x.k === 'num') return { k: 'num', v: -x.v };
        return UNKNOWN(text(node));
      }
      case 'Star':
        return this.eval(node.x, env, expected);
      case 'TypeAssert':
        return this.eval(node.x, env);
      case 'Binary': {
        const x = this.eval(node.x, env);
        if (node.op === '&&' && x.k === 'bool' && !x.v) return BOOL(false);
        if (node.op === '||' && x.k === 'bool' && x.v) return BOOL(true);
        const y = this.eval(node.y, env);
        if (node.op === '+' && x.k === 'str' && y.k === 'str') return STR(x.v + y.v);
        if ((node.op === '&&' || node.op === '||') && x.k === 'bool' && y.k === 'bool') return BOOL(node.op === '&&' ? x.v && y.v : x.v || y.v);
        if ((node.op === '==' || node.op === '!=') && x.k === y.k && (x.k === 'str' || x.k === 'bool' || x.k === 'num')) return BOOL((x.v === y.v) === (node.op === '=='));
        return UNKNOWN(text(node));
      }
      default:
        return UNKNOWN(text(node));
    }
  }
  typeInfo(typeNode) {
    let t = typeNode;
    while (t && t.type === 'StarType') t = t.x;
    if (!t) return { kind: 'unknown', text: '' };
    if (t.type === 'MapType') return { kind: 'map', key: t.key, elem: t.value, text: text(t) };
    if (t.type === 'ArrayType') return { kind: 'slice', elem: t.elt, text: text(t) };
    return { kind: 'struct', text: text(t) };
  }
  makeLit(node, env, expected) {
    const ti = this.typeInfo(node.typeNode || expected);
    let kind = ti.kind;
    if (kind === 'unknown') kind = node.elts.length && node.elts.every((e) => e.key && e.key.type === 'Ident') ? 'struct' : node.elts.some((e) => e.key) ? 'map' : 'slice';
    const lit = { k: 'lit', kind, typeText: ti.text, fields: new Map(), entries: [], elems: [], node };
    for (const e of node.elts) {
      if (kind === 'struct' && e.key?.type === 'Ident') lit.fields.set(e.key.name, { node: e.value, env, expected: null });
      else if (kind === 'map') lit.entries.push({ key: { node: e.key, env, expected: ti.key }, val: { node: e.value, env, expected: ti.elem } });
      else lit.elems.push({ node: e.value, env, expected: ti.elem });
    }
    return lit;
  }
  findEntry(map, key) {
    if (key.k !== 'str' && key.k !== 'num') return null;
    return map.entries.find((en) => {
      const k = this.force(en.key);
      return k.k === key.k && k.v === key.v;
    });
  }
  setEntry(map, key, cell) {
    const en = this.findEntry(map, key);
    if (en) en.val = cell;
    else map.entries.push({ key: cellOf(key), val: cell });
  }
  evalCall(node, env) {
    const fun = node.fun;
    const args = node.args.map((a) => ({ node: a, env, expected: null }));
    if (fun.type === 'Ident' && !env.find(fun.name) && !env.pkg?.func(fun.name)) {
      switch (fun.name) {
        case 'append': {
          const base = this.eval(node.args[0], env);
          const lit = { k: 'lit', kind: 'slice', typeText: base.typeText || '', fields: new Map(), entries: [], elems: base.k === 'lit' ? [...base.elems] : [], node };
          const rest = args.slice(1);
          if (node.ellipsis && rest.length) {
            const last = this.force(rest.pop());
            lit.elems.push(...rest, ...(last.k === 'lit' ? last.elems : []));
          } else lit.elems.push(...rest);
          return lit;
        }
        case 'delete': {
          const m = this.eval(node.args[0], env);
          const key = this.eval(node.args[1], env);
          if (m.k === 'lit' && m.kind === 'map') {
            const en = this.findEntry(m, key);
            if (en) m.entries.splice(m.entries.indexOf(en), 1);
          }
          return UNKNOWN('delete');
        }
        case 'make':
        case 'new': {
          const ti = this.typeInfo(node.args[0]);
          return { k: 'lit', kind: ti.kind === 'unknown' ? 'struct' : ti.kind, typeText: ti.text, fields: new Map(), entries: [], elems: [], node };
        }
        default:
          break;
      }
    }
    const callee = this.eval(fun, env);
    if (callee.k === 'func') return this.invoke(callee, args);
    if (callee.k === 'ext' && callee.importPath === 'sync' && /\.OnceValues?$/.test(callee.name) && args[0]) return this.force(args[0]);
    if (callee.k === 'ext' && callee.importPath === 'maps' && callee.name.endsWith('.Copy')) {
      const dst = this.force(args[0]);
      const src = this.force(args[1]);
      if (dst.k === 'lit' && src.k === 'lit') for (const en of src.entries) this.setEntry(dst, this.force(en.key), en.val);
      return UNKNOWN('maps.Copy');
    }
    return { k: 'call', name: callee.k === 'ext' ? callee.name : text(fun), args, node };
  }
  invoke(fn, argCells, recv) {
    const decl = fn.decl;
    if (!decl.body) return UNKNOWN(`no body ${decl.name || ''}`);
    if (this.depth > 40) return UNKNOWN('depth');
    this.depth++;
    try {
      const env = new Env(fn.env, fn.pkg, decl.f);
      if (!fn.env) env.parent = null;
      const params = decl.params || [];
      params.forEach((p, i) => {
        if (p.variadic) env.define(p.name, cellOf({ k: 'lit', kind: 'slice', typeText: '', fields: new Map(), entries: [], elems: argCells.slice(i), node: decl }));
        else env.define(p.name, argCells[i] ?? cellOf(UNKNOWN(`param ${p.name}`)));
      });
      if (decl.recv?.name) env.define(decl.recv.name, cellOf(recv ?? UNKNOWN('receiver')));
      const r = this.execList(decl.body.list, env);
      return r?.ret?.[0] ?? UNKNOWN(`no return in ${decl.name || 'func literal'}`);
    } finally {
      this.depth--;
    }
  }
  execList(list, env) {
    for (const s of list) {
      const r = this.exec(s, env);
      if (r) return r;
    }
    return null;
  }
  exec(s, env) {
    switch (s.type) {
      case 'Block':
        return this.execList(s.list, new Env(env));
      case 'ExprStmt':
        if (!s.deferred && s.x.type === 'Call') this.eval(s.x, env);
        return null;
      case 'Assign': {
        if (s.tok !== ':=' && s.tok !== '=') {
          for (const l of s.lhs) if (l.type === 'Ident') this.assign(l, UNKNOWN(text(s)), env, false);
          return null;
        }
        let vals;
        if (s.rhs.length === s.lhs.length) vals = s.rhs.map((r) => this.eval(r, env));
        else vals = [this.eval(s.rhs[0], env), ...s.lhs.slice(1).map(() => UNKNOWN('multi'))];
        s.lhs.forEach((l, i) => this.assign(l, vals[i], env, s.tok === ':='));
        return null;
      }
      case 'DeclStmt':
        for (const spec of s.specs) spec.names.forEach((nm, i) => env.define(nm, cellOf(spec.values[i] ? this.eval(spec.values[i], env, spec.typeNode) : spec.typeNode ? { k: 'nil' } : UNKNOWN(nm))));
        return null;
      case 'If': {
        const e = new Env(env);
        if (s.init) this.exec(s.init, e);
        const c = this.eval(s.cond, e);
        if (c.k === 'bool') {
          if (c.v) return this.exec(s.body, e);
          return s.els ? this.exec(s.els, e) : null;
        }
        this.notes.push(`assumed true: if ${oneLine(text(s.cond), 120)} (${s.f.displayPath}:${s.line})`);
        return this.exec(s.body, e);
      }
      case 'Return':
        return { ret: s.results.map((r) => this.eval(r, env)) };
      default:
        return null;
    }
  }
  assign(l, v, env, define) {
    if (l.type === 'Ident') {
      if (l.name === '_') return;
      const owner = define ? null : env.find(l.name);
      (owner || env).vars.set(l.name, cellOf(v));
      return;
    }
    if (l.type === 'Index') {
      const m = this.eval(l.x, env);
      if (m.k === 'lit' && m.kind === 'map') this.setEntry(m, this.eval(l.indices[0], env), cellOf(v));
      return;
    }
    if (l.type === 'Selector') {
      const o = this.eval(l.x, env);
      if (o.k === 'lit') o.fields.set(l.sel, cellOf(v));
      else if (o.k === 'obj') o.fields.set(l.sel, v);
    }
  }
  /** String value of an expression, or `<source text>` when it cannot be resolved. */
  str(node, env) {
    const v = this.eval(node, env);
    return v.k === 'str' ? v.v : `<${oneLine(text(node), 80)}>`;
  }
}

// ───────────────────────────── extraction ─────────────────────────────

/** Terraform attribute path without list/set indexes: `compute_config.0.node_role_arn` -> `compute_config.node_role_arn`. */
const normPath = (p) => (p.startsWith('<') ? p : p.split('.').filter((seg) => !/^(\d+|\*|#|%)$/.test(seg)).join('.'));

class Result {
  constructor() {
    this.forceNew = new Set();
    this.conditional = new Map(); // key path|condition -> entry
    this.attributes = new Set();
    this.configurable = new Set();
  }
  addForceNew(path) {
    this.forceNew.add(normPath(path));
  }
  addConditional(path, condition, via) {
    path = normPath(path);
    const c = oneLine(condition);
    this.conditional.set(`${path}\u0000${c}`, { path, condition: c, via });
  }
}

/** Source comments inside a node's span (e.g. a CustomizeDiff func literal). */
function commentsWithin(node) {
  return (node.f.comments || [])
    .filter((c) => c.s >= node.s && c.s < node.e)
    .map((c) => c.text)
    .filter((t) => !/^(nosemgrep|lintignore|nolint)/i.test(t))
    .join(' ');
}
function returnsOf(list, out = []) {
  for (const s of list || []) {
    if (s.type === 'Return') out.push(s);
    else if (s.type === 'Block') returnsOf(s.list, out);
    else if (s.type === 'If') {
      returnsOf(s.body.list, out);
      if (s.els) returnsOf(s.els.type === 'Block' ? s.els.list : [s.els], out);
    } else if (s.type === 'Switch') for (const cl of s.clauses) returnsOf(cl.body, out);
    else if (s.type === 'For') returnsOf(s.body.list, out);
  }
  return out;
}
function describeFunc(fnVal) {
  const decl = fnVal?.decl;
  if (!decl?.body) return fnVal ? oneLine(fnVal.k === 'func' ? decl?.name || 'func' : fnVal.name || fnVal.text || '?', 120) : '?';
  const comments = commentsWithin(decl.body);
  const rets = returnsOf(decl.body.list)
    .map((r) => r.results.map(text).join(', '))
    .filter((t) => t && t !== 'false' && t !== 'nil');
  const name = decl.name ? `${decl.name}: ` : '';
  return `${name}${rets.length ? `when ${rets.join(' || ')}` : 'see source'}${comments ? ` (${comments})` : ''}`;
}

/** Walk every Call expression inside a node (not into nested func literals). */
function visitCalls(node, fn) {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) visitCalls(n, fn);
    return;
  }
  if (node.type === 'FuncLit') return;
  if (node.type === 'Call') {
    if (fn(node) === false) return;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'f' || k === 'file') continue;
    if (v && typeof v === 'object' && (Array.isArray(v) || v.type || k === 'elts')) {
      if (k === 'elts') for (const e of v) visitCalls([e.key, e.value], fn);
      else visitCalls(v, fn);
    }
  }
}

/**
 * Walk a function body with the stack of guarding conditions, calling onStmt(stmt, env, conds).
 */
function walkGuarded(list, conds, onStmt) {
  let guards = conds;
  for (const s of list || []) {
    const comment = commentAbove(s.f, s.line);
    switch (s.type) {
      case 'Block':
        walkGuarded(s.list, guards, onStmt);
        break;
      case 'If': {
        if (s.init) onStmt(s.init, guards, comment);
        const ct = oneLine(text(s.cond), 200);
        const c = { text: /\|\|/.test(ct) ? `(${ct})` : ct, comment };
        walkGuarded(s.body.list, [...guards, c], onStmt);
        const neg = { text: `!(${ct})`, comment: '' };
        if (s.els) walkGuarded(s.els.type === 'Block' ? s.els.list : [s.els], [...guards, neg], onStmt);
        // `if cond { return ... }` with no else guards everything after it in this block
        else if (s.body.list.length && s.body.list[s.body.list.length - 1].type === 'Return' && !s.init && !/HasError\(\)|\berr\b|[Dd]iag/.test(ct)) guards = [...guards, neg];
        break;
      }
      case 'For':
        walkGuarded(s.body.list, [...guards, { text: `for ${oneLine(s.headerText, 120)}`, comment }], onStmt);
        break;
      case 'Switch': {
        const tag = s.tag ? oneLine(text(s.tag.type === 'ExprStmt' ? s.tag.x : s.tag), 80) : '';
        for (const cl of s.clauses) {
          const ct = cl.exprs ? `${tag ? `${tag} == ` : ''}${cl.exprs.map((e) => oneLine(text(e), 80)).join(' || ')}` : `${tag ? `${tag}: ` : ''}default case`;
          walkGuarded(cl.body, [...guards, { text: ct, comment: commentAbove(s.f, cl.line) }], onStmt);
        }
        break;
      }
      default:
        onStmt(s, guards, comment);
    }
  }
}
const condText = (conds, comment) => {
  const parts = conds.map((c) => c.text);
  const comments = [...new Set([...conds.map((c) => c.comment), comment].filter(Boolean))];
  return `${parts.length ? `if ${parts.join(' && ')}` : 'always (when this diff function runs)'}${comments.length ? ` — ${comments.join(' / ')}` : ''}`;
};

class Extractor {
  constructor(program) {
    this.program = program;
    this.it = new Interpreter(program);
  }

  // ── SDKv2 ──
  sdkResource(lit, prefix, res, depth = 0) {
    if (!lit || lit.k !== 'lit') {
      this.program.warn(`${prefix || '<root>'}: resource is not a literal (${lit?.k}: ${lit?.text || lit?.name || ''})`);
      return;
    }
    let schemaMap = null;
    if (lit.fields.has('Schema')) schemaMap = this.it.force(lit.fields.get('Schema'));
    else if (lit.fields.has('SchemaFunc')) {
      const f = this.it.force(lit.fields.get('SchemaFunc'));
      schemaMap = f.k === 'func' ? this.it.invoke(f, []) : f;
    }
    if (!schemaMap || schemaMap.k !== 'lit' || schemaMap.kind !== 'map') {
      this.program.warn(`${prefix || '<root>'}: schema map not resolved (${schemaMap?.k}: ${schemaMap?.text || schemaMap?.name || ''})`);
    } else {
      for (const en of schemaMap.entries) {
        const key = this.it.force(en.key);
        const keyName = key.k === 'str' ? key.v : `<${oneLine(text(en.key.node ?? { f: { text: '' }, s: 0, e: 0 }), 60)}>`;
        const path = prefix ? `${prefix}.${keyName}` : keyName;
        if (key.k !== 'str') this.program.warn(`${path}: attribute name not resolved`);
        res.attributes.add(path);
        const sch = this.it.force(en.val);
        if (sch.k !== 'lit') {
          this.program.warn(`${path}: schema not resolved (${sch.k}: ${sch.text || sch.name || ''})`);
          continue;
        }
        if (['Optional', 'Required'].some((f) => sch.fields.has(f) && this.it.force(sch.fields.get(f)).v === true)) res.configurable.add(path);
        const fnCell = sch.fields.get('ForceNew');
        if (fnCell) {
          const fv = this.it.force(fnCell);
          if (fv.k === 'bool') {
            if (fv.v) res.addForceNew(path);
          } else res.addConditional(path, `ForceNew: ${fnCell.node ? text(fnCell.node) : fv.text}`, 'schema');
        }
        const elemCell = sch.fields.get('Elem');
        if (elemCell) {
          const elem = this.it.force(elemCell);
          if (elem.k === 'lit' && (elem.fields.has('Schema') || elem.fields.has('SchemaFunc') || /Resource/.test(elem.typeText))) {
            if (depth < 12) this.sdkResource(elem, path, res, depth + 1);
          }
        }
      }
    }
    if (prefix === '' && lit.fields.has('CustomizeDiff')) {
      const cell = lit.fields.get('CustomizeDiff');
      this.customizeDiff(cell.node, cell.env, [], res, 0);
    }
  }
  customizeDiff(node, env, conds, res, depth) {
    if (!node || depth > 4) return;
    if (node.type === 'Call') {
      const name = text(node.fun).split('.').pop();
      const qual = text(node.fun);
      if (/^(Sequence|All)$/.test(name) && /customdiff/.test(qual)) {
        for (const a of node.args) this.customizeDiff(a, env, conds, res, depth);
        return;
      }
      if (/^ForceNewIf(Change)?(WithContext)?$/.test(name)) {
        const path = this.it.str(node.args[0], env);
        const fnv = this.it.eval(node.args[1], env);
        const pre = conds.length ? `${condText(conds, '')}; ` : '';
        res.addConditional(path, `${pre}customdiff.${name}: ${describeFunc(fnv)}`, 'CustomizeDiff');
        return;
      }
      if (/^If$/.test(name) && /customdiff/.test(qual)) {
        const c = describeFunc(this.it.eval(node.args[0], env));
        this.customizeDiff(node.args[1], env, [...conds, { text: `customdiff.If(${c})`, comment: '' }], res, depth);
        return;
      }
      if (/^IfValue(Change)?$/.test(name) && /customdiff/.test(qual)) {
        const key = this.it.str(node.args[0], env);
        const c = describeFunc(this.it.eval(node.args[1], env));
        this.customizeDiff(node.args[2], env, [...conds, { text: `customdiff.${name}(${key}, ${c})`, comment: '' }], res, depth);
        return;
      }
    }
    const v = this.it.eval(node, env);
    if (v.k === 'func') this.scanForceNewCalls(v, conds, res, depth, text(node));
    else if (v.k === 'lit' || v.k === 'unknown' || v.k === 'call' || v.k === 'ext') {
      if (node.type === 'Call') {
        // a constructor returning a diff func, e.g. verify.SetTagsDiff or customdiff helpers we do not model
        const callee = this.it.eval(node.fun, env);
        if (callee.k === 'func') this.scanForceNewCalls(callee, conds, res, depth, text(node));
      }
    }
  }
  /** Strings a `for _, name := range xs` loop variable takes when xs is a string slice literal. */
  rangeValues(name, decl, env) {
    let src = null;
    walkAst(decl.body, (n) => {
      if (src || n.type !== 'For' || n.header?.type !== 'Assign') return;
      const h = n.header;
      const v = h.lhs[h.lhs.length - 1];
      if (v?.type === 'Ident' && v.name === name && h.rhs[0]?.type === 'Unary' && h.rhs[0].op === 'range') src = h.rhs[0].x;
    });
    if (!src) return [];
    if (src.type === 'Ident') {
      let def = null;
      walkAst(decl.body, (n) => {
        if (def || n.type !== 'Assign') return;
        const i = n.lhs.findIndex((l) => l.type === 'Ident' && l.name === src.name);
        if (i >= 0 && n.rhs[i]) def = n.rhs[i];
      });
      if (def) src = def;
    }
    const v = this.it.eval(src, env);
    if (v.k !== 'lit') return [];
    return v.elems.map((c) => this.it.force(c)).filter((x) => x.k === 'str').map((x) => x.v);
  }
  scanForceNewCalls(fnVal, conds, res, depth, label) {
    const decl = fnVal.decl;
    if (decl?.type === 'FuncLit') label = 'func literal';
    if (!decl?.body || depth > 4) return;
    const env = new Env(fnVal.env, fnVal.pkg, decl.f);
    walkGuarded(decl.body.list, conds, (s, cs, comment) => {
      visitCalls(s, (call) => {
        if (call.fun.type === 'Selector' && call.fun.sel === 'ForceNew' && call.args.length === 1) {
          const path = this.it.str(call.args[0], env);
          const alts = path.startsWith('<') && call.args[0].type === 'Ident' ? this.rangeValues(call.args[0].name, decl, env) : [];
          for (const p of alts.length ? alts : [path]) res.addConditional(p, `CustomizeDiff ${label}: ${condText(cs, comment)}`, 'CustomizeDiff');
          return false;
        }
        if (call.fun.type === 'Selector' && /^(customdiff)$/.test(text(call.fun.x))) {
          this.customizeDiff(call, env, cs, res, depth + 1);
          return false;
        }
        // follow calls into package functions (helpers that receive the diff)
        if (call.args.some((a) => a.type === 'Ident' && decl.params?.some((p) => p.name === a.name && /ResourceDiff/.test(p.typeText || '')))) {
          const callee = this.it.eval(call.fun, env);
          if (callee.k === 'func') this.scanForceNewCalls(callee, cs, res, depth + 1, text(call.fun));
        }
        return true;
      });
    });
    // a diff func can also return another one (e.g. customdiff.Sequence(...) built inside)
    for (const r of returnsOf(decl.body.list)) for (const x of r.results) if (x.type === 'Call' && /customdiff\./.test(text(x.fun))) this.customizeDiff(x, env, conds, res, depth + 1);
  }

  /**
   * String values a local variable can take when it is assigned from a method call on a typed
   * variable, e.g. `if new, old := new.sourceAttributeName(), old.sourceAttributeName(); ...` with
   * `var old, new securityGroupRuleResourceModel`: the string literals that method returns.
   */
  possibleStrings(name, decl, pkg) {
    let rhs = null;
    walkAst(decl.body, (n) => {
      if (rhs || n.type !== 'Assign') return;
      const i = n.lhs.findIndex((l) => l.type === 'Ident' && l.name === name);
      if (i >= 0 && n.rhs[i]) rhs = n.rhs[i];
    });
    if (!rhs || rhs.type !== 'Call' || rhs.fun.type !== 'Selector' || rhs.fun.x.type !== 'Ident') return [];
    const recvName = rhs.fun.x.name;
    let typeText = null;
    walkAst(decl.body, (n) => {
      if (typeText || n.type !== 'DeclStmt') return;
      for (const sp of n.specs) if (sp.names.includes(recvName) && sp.typeNode) typeText = text(sp.typeNode).replace(/^\*/, '');
    });
    if (!typeText || !pkg) return [];
    const m = pkg.findMethod(typeText, rhs.fun.sel);
    if (!m?.body) return [];
    const vals = [];
    for (const r of returnsOf(m.body.list)) {
      const v = r.results[0] ? this.it.eval(r.results[0], this.it.rootEnv(pkg, m.f)) : null;
      if (v?.k === 'str' && v.v !== '') vals.push(v.v);
    }
    const out = [...new Set(vals)].sort();
    out.via = `${typeText}.${rhs.fun.sel}()`;
    return out;
  }

  // ── plugin framework ──
  fwSchema(schemaLit, res) {
    if (!schemaLit || schemaLit.k !== 'lit') {
      this.program.warn(`framework schema not resolved (${schemaLit?.k}: ${schemaLit?.text || ''})`);
      return;
    }
    this.fwObject(schemaLit, '', res, 0);
  }
  fwObject(lit, prefix, res, depth) {
    for (const field of ['Attributes', 'Blocks']) {
      if (!lit.fields.has(field)) continue;
      const m = this.it.force(lit.fields.get(field));
      if (m.k !== 'lit' || m.kind !== 'map') {
        this.program.warn(`${prefix || '<root>'}.${field}: not a map literal (${m.k}: ${m.text || m.name || ''})`);
        continue;
      }
      for (const en of m.entries) {
        const key = this.it.force(en.key);
        const keyName = key.k === 'str' ? key.v : `<${oneLine(text(en.key.node), 60)}>`;
        const path = prefix ? `${prefix}.${keyName}` : keyName;
        if (key.k !== 'str') this.program.warn(`${path}: attribute name not resolved`);
        res.attributes.add(path);
        const a = this.it.force(en.val);
        if (a.k !== 'lit') {
          if (!(a.k === 'call' && /timeouts\.(Block|Attributes)/.test(a.name))) this.program.warn(`${path}: attribute not resolved (${a.k}: ${a.text || a.name || ''})`);
          continue;
        }
        if (/Block/.test(a.typeText) || ['Optional', 'Required'].some((f) => a.fields.has(f) && this.it.force(a.fields.get(f)).v === true)) res.configurable.add(path);
        if (a.fields.has('PlanModifiers')) {
          const pm = this.it.force(a.fields.get('PlanModifiers'));
          if (pm.k === 'lit') {
            for (const c of pm.elems) {
              const v = this.it.force(c);
              const src = c.node ? text(c.node) : v.name || '';
              const name = (v.k === 'call' ? v.name : src).replace(/\(.*$/s, '');
              const fn = name.split('.').pop();
              if (!/RequiresReplace/.test(src + name)) continue;
              if (fn === 'RequiresReplace') res.addForceNew(path);
              else if (fn === 'RequiresReplaceIfConfigured') res.addConditional(path, `${name}(): replace when the value changes while set in configuration (no replacement when removed from configuration)`, 'planmodifier');
              else if (/^RequiresReplaceIf/.test(fn) && v.k === 'call') {
                const desc = v.args[1] ? this.it.force(v.args[1]) : null;
                const fnv = v.args[0] ? this.it.force(v.args[0]) : null;
                res.addConditional(path, `${name}: ${desc?.k === 'str' ? desc.v : describeFunc(fnv)}`, 'planmodifier');
              } else res.addConditional(path, `plan modifier ${oneLine(src, 200)}`, 'planmodifier');
            }
          }
        }
        if (depth < 12) {
          if (a.fields.has('NestedObject')) {
            const no = this.it.force(a.fields.get('NestedObject'));
            if (no.k === 'lit') this.fwObject(no, path, res, depth + 1);
          }
          if (a.fields.has('Attributes') || a.fields.has('Blocks')) this.fwObject(a, path, res, depth + 1);
        }
      }
    }
  }
  scanRequiresReplace(fnVal, res, label, outer = [], depth = 0) {
    const decl = fnVal.decl;
    if (!decl?.body || depth > 3) return;
    const respParams = new Set((decl.params || []).filter((p) => p.name && /ModifyPlanResponse|PlanResourceChangeResponse/.test(p.typeText || '')).map((p) => p.name));
    const env = new Env(fnVal.env, fnVal.pkg, decl.f);
    const pathOf = (n) => {
      if (n.type !== 'Call') return null;
      const f = n.fun;
      if (f.type === 'Selector' && (f.sel === 'WithAttributeName' || f.sel === 'AtName')) {
        const base = pathOf(f.x);
        return `${base ? `${base}.` : ''}${this.it.str(n.args[0], env)}`;
      }
      if (f.type === 'Selector' && f.sel === 'Root' && /^path$/.test(text(f.x))) {
        const p = this.it.str(n.args[0], env);
        if (!p.startsWith('<') || n.args[0].type !== 'Ident') return p;
        const alts = this.possibleStrings(n.args[0].name, decl, fnVal.pkg);
        return alts.length ? { alts, via: alts.via } : p;
      }
      if (f.type === 'Selector' && f.sel === 'NewAttributePath') return '';
      return null;
    };
    walkGuarded(decl.body.list, outer, (s, conds, comment) => {
      // follow helpers that receive the plan response, e.g. modifyPlanForDefaultOrganizationChange(..., resp)
      visitCalls(s, (c) => {
        if (c.args.some((a) => a.type === 'Ident' && respParams.has(a.name))) {
          const callee = this.it.eval(c.fun, env);
          if (callee.k === 'func') this.scanRequiresReplace(callee, res, `${label} → ${text(c.fun)}`, [...conds], depth + 1);
        }
        return true;
      });
      const lhsHit = s.type === 'Assign' && s.lhs.some((l) => /\.RequiresReplace$/.test(text(l)));
      let appendHit = false;
      visitCalls(s, (c) => {
        if (c.fun.type === 'Selector' && c.fun.sel === 'Append' && /RequiresReplace$/.test(text(c.fun.x))) appendHit = true;
      });
      if (!lhsHit && !appendHit) return;
      const paths = [];
      const notes = [];
      const pathOfExpr = (n) => {
        if (n.type === 'Ident') {
          let def = null;
          walkAst(decl.body, (m) => {
            if (def || m.type !== 'Assign') return;
            const i = m.lhs.findIndex((l) => l.type === 'Ident' && l.name === n.name);
            if (i >= 0 && m.rhs[i]) def = m.rhs[i];
          });
          return def ? pathOfExpr(def) : null;
        }
        return pathOf(n);
      };
      visitCalls(s.type === 'Assign' ? s.rhs : s, (c) => {
        if (c.fun.type === 'Selector' && c.fun.sel === 'Append' && /RequiresReplace$/.test(text(c.fun.x))) {
          for (const a of c.args) {
            const p = pathOfExpr(a);
            if (p && typeof p === 'object') paths.push(...p.alts);
            else if (p) paths.push(p);
          }
          return false;
        }
        const p = pathOf(c);
        if (p && typeof p === 'object') {
          paths.push(...p.alts);
          notes.push(`${text(c)} is one of ${p.alts.join(', ')} (${p.via})`);
          return false;
        }
        if (p !== null && p !== '') {
          paths.push(p);
          return false;
        }
        return true;
      });
      const extra = notes.length ? `; ${[...new Set(notes)].join('; ')}` : '';
      for (const p of paths.length ? [...new Set(paths)] : ['<unresolved>']) res.addConditional(p, `${label}: ${condText(conds, comment)}${extra}`, label);
    });
  }
}

// ───────────────────────────── discovery ─────────────────────────────

function walkAst(node, fn, parentKey = null) {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) walkAst(n, fn, parentKey);
    return;
  }
  if (node.type) fn(node, parentKey);
  for (const [k, v] of Object.entries(node)) {
    if (k === 'f' || k === 'file' || !v || typeof v !== 'object') continue;
    if (k === 'elts') for (const e of v) walkAst(e.value, fn, e.key?.type === 'Ident' ? e.key.name : e.key?.type === 'BasicLit' ? e.key.value : null), walkAst(e.key, fn, null);
    else walkAst(v, fn, parentKey);
  }
}

function loadFileAt(program, path) {
  const src = program.source;
  const t = src.kind === 'gophon' ? gitReadMany(src.gitDir, [`${src.indexCommit}:${path}`])[0] : src.read(path);
  return parseGoFile(path.split('/').pop(), t, path);
}
const pkgDirOfPath = (program, path) => {
  const d = path.split('/').slice(0, -1).join('/');
  return program.source.kind === 'gophon' ? d.replace(/^index\//, '') : d;
};
const reEsc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** AWS-style generated registration: `{ Factory: f, TypeName: "t", Region: ... }` inside SDKResources/FrameworkResources. */
function findAwsRegistration(program, type) {
  for (const path of program.source.grep(`TypeName: +"${reEsc(type)}"`, 'internal/service')) {
    const file = loadFileAt(program, path);
    for (const d of file.decls) {
      if (d.type !== 'FuncDecl' || !/^(SDKResources|FrameworkResources)$/.test(d.name)) continue;
      let found = null;
      walkAst(d.body, (n) => {
        if (found || n.type !== 'Composite') return;
        const kv = new Map(n.elts.filter((e) => e.key?.type === 'Ident').map((e) => [e.key.name, e.value]));
        const tn = kv.get('TypeName');
        if (tn?.type === 'BasicLit' && tn.value === type) found = { factory: text(kv.get('Factory')), region: kv.get('Region') ? text(kv.get('Region')) : null };
      });
      if (found) return { style: d.name === 'SDKResources' ? 'sdkv2' : 'framework', dir: pkgDirOfPath(program, path), registeredIn: path, ...found };
    }
  }
  return null;
}

/** SDKv2 `ResourcesMap: map[string]*schema.Resource{ "t": factory(), ... }`. */
function findResourcesMap(program, type, prefixes) {
  for (const prefix of prefixes) {
    for (const path of program.source.grep(`"${reEsc(type)}": `, prefix)) {
      const file = loadFileAt(program, path);
      let found = null;
      walkAst(file.decls, (n, parentKey) => {
        if (found || n.type !== 'Composite' || parentKey !== 'ResourcesMap') return;
        for (const e of n.elts) if (e.key?.type === 'BasicLit' && e.key.value === type && e.value.type === 'Call') found = text(e.value.fun);
      });
      if (found) return { style: 'sdkv2', dir: pkgDirOfPath(program, path), registeredIn: path, factory: found };
    }
  }
  return null;
}

/** Plugin-framework resource whose Metadata method sets resp.TypeName to type. */
function findFrameworkMetadata(program, type, prefixes, it) {
  for (const prefix of prefixes) {
    for (const path of program.source.grep('TypeName *= ', prefix)) {
      const dir = pkgDirOfPath(program, path);
      const pkg = program.pkgByDir(dir);
      const file = pkg?.files.find((f) => f.displayPath === path) || loadFileAt(program, path);
      for (const d of file.decls) {
        if (d.type !== 'FuncDecl' || d.name !== 'Metadata' || !d.recv) continue;
        if (!d.params.some((p) => /resource\.MetadataRequest/.test(p.typeText || ''))) continue;
        const req = { k: 'obj', fields: new Map([['ProviderTypeName', STR(program.providerName)]]) };
        const resp = { k: 'obj', fields: new Map() };
        it.invoke({ k: 'func', decl: d, pkg, env: null }, [cellOf(UNKNOWN('ctx')), cellOf(req), cellOf(resp)], UNKNOWN('recv'));
        const tn = resp.fields.get('TypeName');
        if (tn?.k === 'str' && tn.v === type) return { style: 'framework', dir, registeredIn: path, structType: d.recv.type };
      }
    }
  }
  return null;
}

/** terraform-plugin-go server (kubernetes_manifest): schema map key in a provider file + PlanResourceChange. */
function findProtocolResource(program, type, prefixes) {
  for (const prefix of prefixes) {
    for (const path of program.source.grep(`"${reEsc(type)}": \\{`, prefix)) {
      const dir = pkgDirOfPath(program, path);
      const pkg = program.pkgByDir(dir);
      const plan = pkg && [...pkg.methods.values()].find((m) => m.name === 'PlanResourceChange');
      if (plan) return { style: 'protocol', dir, registeredIn: path, plan };
    }
  }
  return null;
}

// ───────────────────────────── providers ─────────────────────────────

const PROVIDERS = {
  aws: {
    source: 'hashicorp/aws',
    repo: 'hashicorp/terraform-provider-aws',
    modulePath: 'github.com/hashicorp/terraform-provider-aws',
    resources: 'aws_cloudwatch_event_rule aws_cloudwatch_event_target aws_cloudwatch_log_group aws_default_security_group aws_eip aws_eks_access_entry aws_eks_access_policy_association aws_eks_addon aws_eks_cluster aws_eks_node_group aws_eks_fargate_profile aws_eks_pod_identity_association aws_flow_log aws_iam_role aws_iam_role_policy aws_iam_role_policy_attachment aws_iam_policy aws_iam_openid_connect_provider aws_iam_service_linked_role aws_internet_gateway aws_kms_alias aws_kms_key aws_launch_template aws_nat_gateway aws_route aws_route_table aws_route_table_association aws_security_group aws_sqs_queue aws_sqs_queue_policy aws_subnet aws_vpc aws_vpc_endpoint aws_vpc_security_group_egress_rule aws_vpc_security_group_ingress_rule aws_efs_file_system aws_efs_mount_target aws_s3_bucket aws_route53_zone'.split(' '),
    // The gophon index drops file names. For that source only, the upstream file that declares each
    // type (checked against the file listing of hashicorp/terraform-provider-aws; the `@SDKResource` /
    // `@FrameworkResource` annotation sits in that file). Git/dir sources report the real file.
    gophonFiles: {
      aws_cloudwatch_event_rule: 'internal/service/events/rule.go',
      aws_cloudwatch_event_target: 'internal/service/events/target.go',
      aws_cloudwatch_log_group: 'internal/service/logs/group.go',
      aws_default_security_group: 'internal/service/ec2/vpc_default_security_group.go',
      aws_eip: 'internal/service/ec2/ec2_eip.go',
      aws_eks_access_entry: 'internal/service/eks/access_entry.go',
      aws_eks_access_policy_association: 'internal/service/eks/access_policy_association.go',
      aws_eks_addon: 'internal/service/eks/addon.go',
      aws_eks_cluster: 'internal/service/eks/cluster.go',
      aws_eks_node_group: 'internal/service/eks/node_group.go',
      aws_eks_fargate_profile: 'internal/service/eks/fargate_profile.go',
      aws_eks_pod_identity_association: 'internal/service/eks/pod_identity_association.go',
      aws_flow_log: 'internal/service/ec2/vpc_flow_log.go',
      aws_iam_role: 'internal/service/iam/role.go',
      aws_iam_role_policy: 'internal/service/iam/role_policy.go',
      aws_iam_role_policy_attachment: 'internal/service/iam/role_policy_attachment.go',
      aws_iam_policy: 'internal/service/iam/policy.go',
      aws_iam_openid_connect_provider: 'internal/service/iam/openid_connect_provider.go',
      aws_iam_service_linked_role: 'internal/service/iam/service_linked_role.go',
      aws_internet_gateway: 'internal/service/ec2/vpc_internet_gateway.go',
      aws_kms_alias: 'internal/service/kms/alias.go',
      aws_kms_key: 'internal/service/kms/key.go',
      aws_launch_template: 'internal/service/ec2/ec2_launch_template.go',
      aws_nat_gateway: 'internal/service/ec2/vpc_nat_gateway.go',
      aws_route: 'internal/service/ec2/vpc_route.go',
      aws_route_table: 'internal/service/ec2/vpc_route_table.go',
      aws_route_table_association: 'internal/service/ec2/vpc_route_table_association.go',
      aws_security_group: 'internal/service/ec2/vpc_security_group.go',
      aws_sqs_queue: 'internal/service/sqs/queue.go',
      aws_sqs_queue_policy: 'internal/service/sqs/queue_policy.go',
      aws_subnet: 'internal/service/ec2/vpc_subnet.go',
      aws_vpc: 'internal/service/ec2/vpc_.go',
      aws_vpc_endpoint: 'internal/service/ec2/vpc_endpoint.go',
      aws_vpc_security_group_egress_rule: 'internal/service/ec2/vpc_security_group_egress_rule.go',
      aws_vpc_security_group_ingress_rule: 'internal/service/ec2/vpc_security_group_ingress_rule.go',
      aws_efs_file_system: 'internal/service/efs/file_system.go',
      aws_efs_mount_target: 'internal/service/efs/mount_target.go',
      aws_s3_bucket: 'internal/service/s3/bucket.go',
      aws_route53_zone: 'internal/service/route53/zone.go',
    },
    find: (program, type, it) => findAwsRegistration(program, type) ?? findFrameworkMetadata(program, type, ['internal/service'], it),
  },
  helm: {
    source: 'hashicorp/helm',
    repo: 'hashicorp/terraform-provider-helm',
    resources: ['helm_release'],
    find: (program, type, it) => findFrameworkMetadata(program, type, ['helm'], it) ?? findResourcesMap(program, type, ['helm']),
  },
  kubernetes: {
    source: 'hashicorp/kubernetes',
    repo: 'hashicorp/terraform-provider-kubernetes',
    resources: ['kubernetes_namespace_v1', 'kubernetes_manifest', 'kubernetes_service_account_v1', 'kubernetes_config_map_v1', 'kubernetes_storage_class_v1'],
    find: (program, type, it) => findResourcesMap(program, type, ['kubernetes']) ?? findFrameworkMetadata(program, type, ['internal'], it) ?? findProtocolResource(program, type, ['manifest/provider']),
  },
  tfe: {
    source: 'hashicorp/tfe',
    repo: 'hashicorp/terraform-provider-tfe',
    resources: ['tfe_workspace', 'tfe_project', 'tfe_variable', 'tfe_workspace_settings', 'tfe_run_trigger', 'tfe_workspace_run', 'tfe_variable_set'],
    find: (program, type, it) => findResourcesMap(program, type, ['internal/provider']) ?? findFrameworkMetadata(program, type, ['internal/provider'], it),
  },
};

function extractResource(program, cfg, type) {
  const ex = new Extractor(program);
  const it = ex.it;
  const reg = cfg.find(program, type, it);
  if (!reg) return { error: `no registration found for ${type}` };
  const pkg = program.pkgByDir(reg.dir);
  const res = new Result();
  let declFile = null;
  let symbol = null;
  if (reg.style === 'sdkv2') {
    const fname = reg.factory.replace(/\(.*$/, '');
    const fn = pkg.func(fname);
    if (!fn) return { error: `factory ${fname} not found in ${reg.dir}` };
    symbol = `${reg.dir}.${fname}`;
    declFile = fn.f.displayPath;
    const v = it.invoke({ k: 'func', decl: fn, pkg, env: null }, []);
    ex.sdkResource(v, '', res);
  } else if (reg.style === 'framework') {
    let structType = reg.structType;
    if (!structType) {
      const fn = pkg.func(reg.factory);
      if (!fn) return { error: `factory ${reg.factory} not found in ${reg.dir}` };
      const v = it.invoke({ k: 'func', decl: fn, pkg, env: null }, [cellOf(UNKNOWN('ctx'))]);
      structType = v.k === 'lit' ? v.typeText.replace(/^[*&]/, '').replace(/\[.*$/, '') : null;
      if (!structType) return { error: `cannot tell the struct type made by ${reg.factory}` };
    }
    const schemaMethod = pkg.findMethod(structType, 'Schema');
    if (!schemaMethod) return { error: `no Schema method for ${structType}` };
    symbol = `${reg.dir}.${structType}`;
    declFile = schemaMethod.f.displayPath;
    const resp = { k: 'obj', fields: new Map() };
    it.invoke({ k: 'func', decl: schemaMethod, pkg, env: null }, [cellOf(UNKNOWN('ctx')), cellOf({ k: 'obj', fields: new Map() }), cellOf(resp)], UNKNOWN('receiver'));
    ex.fwSchema(resp.fields.get('Schema'), res);
    const mp = pkg.findMethod(structType, 'ModifyPlan');
    if (mp) ex.scanRequiresReplace({ k: 'func', decl: mp, pkg, env: null }, res, `ModifyPlan (${mp.recv.type})`);
  } else if (reg.style === 'protocol') {
    symbol = `${reg.dir}.${reg.plan.recv.type}.PlanResourceChange`;
    declFile = reg.plan.f.displayPath;
    ex.scanRequiresReplace({ k: 'func', decl: reg.plan, pkg, env: null }, res, 'PlanResourceChange');
  }
  // aws: the provider injects a top-level `region` argument into regional resources and forces
  // replacement when it changes (internal/provider/{sdkv2,framework}: forceNewIfRegionChanges).
  if (reg.region && /ResourceRegionDefault/.test(reg.region)) {
    const provPkg = program.pkgByDir(reg.style === 'sdkv2' ? 'internal/provider/sdkv2' : 'internal/provider/framework');
    const fname = reg.style === 'sdkv2' ? 'forceNewIfRegionChanges' : 'resourceForceNewIfRegionChanges';
    const f = provPkg?.func(fname);
    if (f) {
      const where = `${reg.style === 'sdkv2' ? 'internal/provider/sdkv2' : 'internal/provider/framework'}.${fname}`;
      res.addConditional('region', `provider-injected top-level argument (registered with Region: ResourceRegionDefault()); ${where} requires replacement when its value changes, except between unset and the provider's configured region`, 'provider');
    } else program.warn(`${type}: region interceptor ${fname} not found`);
  }
  // name_prefix-style argument: a configurable top-level `<x>_prefix` next to an `<x>` attribute
  // (name_prefix, bucket_prefix, node_group_name_prefix), or Kubernetes metadata.generate_name.
  const topLevel = [...res.configurable].filter((a) => !a.includes('.'));
  let namePrefixAttribute = null;
  if (topLevel.includes('name_prefix')) namePrefixAttribute = 'name_prefix';
  else {
    const p = topLevel.find((a) => a.endsWith('_prefix') && res.attributes.has(a.slice(0, -'_prefix'.length)));
    if (p) namePrefixAttribute = p;
    else if (res.configurable.has('metadata.generate_name')) namePrefixAttribute = 'metadata.generate_name';
  }
  const file = program.source.kind === 'gophon' ? cfg.gophonFiles?.[type] ?? null : declFile;
  const out = {
    provider: cfg.source,
    file,
    symbol,
    sdk: reg.style,
    forceNew: [...res.forceNew].sort(),
    conditional: [...res.conditional.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.condition < b.condition ? -1 : 1)),
    namePrefix: namePrefixAttribute !== null,
  };
  if (namePrefixAttribute && namePrefixAttribute !== 'name_prefix') out.namePrefixAttribute = namePrefixAttribute;
  if (program.source.kind === 'gophon') out.indexFile = declFile;
  if (it.notes.length) program.warn(`${type}: ${[...new Set(it.notes)].join('; ')}`);
  return out;
}

// ───────────────────────────── main ─────────────────────────────

function parseArgs(argv) {
  const a = { sources: new Map(), overlays: new Map(), commits: new Map(), out: null, only: null, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => argv[++i];
    if (k === '--source') {
      const [prov, spec] = v().split(/=(.*)/s);
      const m = /^(git|dir|gophon):(.*?)(?:@([^@]+))?$/.exec(spec);
      if (!m) throw new Error(`bad --source ${spec}`);
      a.sources.set(prov, { kind: m[1], path: m[2], ref: m[3] });
    } else if (k === '--overlay') {
      const m = /^([^:]+):([^=]+)=(.*)$/.exec(v());
      if (!m) throw new Error('bad --overlay');
      if (!a.overlays.has(m[1])) a.overlays.set(m[1], new Map());
      a.overlays.get(m[1]).set(m[2], resolve(m[3]));
    } else if (k === '--commit') {
      const [p, sha] = v().split('=');
      a.commits.set(p, sha);
    } else if (k === '--out') a.out = v();
    else if (k === '--only') a.only = new Set(v().split(','));
    else if (k === '--verbose') a.verbose = true;
    else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.sources.size) {
    console.error('usage: see the comment at the top of this file');
    process.exit(2);
  }
  const outPath = resolve(args.out ?? 'verify/upstream/replacement-attributes.json');
  const doc = { generatedBy: 'scripts/upstream/provider-replacement.mjs', providers: {}, resources: {} };
  let failures = 0;
  for (const [name, spec] of args.sources) {
    const cfg = PROVIDERS[name];
    if (!cfg) throw new Error(`unknown provider ${name} (known: ${Object.keys(PROVIDERS).join(', ')})`);
    let source;
    if (spec.kind === 'git') source = new GitSource(spec.path, spec.ref);
    else if (spec.kind === 'dir') source = new DirSource(spec.path);
    else source = new GophonSource(spec.path, spec.ref, cfg.modulePath);
    if (!source.modulePath) source.modulePath = cfg.modulePath;
    const program = new Program(source, args.overlays.get(name) ?? new Map(), name);
    const version = (spec.ref || '').replace(/^v/, '') || null;
    const commit = args.commits.get(name) ?? source.commit ?? null;
    const prov = { version, commit, source: spec.ref || commit ? `https://github.com/${cfg.repo}/tree/${spec.ref || commit}` : `https://github.com/${cfg.repo}` };
    if (source.kind === 'gophon') {
      let originUrl = null;
      try {
        originUrl = git(source.gitDir, ['config', '--get', 'remote.origin.url']).trim() || null;
      } catch {
        /* no remote recorded */
      }
      prov.readFrom = {
        kind: 'gophon index (per-declaration copies of the provider source at the tag)',
        repository: originUrl ?? 'https://github.com/lonegunmanb/terraform-provider-aws-index',
        tag: spec.ref,
        commit: source.indexCommit,
      };
      if (program.overlays.size) prov.readFrom.overlays = Object.fromEntries([...program.overlays.keys()].map((k) => [k, 'supplied with --overlay']));
    }
    doc.providers[cfg.source] = prov;
    const finish = () => {
      if (program.derivedNames.size) prov.readFrom.namesConstantsDerived = `${program.derivedNames.size} names.Attr* constants derived by the naming rule (attrConstValue); pass --overlay to read them instead`;
    };
    for (const type of cfg.resources) {
      if (args.only && !args.only.has(type)) continue;
      const before = program.warnings.length;
      let r;
      try {
        r = extractResource(program, cfg, type);
      } catch (e) {
        r = { error: `${e.message}\n${e.stack}` };
      }
      if (r.error) {
        failures++;
        console.error(`✗ ${type}: ${r.error}`);
        doc.resources[type] = { provider: cfg.source, error: r.error.split('\n')[0] };
        continue;
      }
      const w = program.warnings.slice(before);
      if (w.length) r.warnings = [...new Set(w)].sort();
      doc.resources[type] = r;
      console.error(`✓ ${type}: ${r.forceNew.length} forceNew, ${r.conditional.length} conditional${w.length ? `, ${w.length} warnings` : ''}`);
      if (args.verbose) for (const x of w) console.error(`    ! ${x}`);
    }
    finish();
  }
  const sortKeys = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  doc.providers = sortKeys(doc.providers);
  doc.resources = sortKeys(doc.resources);
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, `${JSON.stringify(doc, null, 2)}\n`);
  console.error(`wrote ${relative(process.cwd(), outPath)}${failures ? ` (${failures} failures)` : ''}`);
  process.exit(failures ? 1 : 0);
}

main();
