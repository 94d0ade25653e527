/**
 * Found by review r1467 (2026-12-07), now fixed.
 *
 * A setup verification whose DirectLink answer was lost, then a cancel (Alias.Status 3) on the
 * same signed FlexCheckout link: the shopper is sent to the failure URL ("cancelled by the
 * shopper"), and the reconciler then saves the card the platform had authorised.
 *
 * What is wrong: server/aliases/setup-return.ts handleSetupReturn answers a return with an
 * Alias.Status other than 0 / 2 from the attempt's outcome only when the session is paid or the
 * attempt is no longer a draft; a draft whose verification was sent and its answer lost (flagged
 * `syncNeeded` by aliases/order.ts sendAliasOrder, the session's claim still held for it) is taken
 * for an attempt never verified, and the return says `not_saved` at once — while
 * payments/setup-destination.ts setupOutcome (the status page the first return sent the shopper
 * to) calls the same attempt `pending`. The reconciler's query then finds the verification
 * authorised: the alias is recorded, the session completed, `checkout.setup_completed` sent.
 *
 * Why it matters: the shopper goes Back from our status page to the FlexCheckout page still in the
 * history and presses Cancel (or a copy of the page shows a refusal): the shop's failure page says
 * no card was saved, the shopper leaves or saves it again, and the merchant is then told the card
 * was saved — two contradicting answers for one setup session.
 *
 * Expectation: while the verification's outcome is unknown, such a return goes where the attempt
 * stands (the status page, `pending`), never to the failure URL for a card that is then saved.
 *
 * The fix: server/aliases/setup-return.ts reads such a draft (syncNeeded) as a verification under way.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSetupOnApp } from '../../support/flex-return.ts';
import { lostAnswerVerification } from './lost-answer-verification.ts';
import { reconcilerRounds } from '../maintenance/history-levels.ts';

const SUCCESS = 'https://shop.example.com/card-saved';
const FAILURE = 'https://shop.example.com/card-not-saved';

describe('a cancel return while the setup verification answer is unknown', () => {
  const { orders, fake } = lostAnswerVerification('sqlite', '7800001');

  it('does not send the shopper to the failure URL for a card that is then saved', async () => {
    const t = fake.t;
    const customerId = 'cust-r1467';
    const setup = await startSetupOnApp(t, customerId, { successUrl: SUCCESS, failureUrl: FAILURE });
    const first = await t.app.request(setup.returnUrl('0'));
    const draft = await t.repository.getTransaction(setup.reference);
    assert.equal(draft?.state, 'draft', 'precondition: the verification answer was lost');
    assert.equal(draft?.syncNeeded, true, 'precondition: flagged for the reconciler');
    assert.equal(orders.length, 1, 'precondition: the verification order was sent');
    assert.ok(!(first.headers.get('location') ?? '').startsWith(FAILURE), 'precondition: the first return is not a failure');

    // Back to the FlexCheckout page, Cancel: the signed return with Alias.Status 3.
    const cancelled = await t.app.request(setup.returnUrl('3'));
    const cancelledAt = cancelled.headers.get('location') ?? '';

    await reconcilerRounds(t, 3);
    const session = await t.repository.getSession(setup.sessionId);
    const cards = await t.repository.listAliases(customerId);
    const saved = session?.status === 'paid' || cards.length > 0;

    assert.ok(
      !(cancelledAt.startsWith(FAILURE) && saved),
      `the cancel return went to the failure URL (${cancelledAt}; the first return went to ${first.headers.get('location')}), ` +
        `then the reconciler saved the card: session ${session?.status}, saved cards ${JSON.stringify(cards.map((c) => c.alias))}`,
    );
  });
});
