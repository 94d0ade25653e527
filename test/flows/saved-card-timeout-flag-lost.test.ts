/**
 * Review r980. A saved-card payment (widget, aliases/pay.ts) whose DirectLink order got no answer
 * (a timeout: the platform may have charged — DirectLink guide §3.3/§5.4 "if no reply, query";
 * docs/ogone-protocol.md §8 "A claim whose attempt is still a draft … (an answer lost …) expires
 * after 10 minutes", §14 "One payment per session — how long a claim holds": "An attempt whose
 * DirectLink call got no answer may have been charged … The session stays claimed for 10 minutes").
 *
 * order.ts flags the draft `syncNeeded` in the timeout's `onUnknown` hook, and pay.ts's catch keeps
 * the claim only when it reads that flag back (`!stored?.syncNeeded` → releaseClaim). When that very
 * flag write fails (a database hiccup, as in review r203 for the answer's write), the error that
 * reaches pay.ts is the database's, the draft reads unflagged, and the claim is released as if
 * nothing had reached the platform: the shopper's retry (or a second tab) sends a second order at
 * once and the card is charged twice for one session (README "One paid payment per session":
 * "one whose DirectLink call got no answer holds it for 10 minutes").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform, platformAnswer } from '../server/feedback/fake-platform.ts';
import { paidWithSavedCard } from '../support/app.ts';
import { failOnce, savedCardSession } from '../support/saved-card-session.ts';
import { DATABASE_KINDS } from '../support/databases.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a saved-card order without an answer whose syncNeeded flag could not be written (${kind})`, () => {
    /** ORDERIDs the platform received and charged (STATUS 9), its answer lost on the way back. */
    const charged: string[] = [];
    const fake = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('orderdirect')) {
        charged.push(form.ORDERID!);
        // The platform captured the order; the answer never reaches us.
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      }
      if (path.includes('querydirect')) {
        return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: '7000001', STATUS: '9', amount: '19.99', ACCEPTANCE: 'test123' });
      }
      throw new Error(`unexpected call ${path}`);
    });

    it('keeps the session claimed: the retry is refused (409), never a second order', async () => {
      const t = fake.t;
      const customerId = `cust-r980-timeout-${kind}`;
      const { card } = await paidWithSavedCard(t, customerId);
      const { attempt } = await savedCardSession(t, customerId, card.id, 'Mozilla/5.0 R980');
      // The next write of a payment fails once: the timeout's syncNeeded flag (order.ts onUnknown).
      failOnce(t, 'mutateTransaction');

      const first = await attempt();
      assert.ok(first.status >= 500, `first attempt: ${first.status} ${await first.clone().text()}`);
      assert.equal(charged.length, 1, 'the first order reached the platform');

      const second = await attempt();
      const body = await second.text();
      assert.equal(
        charged.length,
        1,
        `the retry sent a second order (${charged.join(', ')}; answer ${second.status} ${body}): the first order got no ` +
          'answer and may have been charged (it was), yet the claim was released because the syncNeeded flag failed to be written',
      );
      assert.equal(second.status, 409, `retry answered ${second.status} ${body}`);
    });
  });
}
