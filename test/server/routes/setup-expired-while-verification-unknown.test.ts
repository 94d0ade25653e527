/**
 * Found by review r1466 (2026-12-07), now fixed.
 *
 * A setup session whose card verification was sent and its answer lost reads `expired` to the
 * merchant once past its expiry — then turns `paid`, its card saved, when the reconciler learns
 * the platform authorised the verification.
 *
 * What is wrong: server/payments/views.ts sessionStatus gives a setup session past its expiry
 * `expired` whenever no attempt is `pending` (review r1412: a setup session's draft attempt is
 * never "payable"). But a draft whose DirectLink verification order timed out (aliases/order.ts
 * sendAliasOrder flags it `syncNeeded`; aliases/setup-return.ts keeps the session's claim for it
 * and tells the shopper "being checked") is not a draft nothing will verify: the platform may
 * have authorised it, and the reconciler's query completes the session and saves the card
 * (feedback/decide.ts), whatever the expiry — payments/setup-destination.ts setupOutcome itself
 * calls such a draft `pending`.
 *
 * Why it matters: `expired` is final to a merchant (README: a merchant acting on `expired`); one
 * that drops the customer's "add a card" step, or opens a new setup session, on `expired` is then
 * sent `checkout.setup_completed` and finds the session `paid` with a card saved — the status it
 * polled lied, as review r1395 found for payment sessions.
 *
 * Expectation: while the verification's outcome is unknown (its draft flagged for the reconciler)
 * the session is not `expired` (`processing`, as for a pending verification); or a session read
 * `expired` is never completed afterwards.
 *
 * The fix: server/payments/views.ts sessionStatus reads `processing` past the expiry while a draft awaits its query.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSetupOnApp } from '../../support/flex-return.ts';
import { lostAnswerVerification } from '../aliases/lost-answer-verification.ts';
import { reconcilerRounds } from '../maintenance/history-levels.ts';

describe('a setup session past its expiry while its verification answer is unknown', () => {
  const { orders, fake } = lostAnswerVerification('sqlite', '7600001');

  it('is not read expired to the merchant, then completed', async () => {
    const t = fake.t;
    const customerId = 'cust-r1466';
    const setup = await startSetupOnApp(t, customerId, { expiresIn: 600 });
    await t.app.request(setup.returnUrl());
    const draft = await t.repository.getTransaction(setup.reference);
    assert.equal(draft?.state, 'draft', 'precondition: the verification answer was lost');
    assert.equal(draft?.syncNeeded, true, 'precondition: flagged for the reconciler');
    assert.equal(orders.length, 1, 'precondition: the verification order was sent');

    t.clock.advance(11 * 60_000);
    const before = (await (await t.api(`/api/checkout-sessions/${setup.sessionId}`)).json()) as { status: string };

    await reconcilerRounds(t, 3);
    const after = (await (await t.api(`/api/checkout-sessions/${setup.sessionId}`)).json()) as {
      status: string;
      savedCard: { aliasId: string } | null;
    };

    assert.ok(
      !(before.status === 'expired' && after.status !== 'expired'),
      `the merchant read the session "${before.status}" past its expiry while its verification's answer was unknown, ` +
        `then the reconciler made it "${after.status}" (saved card ${JSON.stringify(after.savedCard)})`,
    );
  });
});
