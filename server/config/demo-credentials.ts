/**
 * Demo credentials for the sandbox: generated once and kept in DATA_DIR so a restart keeps the
 * same PSPID, passphrases and merchant API key (saved sessions and signed links stay valid).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { DemoCredentials } from './server-config.ts';

export const DEMO_CREDENTIALS_FILE = 'sandbox-credentials.json';

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

export function generateDemoCredentials(): DemoCredentials {
  return {
    pspid: 'SANDBOX' + randomBytes(3).toString('hex').toUpperCase(),
    userId: 'sandbox-api',
    password: token(18),
    // 24 base64url characters: inside the 16–32 rule, and the two differ.
    shaIn: token(18),
    shaOut: token(18),
    merchantApiKey: 'sk_sandbox_' + token(24),
  };
}

function isDemoCredentials(value: unknown): value is DemoCredentials {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['pspid', 'userId', 'password', 'shaIn', 'shaOut', 'merchantApiKey'].every((key) => typeof record[key] === 'string');
}

/** Reads `DATA_DIR/sandbox-credentials.json`, creating it (mode 0600) on first use. */
export async function loadDemoCredentials(dataDir: string): Promise<{ credentials: DemoCredentials; file: string; created: boolean }> {
  const file = path.resolve(dataDir, DEMO_CREDENTIALS_FILE);
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (isDemoCredentials(parsed)) return { credentials: parsed, file, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  const credentials = generateDemoCredentials();
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  await rename(temporary, file);
  return { credentials, file, created: true };
}
