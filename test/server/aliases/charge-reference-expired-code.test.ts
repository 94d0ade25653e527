/**
 * Found by review r1766 (2026-12-07), now fixed.
 * The fix: chargeAlias answers the same charge retried by its reference after it expired unmade 409 charge_expired, as its keyed retry.
 *
 * What is wrong: server/aliases/charge.ts chargeAlias answers a merchant's charge that names its
 * own `reference` (no Idempotency-Key) and that expired unmade — its order timed out before the
 * platform got it, the platform answered "unknown order" when asked, and its session's day ran
 * out — with 409 `duplicate_reference` "a transaction with this reference already exists (state
 * expired)". Only a keyed retry reaches chargeOutcome's `charge_expired`; a reference retry falls
 * into `referenceExists(existing.state)`.
 *
 * Why it matters: README "Merchant API", `POST /api/aliases/:id/charges`: "while one request sends
 * its order, another gets 409 `duplicate_reference`, as does the same `reference` with another
 * card, amount, currency or `operation`; a charge the platform never received and that expired
 * unmade, 409 `charge_expired`". The reference is the README's first way of making a charge safe
 * to retry ("its ORDERID is your `reference`"). A merchant's billing job that follows the
 * documented codes reads `duplicate_reference` as "this charge exists / is being made" and stops,
 * so the invoice is never charged; `charge_expired` is the code that tells it nothing was charged
 * and to charge again.
 *
 * Expected: the same charge (same card, amount, currency, reference) retried after it expired
 * unmade is answered 409 `charge_expired`, as the keyed retry is, and nothing is sent.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { paidWithSavedCard } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';

describe('a charge with a reference retried after it expired unmade', () => {
  const orders: string[] = [];
  const fake = appWithFakePlatform('sqlite', (path, form) => {
    if (path.includes('querydirect')) {
      // The order never reached the platform: "unknown order" (docs/ogone-protocol.md §8, §14).
      return { orderID: form.ORDERID ?? '', PAYID: '0', NCERROR: '50001130', NCERRORPLUS: 'Error access to original order', STATUS: '88' };
    }
    if (path.includes('orderdirect')) {
      orders.push(form.ORDERID!);
      // Timed out on its way: outcome unknown as the server sees it (the platform never got it).
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }
    throw new Error(`unexpected call ${path}`);
  });

  it('is answered 409 charge_expired, not duplicate_reference', async () => {
    const t = fake.t;
    const { card } = await paidWithSavedCard(t, 'cust-r1766');
    const reference = 'SUB-R1766-2026-12';
    const charge = () => t.api(`/api/aliases/${card.id}/charges`, { method: 'POST', json: { amount: 2468, currency: 'EUR', reference } });

    const first = await charge();
    assert.ok(first.status >= 500, `precondition: the order's answer was lost (${first.status} ${await first.text()})`);

    t.clock.advance(25 * 3600_000);
    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST', json: {} });
    const synced = (await sync.json()) as { state?: string };
    assert.equal(synced.state, 'expired', `precondition: the unknown order expired (${JSON.stringify(synced)})`);
    const sent = orders.length;

    const retry = await charge();
    const body = (await retry.json()) as { error?: { code?: string; message?: string } };
    assert.deepEqual(
      { status: retry.status, code: body.error?.code, ordersSent: orders.length - sent },
      { status: 409, code: 'charge_expired', ordersSent: 0 },
      JSON.stringify(body),
    );
  });
});
