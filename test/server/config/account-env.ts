/** A complete test-platform account as environment variables, and the CLI run in-process: the config tests' common ground. */
import { main } from '../../../server/commands/index.ts';

/** Valid settings for serve and doctor, listening on a free loopback port; `overrides` win. */
export function accountEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    OGONE_PSPID: 'MyShop',
    OGONE_USER_ID: 'apiuser',
    OGONE_PASSWORD: 'api-password-never-shown',
    OGONE_SHA_IN: 'In-passphrase-1875!?',
    OGONE_SHA_OUT: 'Out-passphrase-1875!?',
    MERCHANT_API_KEYS: 'k'.repeat(32),
    PUBLIC_URL: 'https://pay.example.com',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

/** `ogone-checkout <argv>` in-process: its exit code and everything it printed, stdout and stderr. */
export async function runCli(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(argv, env, { stdout: (line) => lines.push(line), stderr: (line) => lines.push(line) });
  return { code, out: lines.join('\n') };
}
