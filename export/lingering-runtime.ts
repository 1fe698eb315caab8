/**
 * hcl2json runs Go compiled to WebAssembly, whose runtime keeps timers of its own after the last
 * parse: Node's event loop then stays alive ~1 s after a command's work is done (measured on every
 * `npm run export`, `check --dir` and `validate --dir`). Code that starts it marks it here, and the
 * CLI exits as soon as the command's output is flushed instead of waiting for those timers.
 */
let lingering = false;

export function markLingeringRuntime(): void {
  lingering = true;
}

export function hasLingeringRuntime(): boolean {
  return lingering;
}
