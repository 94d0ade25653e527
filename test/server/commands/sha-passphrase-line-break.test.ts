/**
 * Found by review r1498 (2026-12-07), now fixed.
 *
 * What is wrong: OGONE_SHA_IN (and OGONE_SHA_OUT) are taken exactly as the environment gives them
 * (server/config/env.ts, readServerConfig: `shaIn: env.OGONE_SHA_IN ?? ''`; the only checks are
 * 16–32 characters and SHA-IN ≠ SHA-OUT, shared/schemas/config.ts). A passphrase with a line
 * break after it — what a secret file written with `echo`, a Kubernetes secret made
 * `--from-file`, or a Docker secret gives — is accepted silently, and every hosted page is signed
 * with "…passphrase\n" appended after each parameter (docs/ogone-protocol.md §3). No back-office
 * passphrase can end with a line break (it is a one-line field), so every payment fails at Ogone
 * with "unknown order/1/s"; `doctor --offline` even prints "OGONE_SHA_IN is set (N characters)" ✔.
 * WEBHOOK_SECRET gets the very care this lacks: "spaces, tabs and line breaks around it ignored"
 * (README, Configuration), other invisible characters refused (env.ts, webhookSecret).
 *
 * Why it matters: the shop cannot take a single payment, and nothing at start says why; README,
 * Configuration: "a bad one stops the start with one line naming it".
 *
 * Expectation: serve with OGONE_SHA_IN ending in "\n" either refuses to start naming OGONE_SHA_IN,
 * or signs with the passphrase without it: the SHASIGN of a hosted-page attempt is the one
 * computed with the passphrase alone.
 *
 * The fix: shared/schemas/config.ts refuses a SHA-IN or SHA-OUT passphrase, or an API password,
 * holding a line break or another control character, naming it and never repeating the value.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shaSign } from '../../../server/ogone/sha.ts';

const BIN = fileURLToPath(new URL('../../../bin/ogone-checkout.js', import.meta.url));
const PASSPHRASE = 'r1495-Sha-In-Passphrase';
const API_KEY = 'r1495-merchant-key-0123456789abcdef';

interface Started {
  url?: string;
  code?: number | null;
  stderr: string;
  child: ChildProcess;
}

function serve(env: Record<string, string>): Promise<Started> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let done = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
      if (url && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ url, stderr, child });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!done) {
        done = true;
        resolve({ code, stderr, child });
      }
    });
  });
}

describe('OGONE_SHA_IN with a line break after it', { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'r1495-sha-newline-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is refused naming it, or the line break is not signed with', async () => {
    const started = await serve({
      OGONE_ENVIRONMENT: 'test',
      OGONE_PSPID: 'r1495shop',
      OGONE_USER_ID: 'r1495-api',
      OGONE_PASSWORD: 'r1495-api-password',
      OGONE_SHA_IN: `${PASSPHRASE}\n`,
      OGONE_SHA_OUT: 'r1495-Sha-Out-Passphrase',
      OGONE_HASH_ALGORITHM: 'sha512',
      MERCHANT_API_KEYS: API_KEY,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      RECONCILE_INTERVAL_SECONDS: '0',
    });
    if (started.url === undefined) {
      assert.notEqual(started.code, 0);
      assert.match(started.stderr, /OGONE_SHA_IN/, started.stderr);
      return;
    }
    try {
      const base = started.url;
      const created = await fetch(`${base}/api/checkout-sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1999, currency: 'EUR' }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      const { id } = (await created.json()) as { id: string };
      const attempt = await fetch(`${base}/checkout/sessions/${id}/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: new URL(base).origin },
        body: JSON.stringify({}),
      });
      assert.equal(attempt.status, 201, await attempt.clone().text());
      const { fields } = (await attempt.json()) as { fields: Record<string, string> };
      const { SHASIGN: signature, ...signed } = fields;
      const expected = shaSign(signed, { passphrase: PASSPHRASE, algorithm: 'sha512', direction: 'in' });
      const withBreak = shaSign(signed, { passphrase: `${PASSPHRASE}\n`, algorithm: 'sha512', direction: 'in' });
      assert.notEqual(signature, withBreak, 'serve started silently and signs every hosted page with the line break in the passphrase');
      assert.equal(signature, expected);
    } finally {
      started.child.kill('SIGTERM');
      await new Promise((resolve) => started.child.once('exit', resolve));
    }
  });
});
