/**
 * The one argument parser every command shares, over node:util `parseArgs` (strict). A command
 * declares its name, its usage text and its options; `defineCommand` gives back the function the
 * dispatcher (index.ts) calls, which:
 *   - prints the usage on stdout and exits 0 on `--help` / `-h`, whatever else is given;
 *   - answers an unknown option, a missing value, an unexpected argument, or a UsageError the
 *     command throws, with one line on stderr (`ogone-checkout <name>: …`) and exit 2.
 * One line, not the usage: scripts read stderr, and `--help` is named in the line.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT_OK, EXIT_USAGE, UsageError, processIO, type CommandIO, type Env } from './io.ts';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What parseArgs gives a command declaring `options` (values typed from the declaration). */
export type CommandLine<O extends OptionsConfig> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

export interface CommandDefinition<O extends OptionsConfig, Hooks> {
  /** The word after `ogone-checkout`. */
  readonly name: string;
  /** Printed by `--help`; a function when it is built from other modules (serve's settings). */
  readonly usage: string | (() => string);
  /** The options, as parseArgs declares them (`--help` and `-h` are added). */
  readonly options: O;
  /** Whether the command takes arguments besides options (default: no). */
  readonly positionals?: boolean;
  /** The command itself; a UsageError it throws is exit 2 with its message. */
  run(line: CommandLine<O>, env: Env, io: CommandIO, hooks: Hooks | undefined): number | Promise<number>;
}

/** What the dispatcher and tests call: argv after the command's name. */
export type Command<Hooks = undefined> = (argv: readonly string[], env: Env, io?: CommandIO, hooks?: Hooks) => Promise<number>;

export function defineCommand<O extends OptionsConfig, Hooks = undefined>(definition: CommandDefinition<O, Hooks>): Command<Hooks> {
  const { name } = definition;
  return async (argv, env, io = processIO, hooks) => {
    if (asksForHelp(argv)) {
      io.stdout(usageOf(definition));
      return EXIT_OK;
    }
    try {
      const { tokens, ...line } = parseArgs({
        args: [...argv],
        options: definition.options,
        allowPositionals: true,
        strict: true,
        tokens: true,
      });
      refuseRepeated(tokens, definition.options);
      if (!definition.positionals && line.positionals.length > 0) {
        throw new UsageError(`unexpected argument ${JSON.stringify(line.positionals[0])} (see ogone-checkout ${name} --help)`);
      }
      return await definition.run(line, env, io, hooks);
    } catch (error) {
      const message = error instanceof UsageError ? error.message : parseArgsMessage(error, name);
      if (message === undefined) throw error;
      io.stderr(`ogone-checkout ${name}: ${message}`);
      return EXIT_USAGE;
    }
  };
}

/**
 * An option given twice: parseArgs keeps the last value without a word, so `backup --to A --to B`
 * wrote B alone and `migrate --env-file A --env-file B` migrated B's database. Refused, naming it.
 */
function refuseRepeated(tokens: ReadonlyArray<{ kind: string; name?: string; rawName?: string }>, options: OptionsConfig): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined || options[token.name]?.multiple) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once`);
    seen.add(token.name);
  }
}

export function usageOf(definition: { usage: string | (() => string) }): string {
  return typeof definition.usage === 'string' ? definition.usage : definition.usage();
}

/** `--help` or `-h` anywhere before `--` (after it, they are arguments). */
function asksForHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/** parseArgs' own errors, in one line naming the option; undefined for any other error. */
function parseArgsMessage(error: unknown, name: string): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const message = (error as Error).message;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `Unknown option '${unknown[1]}' (see ogone-checkout ${name} --help)`;
  // Node's other messages already name the option ("Option '--port <value>' argument missing").
  return message;
}
