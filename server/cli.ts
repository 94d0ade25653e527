/**
 * `ogone-checkout <command>`: the merchant's tool.
 *   sign      SHASIGN of parameters (debugging "unknown order/1/s")
 *   verify    check a feedback URL's SHASIGN
 *   serve     start the signer server (production entry point)
 *   sandbox   start the local Ogone emulator alone
 *   doctor    check a deployment's configuration
 */
import { signCommand, signUsage } from './cli/sign.ts';
import { verifyCommand, verifyUsage } from './cli/verify.ts';
import { EXIT_OK, EXIT_USAGE, UsageError, processIO, type CommandIO, type Env } from './cli/io.ts';

const HELP = `ogone-checkout — Ogone / Ingenico ePayments checkout toolkit

Commands:
  sign KEY=VALUE ... [--out] [--algorithm A] [--explain]
                      print the SHASIGN (SHA-IN from OGONE_SHA_IN; --out: SHA-OUT from OGONE_SHA_OUT)
  verify '<URL or query string>'
                      check a feedback's SHASIGN with OGONE_SHA_OUT (exit 0 valid, 1 invalid)
  serve               start the signer server from OGONE_* / PUBLIC_URL / PORT / DATA_DIR ...
  sandbox [--port N] [--host H] [--feedback-url URL] [--feedback-method POST|GET]
                      run the local Ogone emulator alone
  doctor [--json]     check this deployment's configuration and print the back-office checklist

The hash algorithm comes from --algorithm or OGONE_HASH_ALGORITHM (default sha512).
Passphrases are read from the environment only, never from arguments.`;

type Command = (argv: string[], env: Env, io: CommandIO) => number | Promise<number>;

const commands: Record<string, Command> = {
  sign: signCommand,
  verify: verifyCommand,
  serve: async (argv, env) => (await import('./serve.ts')).serveCommand(argv, env as NodeJS.ProcessEnv),
  sandbox: async (argv, env) => (await import('./sandbox/cli.ts')).sandboxCommand(argv, env as NodeJS.ProcessEnv),
  doctor: async (argv, env, io) => (await import('./doctor/command.ts')).doctorCommand(argv, env, io),
};

const usages: Record<string, string> = { sign: signUsage, verify: verifyUsage };

export async function main(argv: string[], env: Env, io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(HELP);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`ogone-checkout: unknown command ${JSON.stringify(name)} (try: ${Object.keys(commands).join(', ')})`);
    return EXIT_USAGE;
  }
  try {
    return await command(rest, env, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      const usage = usages[name];
      io.stderr(`ogone-checkout ${name}: ${(error as Error).message}`);
      if (usage && !(error instanceof UsageError)) io.stderr(usage);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
