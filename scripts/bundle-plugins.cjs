// esbuild plugins shared by the app's bundles (scripts/build.mjs) and the test suite's prebundled
// packages (test/support/prebundle.js), so the tests run the same cdktf code users run. Each patch
// changes speed only, and refuses to build when the code it patches has changed upstream;
// test/cli/bundle-output.test.ts compares every shipped environment's output with cdktf's own code.
'use strict';
const { readFileSync } = require('node:fs');
const { dirname } = require('node:path');

// Zod 4 bundles error messages in ~40 languages (half its size); our messages are English and
// mostly our own, so only the English locale is kept. Measured: -390 KB, ~20 ms less per synth.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /locales\/index\.c?js$/ }, (args) => (args.importer.includes('/node_modules/zod/') ? { path: args.path, namespace: 'zod-locales' } : undefined));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: process.cwd() }));
  },
};

// cdktf records a full stack trace (Error.stackTraceLimit = MAX_SAFE_INTEGER) for every token it
// creates, only to print it if that token later fails to resolve. Formatting those traces was 8% of
// a synth (~20 ms of `dev`, measured with --cpu-prof), and after capping them at V8's default 10
// frames, formatting the short ones was still ~15 ms, and capturing them ~8 ms. A failed resolution
// is a bug in our code (reported as an internal error that asks for PLATFORM_DEBUG=1), so the bundle
// records creation stacks only when PLATFORM_DEBUG is set, and then formats them only when cdktf
// reads one (`creationStack.length`, `.join`).
const lazyTokenStackTraces = {
  name: 'lazy-token-stack-traces',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: `"use strict";
class CreationStack {
  constructor(holder) { this.holder = holder; this.formatted = undefined; }
  lines() {
    if (this.formatted === undefined) {
      const stack = this.holder.stack;
      this.formatted = stack ? stack.split("\\n").slice(1).map((s) => s.replace(/^\\s*at\\s+/, "")) : [];
      this.holder = undefined;
    }
    return this.formatted;
  }
  get length() { return this.lines().length; }
  join(separator) { return this.lines().join(separator); }
  map(fn) { return this.lines().map(fn); }
  [Symbol.iterator]() { return this.lines()[Symbol.iterator](); }
  toJSON() { return this.lines(); }
}
const record = Boolean(process.env.PLATFORM_DEBUG);
const none = Object.freeze([]);
exports.captureStackTrace = function captureStackTrace(below) {
  if (!record) return none;
  const holder = {};
  Error.captureStackTrace(holder, below || captureStackTrace);
  return new CreationStack(holder);
};`,
      loader: 'js',
    }));
  },
};

// cdktf's file helpers load archiver (and its zip, glob and stream dependencies, ~14 ms) when cdktf
// is first required, for ARCHIVE assets only; ours are DIRECTORY assets (the Karpenter chart), so
// the bundle loads it the first time an archive is made.
const lazyArchiver = {
  name: 'lazy-archiver',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /cdktf[\\/]lib[\\/]private[\\/]fs\.js$/ }, async (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = 'const archiver = require("archiver");';
      if (!source.includes(eager)) throw new Error(`lazy-archiver: ${args.path} no longer has ${eager}; update the plugin`);
      return { contents: source.replace(eager, 'const archiver = (...args) => require("archiver")(...args);'), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// cdktf resolves every element of every stack twice (once to find cross-stack references, once to
// write it), and its resolver computes the element's path as a string ("/" + prefix.join("/")) and
// allocates a resolution context for every value it visits, including the thousands of plain
// strings (names, ARNs, policy text) that hold no token: the resolver was ~117 ms of a ~650 ms prod
// synth (--cpu-prof). The bundle builds the path only for the error messages that print it, and
// returns a plain value at once, without a context: a boolean, null, or a string with no token
// marker ("TfToken[") and no encoded number, which is exactly when cdktf's own branches return it
// unchanged. Output is byte-identical (test/cli/bundle-output.test.ts compares the bundle's synth
// of every shipped environment with cdktf's own, in-process).
const fastTokenResolve = {
  name: 'fast-token-resolve',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]resolve\.js$/ }, async (args) => {
      let source = readFileSync(args.path, 'utf8');
      const replace = (from, to, count) => {
        const found = source.split(from).length - 1;
        if (found !== count) throw new Error(`fast-token-resolve: expected ${count} of ${JSON.stringify(from)} in ${args.path}, found ${found}; update the plugin`);
        source = source.split(from).join(to);
      };
      replace('const pathName = "/" + prefix.join("/");', 'const pathName = () => "/" + prefix.join("/");', 1);
      replace('(pathName', '(pathName()', 4);
      // A plain string, boolean, null or undefined resolves to itself; it is returned without a context.
      const isPlain = (name) => `(typeof ${name} === "string" ? isPlainString(${name}) : ${name} === null || ${name} === undefined || typeof ${name} === "boolean")`;
      replace('    if (typeof obj === "string") {\n', '    if (typeof obj === "string" && isPlainString(obj)) {\n        return obj;\n    }\n    if (typeof obj === "string") {\n', 1);
      replace('.map((x, i) => makeContext(`${i}`)[0].resolve(x))', `.map((x, i) => (${isPlain('x')} ? x : makeContext(\`\${i}\`)[0].resolve(x)))`, 1);
      replace('const resolvedKey = makeContext()[0].resolve(key);', 'const resolvedKey = isPlainString(key) ? key : makeContext()[0].resolve(key);', 1);
      replace('const value = makeContext(key)[0].resolve(obj[key]);', `const raw = obj[key];\n        const value = ${isPlain('raw')} ? raw : makeContext(key)[0].resolve(raw);`, 1);
      source += `
function isPlainString(s) {
    return s.indexOf("TfToken[") === -1 && s !== token_1.Token.STRING_MAP_TOKEN_VALUE && s !== token_1.Token.ANY_MAP_TOKEN_VALUE && !encoding_1.TokenString.forNumbers(s).test();
}
`;
      return { contents: source, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** Every plugin, in the order the builds apply them. */
const bundlePlugins = [zodEnglishOnly, lazyTokenStackTraces, lazyArchiver, fastTokenResolve];

module.exports = { bundlePlugins };
