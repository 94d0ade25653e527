/**
 * Found by review r1465 (2026-12-07), now fixed.
 *
 * A setup verification whose DirectLink answer was lost, reloaded after the session's expiry: the
 * shopper is sent to the failure URL ("card not saved"), and the reconciler then saves the card.
 *
 * What is wrong: server/aliases/setup-return.ts handleSetupReturn reads a draft attempt as "not
 * verified yet" and, once the session's expiry is past, answers `not_saved` ("the session
 * expired") — before looking whether that draft's verification was sent and its answer lost
 * (`syncNeeded`, the claim held for it: payments/setup-destination.ts setupOutcome calls that
 * `pending`, and the same reload before the expiry goes to the status page). The reconciler's
 * query then finds the verification authorised: the alias is recorded, the session completed and
 * `checkout.setup_completed` sent.
 *
 * Why it matters: the shop's failure URL tells the shopper (and the shop's page, which trusts the
 * redirect) that no card was saved, so the shopper saves the card again or gives up, while the
 * merchant's backend receives `checkout.setup_completed` for the same session — two contradicting
 * answers for one setup session.
 *
 * Expectation: while the verification's outcome is unknown, the reload is not sent to the failure
 * URL (the status page, `pending`, as before the expiry) — or, if it is, the card is never saved
 * afterwards.
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

describe('a setup verification with its answer lost, the return reloaded after expiry', () => {
  const { orders, fake } = lostAnswerVerification('sqlite', '7300001');

  it('does not send the shopper to the failure URL for a card that is then saved', async () => {
    const t = fake.t;
    const customerId = 'cust-r1466';
    const setup = await startSetupOnApp(t, customerId, { expiresIn: 600, successUrl: SUCCESS, failureUrl: FAILURE });
    const first = await t.app.request(setup.returnUrl());
    const draft = await t.repository.getTransaction(setup.reference);
    assert.equal(draft?.state, 'draft', 'precondition: the verification answer was lost');
    assert.equal(draft?.syncNeeded, true, 'precondition: flagged for the reconciler');
    assert.equal(orders.length, 1);

    // The session expires (10 minutes) before the reconciler asked; the shopper reloads the return.
    t.clock.advance(11 * 60_000);
    const reloaded = await t.app.request(setup.returnUrl());
    const reloadedAt = reloaded.headers.get('location') ?? '';

    // The reconciler's query: the platform authorised the verification.
    await reconcilerRounds(t, 3);
    const session = await t.repository.getSession(setup.sessionId);
    const cards = await t.repository.listAliases(customerId);
    const saved = session?.status === 'paid' || cards.length > 0;

    assert.ok(
      !(reloadedAt.startsWith(FAILURE) && saved),
      `the reload after expiry sent the shopper to the failure URL (${reloadedAt}; the first return went to ` +
        `${first.headers.get('location')}), then the reconciler saved the card: session ${session?.status}, ` +
        `saved cards ${JSON.stringify(cards.map((c) => c.alias))} — "not saved" to the shopper, saved for the merchant`,
    );
  });
});
