/**
 * DUPLICATE_PAYMENTS=keep (issue 13): a second paid payment of a session is flagged and announced
 * once with payment.duplicate, the session keeps its first paidReference, and nothing is sent to
 * the platform — the merchant decides. Feedback replayed, reordered copies: still one event.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SERVER_HEADERS, BROWSER_HEADERS } from '../support/headers.ts';
import { feedbackFor } from '../support/feedback.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/databases.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a second paid payment kept and flagged on ${kind}`, () => {
    let database: TestDatabase;
    let t: TestApp;
    after(async () => {
      await t?.close();
      await database?.drop();
    });

    it('flags the later payment duplicateOf the first, one payment.duplicate, nothing refunded', async () => {
      database = await createTestDatabase(kind);
      t = await createTestApp(database, { env: { DUPLICATE_PAYMENTS: 'keep' } });
      const created = await t.api('/api/checkout-sessions', { method: 'POST', json: { amount: 1999, currency: 'EUR' } });
      const session = (await created.json()) as { id: string };
      const references: string[] = [];
      for (let i = 0; i < 2; i++) {
        const attempt = await t.app.request(`/checkout/sessions/${session.id}/attempts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        assert.equal(attempt.status, 201);
        references.push(((await attempt.json()) as { reference: string }).reference);
      }
      const [first, second] = references as [string, string];
      const feedback = (reference: string, payId: string, browser = false) =>
        t.app.request('/payment/ogone/return', {
          method: 'POST',
          headers: { ...(browser ? BROWSER_HEADERS : SERVER_HEADERS), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(feedbackFor(reference, 9, { PAYID: payId })).toString(),
        });
      assert.equal((await feedback(first, '5000001')).status, 200);
      // The second tab's feedback three times, two of them at once (platform and browser copies).
      const answers = await Promise.all([feedback(second, '5000002'), feedback(second, '5000002', true)]);
      assert.ok(
        answers.every((a) => a.status === 200 || a.status === 303),
        JSON.stringify(answers.map((a) => a.status)),
      );
      await feedback(second, '5000002');

      const read = async (path: string) => (await (await t.api(path)).json()) as Record<string, any>;
      let duplicates: Array<{ data: { duplicateOf: string; action: string; reference: string } }> = [];
      for (let i = 0; i < 100 && duplicates.length === 0; i++) {
        duplicates = (await read('/api/events?type=payment.duplicate')).data;
        if (duplicates.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      duplicates = (await read('/api/events?type=payment.duplicate')).data;
      assert.equal(duplicates.length, 1);
      assert.equal(duplicates[0]!.data.reference, second);
      assert.equal(duplicates[0]!.data.duplicateOf, first);
      assert.equal(duplicates[0]!.data.action, 'keep');
      const view = await read(`/api/checkout-sessions/${session.id}`);
      assert.equal(view.paidReference, first);
      const kept = await read(`/api/transactions/${second}`);
      assert.equal(kept.duplicateOf, first);
      assert.equal(kept.state, 'captured');
      assert.equal(kept.refundedAmount, 0);
      assert.equal((await read(`/api/transactions/${first}`)).duplicateOf, null);
      assert.deepEqual(await t.repository.listOperations(second), []);
    });
  });
}
