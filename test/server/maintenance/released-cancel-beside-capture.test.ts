/**
 * A cancel (DES) of a saved-card charge whose request timed out before it reached the platform;
 * meanwhile the order was captured in Ogone's back office (history level 1: STATUS 9, 19.99) and
 * its signed feedback arrived while our cancel had no answer yet. The merchant's sync past the
 * grace period reads STATUS 9, level 1 the capture, no cancel level: it releases our cancel as
 * never sent — and used to answer `authorized`, 0 captured, beside `queriedStatus: 9`, leaving the
 * capture it had just read to the next query (feedback/with-operations.ts read doneOutsideOurApi
 * only when the query changed none of our operations). The platform's STATUS is the money's truth
 * for a capture made elsewhere while ours failed (docs/ogone-protocol.md §8, §9), in the same pass.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { paidWithSavedCard } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { orderWithLevels } from './history-levels.ts';

const PAYID = '7100001';

for (const kind of DATABASE_KINDS) {
  describe(`a released cancel beside a back-office capture the same sync read (${kind})`, () => {
    // Our cancel times out before it reaches the platform; no other maintenance is expected.
    const p = orderWithLevels(PAYID, () => 'lost');
    const fake = appWithFakePlatform(kind, (path, form) => p.handle(path, form));

    it('the sync that reads STATUS 9 (level 1: capture 19.99) answers captured, 19.99', async () => {
      const { card } = await paidWithSavedCard(fake.t, `cust-released-${kind}`);
      const reference = `RELEASED-${kind}`;
      const charged = await fake.t.api(`/api/aliases/${card.id}/charges`, {
        method: 'POST',
        json: { amount: 1999, currency: 'EUR', reference, operation: 'RES' },
      });
      assert.equal(charged.status, 201);

      const cancel = await fake.t.api(`/api/transactions/${reference}/cancel`, { method: 'POST' });
      assert.equal(cancel.status, 504, 'precondition: the cancel got no answer');

      // The back office captures the whole authorisation; its signed feedback arrives.
      p.levels.push({ status: '9', amount: '19.99' });
      p.head = '9';
      assert.equal((await fake.feedback(feedbackFor(reference, 9, { PAYID, PAYIDSUB: '1' }))).status, 200);

      // Past the grace period, the merchant asks where the payment stands.
      fake.t.clock.advance(30 * 60_000);
      const sync = await fake.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      const body = (await sync.json()) as { state: string; capturedAmount: number; queriedStatus: number; operations: unknown[] };
      assert.equal(sync.status, 200);
      assert.equal(body.queriedStatus, 9, 'precondition: the query said captured');
      assert.deepEqual(
        [body.state, body.capturedAmount],
        ['captured', 1999],
        `the platform captured 19.99 (STATUS 9, level 1 a capture of 19.99) and our cancel was released as never sent, ` +
          `yet the sync answers state ${body.state}, captured ${body.capturedAmount}: ${JSON.stringify(body.operations)}`,
      );
    });
  });
}
