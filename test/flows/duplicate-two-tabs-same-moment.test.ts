/**
 * Two tabs of one session paid at the same moment, on PostgreSQL: each payment's feedback holds
 * only its own row's lock, and both read the session open. The one whose write marks the session
 * paid is the session's payment; the other is a second payment of a paid session — and its events
 * must say so in the same write (`duplicateOf`, `payment.duplicate`), never go out as a plain
 * `payment.captured` that a shop fulfilling on it ships twice.
 *
 * Left by the fix for review r1310 (docs/ogone-protocol.md §8): the loser of the session's `paid`
 * mark still wrote a plain capture, its flag and `payment.duplicate` coming later from the review.
 * Now the feedback's locked read takes the session row too (FOR NO KEY UPDATE, after the payment's
 * own lock), so the second waits for the first's commit and reads the session paid.
 *
 * How the same moment is made: another connection holds the session row's lock while both
 * feedbacks are sent, and lets it go once both are waiting on it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../support/feedback.ts';
import { attemptsOfOneSession, postServerFeedback, useTestApp } from '../support/app.ts';
import { eventually } from '../support/waiting.ts';
import { withSessionRowHeld } from '../support/session-row-held.ts';

interface EventBody {
  id: string;
  type: string;
  data: { duplicateOf?: string | null };
}

describe('two tabs of one session paid at the same moment (postgres)', () => {
  const t = useTestApp('postgres', { env: { DUPLICATE_PAYMENTS: 'keep' } });

  it('the payment that did not mark the session paid is announced as its duplicate in its own write', async () => {
    const [first, second] = await attemptsOfOneSession(t, { amount: 1999, currency: 'EUR' });
    const { sessionId } = (await (await t.api(`/api/transactions/${first}`)).json()) as { sessionId: string };

    // Both feedbacks have read their payment and wait on the session row, wherever in their
    // transaction they touch it; then the row is let go.
    const answers = await withSessionRowHeld(t.database.env.DATABASE_URL!, sessionId, 2, () =>
      Promise.all([
        postServerFeedback(t, feedbackFor(first!, 9, { PAYID: '5100001' })),
        postServerFeedback(t, feedbackFor(second!, 9, { PAYID: '5100002' })),
      ]),
    );
    for (const answer of answers) assert.equal(answer.status, 200);

    const session = await t.repository.getSession(sessionId);
    const paid = session?.paidReference;
    assert.ok(paid === first || paid === second, `the session is paid by one of its tabs: ${paid}`);
    const other = paid === first ? second! : first!;

    const events = await eventually(
      async () => ((await (await t.api(`/api/events?reference=${other}`)).json()) as { data: EventBody[] }).data,
      (list) => list.some((event) => event.type === 'payment.duplicate'),
      'payment.duplicate of the tab that lost the session',
    );
    const delivered = [...events].sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const event of delivered) {
      if (event.type !== 'payment.captured' && event.type !== 'payment.authorized') continue;
      assert.equal(
        event.data.duplicateOf,
        paid,
        `the tab that lost the session's paid mark wrote ${event.type} with duplicateOf ${JSON.stringify(event.data.duplicateOf)}: ` +
          `a shop fulfilling on it ships the order twice (events in delivery order: ${delivered.map((e) => e.type).join(', ')})`,
      );
    }
    const stored = (await (await t.api(`/api/transactions/${other}`)).json()) as { duplicateOf: string | null };
    assert.equal(stored.duplicateOf, paid);
    const own = ((await (await t.api(`/api/events?reference=${paid}`)).json()) as { data: EventBody[] }).data;
    assert.ok(!own.some((event) => event.type === 'payment.duplicate'), "the session's own payment is no duplicate");
  });
});
