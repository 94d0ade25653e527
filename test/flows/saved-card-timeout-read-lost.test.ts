/**
 * Review r990 of 816555b. A saved-card payment whose DirectLink order got no answer (a timeout: the
 * platform may have charged — DirectLink guide §3.3) keeps the session's claim for 10 minutes
 * (docs/ogone-protocol.md §8, §14 "One payment per session — how long a claim holds"). 816555b
 * covers the flag's *write* failing. pay.ts's catch decides by *reading the flag back*:
 *
 *   const stored = await ctx.repository.getTransaction(reference).catch(() => undefined);
 *   if (!(error instanceof OrderAnswerUnrecorded) && !stored?.syncNeeded) await releaseClaim(…);
 *
 * The flag was written, but one failed read (the same database hiccup r980/r203 consider) makes
 * `stored` undefined and the claim is released — although the error in hand is the timeout's own
 * PaymentError (kind `outcome_unknown`), which says by itself that the order may have charged.
 * The shopper's retry then sends a second order (a new ORDERID) while the first charged: two
 * charges for one session (README "One paid payment per session").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform, platformAnswer } from '../server/feedback/fake-platform.ts';
import { paidWithSavedCard } from '../support/app.ts';
import { failOnce, savedCardSession } from '../support/saved-card-session.ts';

describe('a saved-card order without an answer whose flag was written but could not be read back', () => {
  const charged: string[] = [];
  const fake = appWithFakePlatform('sqlite', (path, form) => {
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

  it('keeps the session claimed after a timeout even when the flag cannot be read back: no second order', async () => {
    const t = fake.t;
    const customerId = 'cust-r990-timeout-read';
    const { card } = await paidWithSavedCard(t, customerId);
    const { attempt } = await savedCardSession(t, customerId, card.id, 'Mozilla/5.0 R990');
    // Once the order went out (and timed out, its flag written), the next read of a payment fails
    // once: pay.ts's read-back of the syncNeeded flag, were the claim decided on it.
    const get = failOnce(t, 'getTransaction', () => charged.length === 1);

    const first = await attempt();
    assert.equal(first.status, 504, `first attempt: ${first.status} ${await first.clone().text()}`);
    assert.equal(charged.length, 1, 'the first order reached the platform');
    const stored = (await get(charged[0]!)) as { syncNeeded: boolean } | undefined;
    assert.equal(stored?.syncNeeded, true, 'the flag itself was written');

    const second = await attempt();
    const body = await second.text();
    assert.equal(
      charged.length,
      1,
      `the retry sent a second order (${charged.join(', ')}; answer ${second.status} ${body}): the first got no answer and ` +
        'charged, its flag was written, yet one failed read released the claim',
    );
    assert.equal(second.status, 409, `retry answered ${second.status} ${body}`);
  });
});
