/**
 * Review r1000 of f944983 ("Saved-card payment: a timeout keeps the claim by itself").
 *
 * pay.ts now keeps the session's claim without reading the flag back when the error says the
 * order may have charged — but it recognises that only as `kind === 'outcome_unknown'`, which
 * maintenance/directlink-failures.ts gives to a *timeout* alone. Every other DirectLink failure the
 * client marks `outcomeUnknown` for a mutating call — a connection reset after the order was sent
 * (kind 'network'), an HTTP 5xx, a malformed or oversized answer — becomes a PaymentError of kind
 * `platform_failed`. For those, pay.ts still decides by reading the syncNeeded flag back, and a
 * failed read frees the claim: the shopper's retry sends a second order while the first charged.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appWithFakePlatform, platformAnswer } from '../server/feedback/fake-platform.ts';
import { paidWithSavedCard } from '../support/app.ts';
import { failOnce, savedCardSession } from '../support/saved-card-session.ts';

describe('a saved-card order whose connection was reset after it was sent, its flag not read back', () => {
  const charged: string[] = [];
  const fake = appWithFakePlatform('sqlite', (path, form) => {
    if (path.includes('orderdirect')) {
      charged.push(form.ORDERID!);
      // The platform got the order and charged it; the connection dropped before its answer.
      throw Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      });
    }
    if (path.includes('querydirect')) {
      return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: '7000002', STATUS: '9', amount: '19.99', ACCEPTANCE: 'test123' });
    }
    throw new Error(`unexpected call ${path}`);
  });

  it('keeps the session claimed: no second order', async () => {
    const t = fake.t;
    const customerId = 'cust-r1000-reset-read';
    const { card } = await paidWithSavedCard(t, customerId);
    const { attempt } = await savedCardSession(t, customerId, card.id, 'Mozilla/5.0 reset');
    // Once the order went out (and its connection was reset, its flag written), the next read of a
    // payment fails once.
    const get = failOnce(t, 'getTransaction', () => charged.length === 1);

    const first = await attempt();
    const firstBody = await first.text();
    assert.ok(first.status >= 500, `first attempt: ${first.status} ${firstBody}`);
    assert.equal(charged.length, 1, 'the first order reached the platform');
    const stored = (await get(charged[0]!)) as { syncNeeded: boolean } | undefined;
    assert.equal(stored?.syncNeeded, true, 'the flag itself was written (the client said: outcome unknown)');

    const second = await attempt();
    const body = await second.text();
    assert.equal(
      charged.length,
      1,
      `the retry sent a second order (${charged.join(', ')}; answer ${second.status} ${body}): the first's connection was ` +
        'reset after it was sent (outcome unknown), yet one failed read released the claim',
    );
    assert.equal(second.status, 409, `retry answered ${second.status} ${body}`);
  });
});
