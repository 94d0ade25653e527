/**
 * Found by review r720. Two instances share one database: the web instance receiving the platform's feedback
 * runs no reconciler (RECONCILE_INTERVAL_SECONDS=0), a worker instance runs it — the reconciler's claims
 * are shared through the database precisely so that any instance may run it. feedback/apply.ts
 * `levelsWillBeRead` asks only the *receiving* instance whether a query will come: there it says no,
 * so a back-office capture of 3.00 of 19.99 is counted whole (19.99), and the worker's query, which
 * reads the 3.00 level, never lowers an amount. The r640 defect the fix removed is back.
 * Now whether a query will come does not depend on the receiving instance's reconciler: every
 * instance has the same settings (docs/deploy.md §9), and with none running a sync by hand counts it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, newHostedAttempt, postServerFeedback, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { xml } from '../directlink/helpers.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';
const ENV = { OGONE_OPERATION: 'RES' };

describe('a back-office partial capture whose feedback reaches an instance without the reconciler (sqlite)', () => {
  const platform = historyLevels(PAYID);
  let database: TestDatabase;
  let web: TestApp;
  let worker: TestApp;
  before(async () => {
    database = await createTestDatabase('sqlite');
    const config = parseServerConfig({ ...TEST_ENV, ...ENV });
    const fetchFromPlatform: typeof fetch = async (input, init) => {
      const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
      const attributes = await platform.handle(new URL(String(input)).pathname, form);
      return new Response(xml(attributes), { status: 200, headers: { 'content-type': 'text/xml' } });
    };
    const directLink = () => createDirectLinkClient({ config: { ...config.provider }, fetch: fetchFromPlatform });
    web = await createTestApp(database, {
      env: ENV,
      deps: { directLink: directLink(), reconciliation: { intervalMs: 0, afterMs: 900_000, maxAgeMs: 30 * 86_400_000 } },
    });
    worker = await createTestApp(database, {
      env: ENV,
      deps: { directLink: directLink(), reconciliation: { intervalMs: 300_000, afterMs: 900_000, maxAgeMs: 30 * 86_400_000 } },
    });
  });
  after(async () => {
    await web?.close();
    await worker?.close();
    await database?.drop();
  });

  it('counts the 3.00 the back office captured, not 19.99', async () => {
    const reference = await newHostedAttempt(web, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.start(reference, '5');
    assert.equal((await postServerFeedback(web, feedbackFor(reference, 5, { PAYID }))).status, 200);
    assert.equal((await web.repository.getTransaction(reference))?.state, 'authorized', 'precondition: authorised only');

    platform.backOffice({ status: '9', amount: '3' });
    assert.equal((await postServerFeedback(web, feedbackFor(reference, 9, { PAYID }))).status, 200);
    // The worker, whose reconciler runs, queries the payment (as its round would).
    const synced = await worker.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(synced.status, 200, await synced.clone().text());

    const t = (await worker.repository.getTransaction(reference))!;
    assert.deepEqual(
      { state: t.state, capturedAmount: t.capturedAmount },
      { state: 'captured', capturedAmount: 300 },
      `the back office captured 3.00 of 19.99; the ledger says ${t.state} with ${t.capturedAmount} captured: the instance that ` +
        'received the 9 runs no reconciler, so levelsWillBeRead counted it whole although the worker instance queries the ' +
        'payment — the rest (16.99) can never be captured through the API, and 19.99 of refunds are offered for 3.00 captured',
    );
  });
});
