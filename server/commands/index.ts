/**
 * `ogone-checkout <command>`: the merchant's tool, dispatched here to one module per command.
 *   sign      SHASIGN of parameters (debugging "unknown order/1/s")
 *   verify    check a feedback URL's SHASIGN
 *   serve     start the signer server (production entry point)
 *   sandbox   start the local Ogone emulator alone
 *   doctor    check a deployment's configuration
 *   backup    copy the SQLite database while serving; restore puts a copy back
 *   migrate   apply or list (--dry-run) the database migrations
 * Every command parses its arguments with command-line.ts: `--help` on each, exit 2 on bad input.
 * Every command but sign and verify is loaded on demand, so those two start without the server.
 */
import type { Command } from './command-line.ts';
import { EXIT_OK, EXIT_USAGE, processIO, type CommandIO, type Env } from './io.ts';
import { signCommand } from './sign.ts';
import { verifyCommand } from './verify.ts';

const HELP = `ogone-checkout — Ogone / Ingenico ePayments checkout toolkit

Commands:
  sign KEY=VALUE ... [--out] [--algorithm A] [--explain]
                      print the SHASIGN (SHA-IN from OGONE_SHA_IN; --out: SHA-OUT from OGONE_SHA_OUT)
  verify '<URL or query string>' [--algorithm A]
                      check a feedback's SHASIGN with OGONE_SHA_OUT (exit 0 valid, 1 invalid)
  serve [--port N] [--host H] [--env-file F]
                      start the signer server from OGONE_* / PUBLIC_URL / PORT / DATA_DIR ...
  sandbox [--port N] [--host H] [--feedback-url URL] [--feedback-method POST|GET]
          [--payment-tries N] [--status-change-feedback] [--env-file F]
                      run the local Ogone emulator alone
  doctor [--json] [--lang L] [--offline] [--env-file F]
                      check the configuration serve would run, probe DirectLink, the webhook
                      endpoint and the allowed origins, print the back-office checklist
  backup --to FILE [--force] [--env-file F]
                      copy the SQLite database to FILE, consistently, while the server serves
  restore FILE [--env-file F]
                      put a backup in place of the SQLite database (server stopped)
  migrate [--dry-run] [--env-file F]
                      apply the database migrations this release has (--dry-run: list them)

ogone-checkout <command> --help prints the command's usage. --env-file F reads settings from F
instead of ./.env.
The hash algorithm comes from --algorithm or OGONE_HASH_ALGORITHM (default sha512).
Passphrases are read from the environment only, never from arguments.`;

// `never`: the dispatcher passes no hooks (the sandbox takes some in tests).
const COMMANDS: Record<string, () => Promise<Command<never>>> = {
  sign: async () => signCommand,
  verify: async () => verifyCommand,
  serve: async () => (await import('./serve.ts')).serveCommand,
  sandbox: async () => (await import('./sandbox.ts')).sandboxCommand,
  doctor: async () => (await import('./doctor.ts')).doctorCommand,
  backup: async () => (await import('./backup.ts')).backupCommand,
  restore: async () => (await import('./restore.ts')).restoreCommand,
  migrate: async () => (await import('./migrate.ts')).migrateCommand,
};

export async function main(argv: readonly string[], env: Env, io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(HELP);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`ogone-checkout: unknown command ${JSON.stringify(name)} (try: ${Object.keys(COMMANDS).join(', ')})`);
    return EXIT_USAGE;
  }
  const command = await load();
  return command(rest, env, io);
}
