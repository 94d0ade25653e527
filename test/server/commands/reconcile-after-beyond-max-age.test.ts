/**
 * Found by review r1499 (2026-12-07), now fixed.
 *
 * What is wrong: RECONCILE_AFTER_SECONDS has no upper bound (server/config/settings.ts: "No upper
 * bound when absent (the reconciler's delays)") and nothing compares it with
 * RECONCILE_MAX_AGE_DAYS (server/config/reconciler-settings.ts, reconcilerSettings;
 * config/env.ts, readServerConfig). With RECONCILE_AFTER_SECONDS at or past the maximum age —
 * 2592000 (30 days, the default RECONCILE_MAX_AGE_DAYS), or a value typed in milliseconds for a
 * shop that also lowered the age — the reconciler (server/reconciler/reconciler.ts, criteria;
 * repository/sync-claims.ts) asks for payments in an unresolved status, or awaiting a query
 * (sync_needed), unchanged for longer than RECONCILE_AFTER_SECONDS *and* created less than
 * RECONCILE_MAX_AGE_DAYS ago: no payment is both (created_at <= updated_at), so none of them is
 * ever queried; only drafts still are (RECONCILE_DRAFT_AFTER_SECONDS). serve starts without a word.
 *
 * Why it matters: the reconciler is what settles a payment the platform left pending or uncertain
 * (STATUS 51 / 52 / 91 / 92) and a capture, refund or cancel answered uncertain (README: "the
 * reconciler settles it"; docs/ogone-protocol.md §9). With this pair such a payment stays
 * unresolved — a paid order not shipped, a capture that blocks every further operation with 409 —
 * until a person finds it flagged a month later. The only documented way to stop the queries is
 * RECONCILE_INTERVAL_SECONDS=0; README: "a bad one stops the start with one line naming it", as
 * HEADERS_TIMEOUT_SECONDS beyond REQUEST_TIMEOUT_SECONDS is refused (config/http-settings.ts).
 *
 * Expectation: serve with RECONCILE_AFTER_SECONDS=2592000 and RECONCILE_MAX_AGE_DAYS=30 refuses
 * to start, naming RECONCILE_AFTER_SECONDS (or RECONCILE_MAX_AGE_DAYS).
 *
 * The fix: config/env.ts refuses RECONCILE_AFTER_SECONDS at or past RECONCILE_MAX_AGE_DAYS while
 * the reconciler runs.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/ogone-checkout.js', import.meta.url));

/** Runs serve until it says it listens (then stops it) or exits by itself. */
function serveUntilListening(env: Record<string, string>): Promise<{ listened: boolean; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let listened = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!listened && /listening on http:/.test(stderr)) {
        listened = true;
        child.kill('SIGTERM');
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ listened, code, stderr });
    });
  });
}

describe('RECONCILE_AFTER_SECONDS at or beyond RECONCILE_MAX_AGE_DAYS', { timeout: 60_000 }, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'r1495-reconcile-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('is refused at start, naming the setting (no payment could ever be queried)', async () => {
    const run = await serveUntilListening({
      OGONE_ENVIRONMENT: 'sandbox',
      DATA_DIR: scratch,
      HOST: '127.0.0.1',
      PORT: '0',
      RECONCILE_INTERVAL_SECONDS: '300',
      RECONCILE_AFTER_SECONDS: String(30 * 86_400),
      RECONCILE_MAX_AGE_DAYS: '30',
    });
    assert.equal(run.listened, false, 'serve started with a reconciler that can never query a payment');
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /RECONCILE_(AFTER_SECONDS|MAX_AGE_DAYS)/, run.stderr);
  });
});
