/**
 * A saved-card attempt never claims a session whose hosted-page payment the platform is still
 * deciding (STATUS 92 / 52 / 51), nor charges the card beside it.
 *
 * `POST /checkout/sessions/:id/attempts {aliasId}` checks "no payment of this session is being
 * decided" (payments/session-claims.ts assertNoPaymentBeingDecided) on the session as the request
 * first read it. aliases/pay.ts then reads the card, may query the platform about an expired claim
 * (settleExpiredClaim: up to DirectLink's 40 s timeout) and claims the session. Review r1375 found
 * the claim's conditional UPDATE checking the session's status and claim only: a 92 recorded in
 * that window (on several instances sharing PostgreSQL, at any moment) did not stop the saved-card
 * order, sent and captured beside a payment that may yet be accepted — the card charged twice for
 * one session. docs/ogone-protocol.md §8: a hosted-page payment answered 52 / 92 / 51 holds the
 * session, "and a new attempt on its session, on the hosted page or with a saved card, is refused
 * the same way". The claim now refuses it in the same statement (repository/sessions.ts).
 *
 * The race is made deterministic: the hosted-page payment's 92 feedback is delivered just before
 * the saved-card request's claim (the repository's claimSession wrapped). Expected: 409
 * `attempt_in_progress`, and no DirectLink order sent.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { paidWithSavedCard, postServerFeedback } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { savedCardSession } from '../../support/saved-card-session.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

for (const kind of DATABASE_KINDS)
  describe(`a saved-card attempt while the session payment is being decided (92) (${kind})`, () => {
    const orders: string[] = [];
    const fake = appWithFakePlatform(kind, (path, form) => {
      if (!path.includes('orderdirect')) throw new Error(`unexpected call ${path}`);
      orders.push(form.ORDERID!);
      return platformAnswer({
        orderID: form.ORDERID!,
        PAYID: String(7000000 + orders.length),
        ACCEPTANCE: 'test123',
        STATUS: '9',
        amount: '19.99',
        PM: 'CreditCard',
        BRAND: 'VISA',
      });
    });

    it('is refused 409 attempt_in_progress; the card is not charged beside the undecided payment', async () => {
      const t = fake.t;
      const customerId = 'cust-r1375-decided';
      const { card } = await paidWithSavedCard(t, customerId);
      const session = await savedCardSession(t, customerId, card.id, 'Mozilla/5.0 r1375');

      // Tab 1: the shopper opens Ogone's hosted page for the session.
      const hosted = await t.app.request(`/checkout/sessions/${session.id}/attempts`, {
        method: 'POST',
        body: JSON.stringify({ saveCard: false }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(hosted.status, 201, await hosted.clone().text());
      const hostedReference = ((await hosted.json()) as { reference: string }).reference;

      // The hosted-page payment's 92 lands while tab 2's saved-card request is under way, before its claim.
      const repository = t.repository as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const claim = repository.claimSession!.bind(t.repository);
      let delivered = false;
      repository.claimSession = async (...args: unknown[]) => {
        if (!delivered) {
          delivered = true;
          const answered = await postServerFeedback(t, feedbackFor(hostedReference, 92));
          assert.equal(answered.status, 200);
          assert.equal((await t.repository.getTransaction(hostedReference))?.state, 'pending');
        }
        return claim(...args);
      };

      const attempt = await session.attempt();
      const body = await attempt.text();
      assert.ok(delivered, 'the 92 was delivered before the claim');
      assert.deepEqual(
        orders,
        [],
        `a saved-card order was sent and captured (${orders.join(', ')}; answered ${attempt.status} ${body}) while the session's ` +
          `hosted-page payment ${hostedReference} was being decided (STATUS 92: it may be accepted) — the card charged twice for one session`,
      );
      assert.equal(attempt.status, 409, body);
      assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'attempt_in_progress');
    });
  });
