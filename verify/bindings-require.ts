import Module, { createRequire } from 'node:module';

/**
 * A `require` for the prebuilt provider bindings (@cdktf/provider-*), which are loaded at run time by
 * computed path (a type read from a stack names the file), with `cdktf` resolving to this process's
 * own copy. Without this, the bindings' `require("cdktf")` loaded a second cdktf from node_modules
 * next to the one bundled into the command (~300 ms of every `check --dir`, `validate` and `export`
 * on the 2-core machine), and their classes extended that other copy's base classes.
 */
export function bindingsRequire(from: string): NodeJS.Require {
  const load = createRequire(from);
  const path = load.resolve('cdktf');
  if (!load.cache[path]) {
    const module = new Module(path);
    module.filename = path;
    module.loaded = true;
    // The static require is bundled: it is the copy the rest of this process uses.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module.exports = require('cdktf');
    load.cache[path] = module;
  }
  return load;
}
