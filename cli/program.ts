// The one way our commands are built: commander for parsing, help and suggestions; typed errors
// mapped to documented exit codes; nothing escapes as a raw JavaScript error or stack trace.
import { Command, CommanderError, Option } from 'commander';
import { InternalError, PlatformError, closest } from '../modules/registry';
import { UnknownEnvironmentError } from '../stacks/load';
import packageJson from '../package.json';
import { hasLingeringRuntime } from '../export/lingering-runtime';

/** Exit codes, the same for every command (documented in each `--help` and the README). */
export const EXIT = {
  ok: 0,
  /** Spec errors (nothing written), policy findings, validation errors, a blocked diff. */
  problems: 1,
  /** The command line itself: unknown option, missing value, bad environment name. */
  usage: 2,
  /** A bug: reported on one line with a request for a bug report. */
  internal: 3,
  /** Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    problems found: spec errors (nothing was written), policy findings, validation
       errors, a blocked replacement
  2    usage: unknown option, missing value, unknown environment
  3    internal error (a bug): one line naming where, please report it
  130  interrupted (Ctrl-C); nothing half-written is left behind`;

/** A problem with the command line itself (exit 2). */
export class UsageError extends PlatformError {}

/** Thrown by a command's checkpoint after Ctrl-C; the command has cleaned up by then. */
export class InterruptedError extends PlatformError {
  constructor() {
    super('interrupted; nothing was changed');
  }
}

export const VERSION = `${packageJson.name} ${packageJson.version} (cdktf ${packageJson.dependencies.cdktf}, @cdktf/provider-aws ${packageJson.dependencies['@cdktf/provider-aws']})`;

export interface CommandInfo {
  /** How a user runs it: `npm run synth --`. */
  readonly usageName: string;
  readonly summary: string;
  /** More paragraphs after the summary in `--help`. */
  readonly details?: string;
  /** `[command line, what it does]`, shown under "Examples:". */
  readonly examples: readonly (readonly [string, string])[];
}

/**
 * A commander Command with our conventions: `--version`, suggestions for misspelt options and
 * commands, no stray arguments, examples and exit codes in `--help`, and errors thrown (not
 * printed-and-exited) so `runCommand` maps them to exit codes.
 */
export function createCommand(info: CommandInfo): Command {
  const command = new PlatformCommand(info.usageName);
  configure(command, info);
  command.version(VERSION, '-V, --version', 'print the version and exit');
  return command;
}

/**
 * commander's own suggestion only catches small typos (`--evn`); people also guess longer or
 * shorter names (`--environment`, `--dry`), so a known option that one name starts with is
 * suggested too.
 */
class PlatformCommand extends Command {
  override createCommand(name?: string): Command {
    return new PlatformCommand(name);
  }

  unknownOption(flag: string): never {
    const known = this.options.map((option) => option.long).filter((name): name is string => Boolean(name));
    const bare = flag.replace(/^-+/, '').split('=')[0];
    const prefixed = known.find((name) => {
      const candidate = name.slice(2);
      return bare.length >= 2 && candidate.length >= 2 && (bare.startsWith(candidate) || candidate.startsWith(bare));
    });
    const hint = prefixed ?? (closest(bare, known.map((name) => name.slice(2))) ? `--${closest(bare, known.map((name) => name.slice(2)))}` : undefined);
    this.error(`error: unknown option '${flag}'${hint ? ` (did you mean ${hint}?)` : ''}`, { code: 'commander.unknownOption', exitCode: EXIT.usage });
  }
}

/** A subcommand (`registry describe`) with the same conventions. */
export function addSubcommand(parent: Command, name: string, info: Omit<CommandInfo, 'usageName'>, options: { isDefault?: boolean } = {}): Command {
  const command = parent.command(name, options);
  configure(command, { ...info, usageName: name });
  return command;
}

function configure(command: Command, info: CommandInfo): void {
  command
    .description([info.summary, info.details].filter(Boolean).join('\n\n'))
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureHelp({ helpWidth: 100, sortOptions: false, showGlobalOptions: false })
    .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: (text, write) => write(text) });
  const examples = info.examples.map(([line, what]) => `  ${line}\n      ${what}`).join('\n');
  command.addHelpText('after', `${examples ? `\nExamples:\n${examples}\n` : ''}\n${EXIT_CODES_HELP}\n`);
}

const exitCodes = new WeakMap<Command, number>();

/**
 * Sets a command's action: `handler` gets the parsed options, the positional arguments and the
 * command, and returns the exit code.
 */
export function onRun<Options>(command: Command, handler: (options: Options, args: string[], command: Command) => number | Promise<number>): Command {
  return command.action(async (...received: unknown[]) => {
    const self = received[received.length - 1] as Command;
    let root = self;
    while (root.parent) root = root.parent;
    exitCodes.set(root, await handler(self.opts() as Options, self.args, self));
  });
}

