/**
 * The dashboard after the README's go-live switch (review r1020): the same database,
 * OGONE_ENVIRONMENT test → production, on SQLite and PostgreSQL. A test payment stays in
 * GET /api/transactions with `livemode: false`, and the production server refuses any capture,
 * refund or void of it (409 livemode_mismatch). The dashboard learns the server's platform from
 * the summary's `livemode` at sign-in (server/dashboard/client/main.ts): with it, `actionsFor`
 * offers nothing on that payment, and its row and page mark it "test payment" — so the operator
 * neither confirms an action the server refuses nor takes it for live money. The server's own
 * payments keep their actions and no mark.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { actionsFor, platformMark, remainingFor, type PaymentAmounts } from '../../../server/dashboard/client/money-actions.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, newHostedAttempt, postServerFeedback, type TestApp } from '../../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';

type View = PaymentAmounts & { reference: string; livemode: boolean; state: string };

for (const kind of DATABASE_KINDS) {
  describe(`a test payment in the dashboard after the go-live switch (${kind})`, () => {
    let database: TestDatabase | undefined;
    const apps: TestApp[] = [];
    after(async () => {
      for (const app of apps) await app.close();
      await database?.drop();
    });

    it('is marked, with no action offered that the production server refuses as livemode_mismatch', async () => {
      database = await createTestDatabase(kind);
      const testServer = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'test' } });
      apps.push(testServer);
      const reference = await newHostedAttempt(testServer, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await postServerFeedback(testServer, feedbackFor(reference, 9))).status, 200);
      // Before the switch: the server's own payment, its refund offered and no mark.
      const before = (await (await testServer.api('/api/dashboard/summary?days=1')).json()) as { livemode: boolean };
      const own = (await (await testServer.api(`/api/transactions/${reference}`)).json()) as View;
      assert.equal(before.livemode, false);
      assert.deepEqual(actionsFor(own, before.livemode), ['refund']);
      assert.equal(platformMark(own, before.livemode), null);
      await testServer.close();
      apps.pop();

      const liveEnv = { OGONE_ENVIRONMENT: 'production' };
      const config = parseServerConfig({ ...TEST_ENV, ...liveEnv });
      const asked: string[] = [];
      const live = await createTestApp(database, {
        env: liveEnv,
        deps: {
          directLink: createDirectLinkClient({
            config: { ...config.provider },
            fetch: async (input) => {
              asked.push(String(input));
              throw new Error('production platform: unknown order');
            },
          }),
        },
      });
      apps.push(live);

      // What the dashboard reads at sign-in, then on the payment's page and in the list.
      const summary = await live.api('/api/dashboard/summary?days=1');
      assert.equal(summary.status, 200);
      const { livemode: serverLivemode } = (await summary.json()) as { livemode: boolean };
      assert.equal(serverLivemode, true, "the summary says the server's platform");
      const detail = await live.api(`/api/transactions/${reference}`);
      assert.equal(detail.status, 200);
      const view = (await detail.json()) as View;
      assert.deepEqual([view.state, view.livemode], ['captured', false], 'precondition: a captured test payment');
      const list = (await (await live.api('/api/transactions')).json()) as { data: View[] };
      const row = list.data.find((t) => t.reference === reference);
      assert.ok(row, 'the test payment stays in the list');

      for (const [where, shown] of [
        ['page', view],
        ['row', row],
      ] as const) {
        assert.equal(platformMark(shown, serverLivemode), 'test payment', `the ${where} marks it`);
        assert.deepEqual(actionsFor(shown, serverLivemode), [], `the ${where} offers no action`);
      }

      // Why: the refund the dashboard offered before the fix, confirmed, is refused.
      const refund = await live.api(`/api/transactions/${reference}/refund`, {
        method: 'POST',
        json: { amount: remainingFor(view, 'refund') },
        headers: { 'idempotency-key': 'r1020-refund' },
      });
      const body = (await refund.json()) as { error?: { code?: string } };
      assert.deepEqual([refund.status, body.error?.code], [409, 'livemode_mismatch'], 'precondition: the server refuses it');
      assert.equal(asked.length, 0, 'nothing is sent to the production platform about a test payment');
    });
  });
}
