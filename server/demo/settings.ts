/**
 * The demo's own secret (the webhook secret it gives the server and verifies with), generated
 * once and kept next to the sandbox credentials so restarts keep verifying pending retries.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const DEMO_SETTINGS_FILE = 'demo-settings.json';

export async function loadDemoWebhookSecret(dataDir: string): Promise<string> {
  const file = path.resolve(dataDir, DEMO_SETTINGS_FILE);
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { webhookSecret?: unknown };
    if (typeof parsed.webhookSecret === 'string' && parsed.webhookSecret.length >= 16) return parsed.webhookSecret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  const webhookSecret = `whsec_demo_${randomBytes(18).toString('base64url')}`;
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ webhookSecret }, null, 2) + '\n', { mode: 0o600 });
  await rename(temporary, file);
  return webhookSecret;
}