/** A repeatable option's collector: `--env a --env b` → ['a', 'b']. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A whole number option; anything else is a usage error naming the option. */
export function positiveInteger(name: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < 1) throw new UsageError(`${name} expects a whole number of at least 1, got "${value}"`);
    return number;
  };
}

export { Option };

/**
 * Options npm kept for itself: `npm run synth --env prod` (without `--`) never reaches us; npm sets
 * `npm_config_env` and passes the value as a stray argument. Refused, so a reviewer is never shown
 * dev's output believing it is prod's.
 */
export function npmSwallowedOptions(command: Command, env: NodeJS.ProcessEnv = process.env): string[] {
  if (!env.npm_lifecycle_event) return [];
  const longNames = [...command.options, ...command.commands.flatMap((c) => c.options)].map((o) => o.long).filter((name): name is string => Boolean(name) && name !== '--version');
  // npm exports some of its own settings empty when nobody set them (npm 11: npm_config_yes=""), so
  // only a value counts as swallowed.
  return [...new Set(longNames)].filter((name) => Boolean(env[`npm_config_${name.slice(2).replace(/-/g, '_')}`]));
}

export interface RunOptions {
  readonly argv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Parses the command line and runs the command's action; the action returns its exit code. Every
 * failure ends as one of the documented codes, with a message (never a stack trace) on stderr.
 */
export async function runCommand(command: Command, options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const argv = options.argv ?? process.argv.slice(2);
  try {
    const swallowed = npmSwallowedOptions(command, env);
    if (swallowed.length) {
      const script = env.npm_lifecycle_event ?? 'synth';
      throw new UsageError(`npm took ${swallowed.join(', ')} for itself (npm's own options come before "--"); write: npm run ${script} -- ${swallowed[0]} ...`);
    }
    await command.parseAsync([...argv], { from: 'user' });
    return exitCodes.get(command) ?? EXIT.ok;
  } catch (error) {
    return reportFailure(error, env);
  }
}

/** Prints what went wrong and returns the exit code; shared by every command. */
export function reportFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): number {
  if (error instanceof CommanderError) {
    // commander already printed help, the version or its own error line ("error: unknown option ...").
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
    process.stderr.write('(--help lists the options)\n');
    return EXIT.usage;
  }
  if (error instanceof InterruptedError) {
    process.stderr.write(`${error.message}\n`);
    return EXIT.interrupted;
  }
  if (error instanceof UsageError || error instanceof UnknownEnvironmentError) {
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  const internal = error instanceof InternalError ? error : error instanceof PlatformError ? undefined : new InternalError('in the command line tool', error);
  if (internal) {
    process.stderr.write(`${internal.message}\n`);
    if (env.PLATFORM_DEBUG && internal.cause instanceof Error && internal.cause.stack) process.stderr.write(`${internal.cause.stack}\n`);
    return EXIT.internal;
  }
  process.stderr.write(`${(error as PlatformError).message}\n`);
  return EXIT.problems;
}

/**
 * Progress lines on stderr, only when stderr is a terminal (CI logs and pipes stay clean), each
 * overwriting the last.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): (message: string) => void {
  if (!stream.isTTY || process.env.CI) return () => undefined;
  return (message) => stream.write(`\r\x1b[2K${message}`);
}

/** Clears the progress line before normal output. */
export function endProgress(stream: NodeJS.WriteStream = process.stderr): void {
  if (stream.isTTY && !process.env.CI) stream.write('\r\x1b[2K');
}

/**
 * Ctrl-C for long synchronous work: the handler only records the interrupt; `checkpoint` (awaited
 * between phases) yields so a pending signal is delivered, then throws InterruptedError, after which
 * the command's own `finally` blocks remove what they staged.
 */
export function interruptible(): { checkpoint: () => Promise<void>; dispose: () => void } {
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    checkpoint: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      if (interrupted) throw new InterruptedError();
    },
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** The last lines a child process printed, on one line, for an error (colours and npm's log pointer left out). */
export function lastLines(text: string, count = 3): string {
  // eslint-disable-next-line no-control-regex
  const lines = text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((line) => line.trim() && !/A complete log of this run/.test(line));
  return lines.slice(-count).join(' / ') || 'no output';
}

/** Runs a command as a process entry point: sets the exit code, never throws. */
export function main(command: Command): void {
  void runCommand(command).then((code) => {
    process.exitCode = code;
    if (hasLingeringRuntime()) exitWhenFlushed(code);
  });
}

/** Exits once stdout and stderr have written everything (they may be asynchronous pipes, e.g. on macOS). */
function exitWhenFlushed(code: number): void {
  let pending = 2;
  const flushed = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}
