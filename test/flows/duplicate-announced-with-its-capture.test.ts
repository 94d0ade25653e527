/**
 * A second payment of an already paid session (two tabs on the hosted page) is never announced as
 * a plain `payment.captured`, indistinguishable from the session's real payment.
 *
 * Review r1310 found it: under the second payment's row lock the server read the session paid by
 * the first (feedback/decide.ts `otherPaidReference` even set `syncNeeded` for the give-back), yet
 * wrote the second's ordinary `payment.captured` with `data.duplicateOf: null`; the flag and
 * `payment.duplicate` came in a later, separate transaction (maintenance/duplicates.ts
 * reviewPayment). The outbox delivers a payment's events in order, so the merchant's endpoint
 * received the capture first — and README "Webhooks" tells a shop to fulfil on
 * `payment.captured`, deduplicating by event `id`, which does not dedupe two payments: the order
 * shipped twice before its give-back was even announced.
 *
 * Now the write that records the second payment paid flags it `duplicateOf` the first while the
 * first still holds the money (the repository's locked read gives the decision that payment's
 * state), so its paid events carry `duplicateOf` and `payment.duplicate` goes out with them
 * (docs/ogone-protocol.md §8). DUPLICATE_PAYMENTS=keep keeps DirectLink out of it: "either way
 * `payment.duplicate`". The operator's log warning goes with the write that flags it (it was the
 * review's alone, and the review finds the payment already flagged).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../support/databases.ts';
import { feedbackFor } from '../support/feedback.ts';
import { attemptsOfOneSession, postServerFeedback, useTestApp } from '../support/app.ts';
import { eventually } from '../support/waiting.ts';

interface EventBody {
  id: string;
  type: string;
  data: { duplicateOf?: string | null; state?: string };
}

for (const kind of DATABASE_KINDS)
  describe(`a second paid payment of a session is never announced as a plain capture (${kind})`, () => {
    const t = useTestApp(kind, { env: { DUPLICATE_PAYMENTS: 'keep' } });

    it("the second tab's events all say duplicateOf the first", async () => {
      const [first, second] = await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' });
      assert.equal((await postServerFeedback(t, feedbackFor(first!, 9, { PAYID: '4100001' }))).status, 200);
      assert.equal((await postServerFeedback(t, feedbackFor(second!, 9, { PAYID: '4100002' }))).status, 200);

      const events = await eventually(
        async () => ((await (await t.api(`/api/events?reference=${second}`)).json()) as { data: EventBody[] }).data,
        (list) => list.some((event) => event.type === 'payment.duplicate'),
        'payment.duplicate of the second tab',
      );
      // Oldest first: the order the outbox delivers them in.
      const delivered = [...events].sort((a, b) => (a.id < b.id ? -1 : 1));
      const stored = (await (await t.api(`/api/transactions/${second}`)).json()) as { duplicateOf: string | null };
      assert.equal(stored.duplicateOf, first, 'the second payment is flagged a duplicate of the first');

      for (const event of delivered) {
        if (event.type !== 'payment.captured' && event.type !== 'payment.authorized') continue;
        assert.equal(
          event.data.duplicateOf,
          first,
          `the second tab's ${event.type} (${event.id}) goes out before its payment.duplicate with duplicateOf ` +
            `${JSON.stringify(event.data.duplicateOf)}: a shop fulfilling on payment.captured ships the order twice ` +
            `(events in delivery order: ${delivered.map((e) => e.type).join(', ')})`,
        );
      }
    });

    it('the operator is warned of the double charge once, by the write that flagged it', () => {
      // The feedback's own write flags the payment now; the review that used to log this warning
      // finds it flagged and writes nothing, so the warning has to come from the write that did.
      const warnings = t.logs
        .map((line) => JSON.parse(line) as { level: number; msg: string; duplicateOf?: string; reference?: string })
        .filter((line) => line.msg === 'second payment of a paid session');
      assert.equal(warnings.length, 1, `one warning for the second tab, got: ${JSON.stringify(warnings)}`);
      assert.equal(warnings[0]!.level, 40, 'a warning (pino level 40)');
      assert.ok(warnings[0]!.duplicateOf && warnings[0]!.reference && warnings[0]!.duplicateOf !== warnings[0]!.reference);
    });
  });
