/**
 * Found by review r1698 (2026-12-07), now fixed.
 * The fix: doctor reports an error on every secret setting still holding the example file's change-me placeholder
 *
 * r1698 — doctor passes, and serve runs in production with, the API key and webhook secret printed
 * in the shipped environment file.
 *
 * What is wrong: docs/deploy/ogone-checkout.env.example ships
 * `MERCHANT_API_KEYS=change-me-at-least-24-characters-long` and
 * `WEBHOOK_SECRET=change-me-webhook-secret-16+`. Its header says: "Replace every value marked
 * change-me; then `ogone-checkout doctor --env-file <this file>`", and docs/deploy.md §2 says to run
 * doctor on it before the first start. Neither serve's validation (server/config/env.ts) nor
 * doctor's checks (server/doctor/findings.ts) know the placeholders. An operator who fills in the
 * Ogone account and forgets the other two gets no finding at all: doctor exits 0 in production,
 * and the DirectLink probe, which catches a placeholder account, says nothing of these two.
 *
 * Why it matters (money): the merchant key is the bearer of the whole merchant API and dashboard
 * (refunds, captures, cancellations, customers' data: README "Merchant API"). This one is public,
 * in the repository and in the npm package. Anyone who reads it can refund a live shop's
 * payments. The webhook secret signs the events the shop trusts to ship orders (README
 * "Webhooks"), and a public one lets anyone forge `payment.succeeded`.
 *
 * What the test expects: doctor, run as the example file says (`--env-file`, production), reports
 * an error on MERCHANT_API_KEYS and on WEBHOOK_SECRET while they still hold the file's change-me
 * values, and exits 1.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../server/commands/index.ts';
import type { DoctorReport } from '../../../server/commands/doctor.ts';

const EXAMPLE = fileURLToPath(new URL('../../../docs/deploy/ogone-checkout.env.example', import.meta.url));

describe("r1698: doctor and the example file's placeholder secrets", () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'oc-r1698-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the change-me MERCHANT_API_KEYS and WEBHOOK_SECRET are errors', async () => {
    // The Ogone account filled in from the back office, the rest left as shipped.
    const filled = (await readFile(EXAMPLE, 'utf8'))
      .replace(/^OGONE_PSPID=.*$/m, 'OGONE_PSPID=ReviewShopLive')
      .replace(/^OGONE_USER_ID=.*$/m, 'OGONE_USER_ID=review-live-api')
      .replace(/^OGONE_PASSWORD=.*$/m, 'OGONE_PASSWORD=Rv7-live-api-password')
      .replace(/^OGONE_SHA_IN=.*$/m, 'OGONE_SHA_IN=Rv-live-SHA-IN-9f3k2m')
      .replace(/^OGONE_SHA_OUT=.*$/m, 'OGONE_SHA_OUT=Rv-live-SHA-OUT-4q8z1x')
      .replace(/^DATA_DIR=.*$/m, `DATA_DIR=${path.join(dir, 'data')}`);
    assert.match(filled, /^MERCHANT_API_KEYS=change-me/m);
    assert.match(filled, /^WEBHOOK_SECRET=change-me/m);
    const file = path.join(dir, 'ogone-checkout.env');
    await writeFile(file, filled, { mode: 0o600 });

    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['doctor', '--json', '--offline', '--env-file', file],
      {},
      {
        stdout: (line) => out.push(line),
        stderr: (line) => err.push(line),
      },
    );
    assert.equal(err.join('\n'), '');
    const report = JSON.parse(out.join('\n')) as DoctorReport;
    assert.equal(report.environment, 'production');
    const errorOn = (setting: string) => report.findings.some((f) => f.severity === 'error' && f.setting === setting);
    assert.ok(
      errorOn('MERCHANT_API_KEYS'),
      `no error on the published MERCHANT_API_KEYS: ${JSON.stringify(report.findings.filter((f) => f.severity !== 'ok'))}`,
    );
    assert.ok(errorOn('WEBHOOK_SECRET'), 'no error on the published WEBHOOK_SECRET');
    assert.equal(code, 1, "doctor exits 0 with the example file's placeholder secrets");
  });
});
