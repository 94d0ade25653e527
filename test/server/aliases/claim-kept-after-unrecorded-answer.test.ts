/**
 * Found by review r203. A saved-card payment (widget, aliases/pay.ts) whose DirectLink order the platform
 * answered "captured" (STATUS 9), but whose answer could not be written (a database hiccup in
 * applyAnswer's mutateTransaction: the money moved, our row is still a draft, not flagged).
 * pay.ts's catch releases the session's claim for any error that left the draft unflagged
 * (`if (!stored?.syncNeeded) releaseClaim`) — as if nothing reached the platform — so the
 * shopper's retry (or a second tab) is let through at once and a second order is sent: the card
 * is charged twice, the first found only later by the reconciler and refunded as a duplicate.
 * (A merchant charge in the same situation keeps its send lease: aliases/charge.ts.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { paidWithSavedCard } from '../../support/app.ts';
import { failOnce, savedCardSession } from '../../support/saved-card-session.ts';

describe('a paid answer that could not be recorded keeps the session claimed', () => {
  const orders: string[] = [];
  const fake = appWithFakePlatform('sqlite', (path, form) => {
    if (!path.includes('orderdirect')) throw new Error(`unexpected call ${path}`);
    orders.push(form.ORDERID!);
    return platformAnswer({
      orderID: form.ORDERID!,
      PAYID: String(5000000 + orders.length),
      ACCEPTANCE: 'test123',
      STATUS: '9',
      amount: '19.99',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
  });

  it('the retry after the failed write is refused, not charged again', async () => {
    const t = fake.t;
    const customerId = 'cust-r203-claim';
    // A saved card (hosted page, saved with the shopper's consent).
    const { card } = await paidWithSavedCard(t, customerId);
    const session = await savedCardSession(t, customerId, card.id, 'Mozilla/5.0 r203');
    const { attempt } = session;
    // The next write of a payment fails once: the platform's answer cannot be recorded.
    failOnce(t, 'mutateTransaction');

    const first = await attempt();
    assert.ok(first.status >= 500, `first attempt: ${first.status} ${await first.clone().text()}`);
    assert.equal(orders.length, 1, 'the first order reached the platform and was captured');

    const second = await attempt();
    const body = await second.text();
    assert.equal(
      orders.length,
      1,
      `the shopper's retry sent a second order (${orders.join(', ')}; answer ${second.status} ${body}): ` +
        'the first order was captured at the platform, its answer only failed to be written, and the released claim let the card be charged twice',
    );
    assert.equal(second.status, 409, `retry answered ${second.status} ${body}`);
    const drafts = (await t.repository.listTransactions({ limit: 10 })).items.filter((x) => x.sessionId === session.id);
    assert.deepEqual(
      drafts.map((x) => [x.state, x.syncNeeded]),
      [['draft', true]],
      'the unrecorded answer is left to the reconciler',
    );
  });
});
