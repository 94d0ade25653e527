/**
 * Found by review r1767 (2026-12-07), now fixed.
 * The fix: a draft flagged amountMismatch is neither 'answer lost' nor 'never sent' in chargeAlias: its retry gets it as it stands and nothing is sent again (as setup-return.ts since r1529).
 *
 * What is wrong: server/aliases/charge.ts chargeAlias takes a charge whose order the platform
 * answered for another amount — a draft flagged `amountMismatch` (feedback/decide.ts: not counted,
 * `payment.mismatch` sent, a person looks) — for one that never reached the platform:
 * `neverSent = existing.state === 'draft' && !existing.syncNeeded` ignores the flag. A retry of the
 * same charge (same `reference`) is then answered 409 `duplicate_reference` "a charge with this
 * reference is being made" with `Retry-After: 5` while the first request's send lease lasts, and
 * once the lease is over (SEND_LEASE_MS) the retry claims the draft and sends the order to the
 * platform again. setup-return.ts was fixed for exactly this (review r1529: "a draft flagged
 * amountMismatch: answered, never to be sent again — read as never sent, each reload sent another
 * authorisation of the card"); the merchant charge was not.
 *
 * Why it matters: the order was answered — the platform may hold an authorisation or a capture
 * for the other amount (docs/ogone-protocol.md §8: the mismatch is left to a person). README
 * "Merchant API" says a charge's order is sent again only when it "never reached the platform".
 * The merchant's job is told to retry in five seconds for a charge that is not being made, and
 * its retries put a new order for the card on the wire, counting on the platform's duplicate
 * check for an order already in a state we refuse to count.
 *
 * Expected: after the answer for another amount, a retry of the charge sends nothing — neither at
 * once nor after the send lease — and is not told to retry later (no Retry-After).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { platformAnswer } from '../feedback/fake-platform.ts';
import { SEND_LEASE_MS } from '../../../server/aliases/charge.ts';
import { chargeApp } from './charge-app.ts';

/** The platform's answer: 9.90 EUR was asked, 99.00 EUR authorised and captured. */
const otherAmount = (orderID: string) =>
  platformAnswer({ orderID, PAYID: '8176701', ACCEPTANCE: 'test123', STATUS: '9', amount: '99.00', PM: 'CreditCard', BRAND: 'VISA' });

for (const kind of DATABASE_KINDS) {
  describe(`a charge answered for another amount, retried (${kind})`, () => {
    const {
      fake,
      orders,
      savedCard,
      charge: chargeOf,
    } = chargeApp(kind, {
      payIdBase: 8176700,
      onOrder: (form, count) =>
        count === 1
          ? otherAmount(form.ORDERID!)
          : {
              orderID: form.ORDERID!,
              PAYID: '8176701',
              NCSTATUS: '5',
              NCERROR: '50001113',
              NCERRORPLUS: 'This order has already been processed',
              ACCEPTANCE: 'test123',
              STATUS: '0',
            },
      onOther: (path, form) => {
        if (path.includes('querydirect')) return otherAmount(form.ORDERID ?? '');
        throw new Error(`unexpected call ${path}`);
      },
    });

    it('sends its order once and does not tell the retry to come back', async () => {
      const t = fake.t;
      const card = await savedCard(`cust-r1767-${kind}`);
      const reference = `SUB-R1767-${kind}`;
      const charge = () => chargeOf(card.id, { amount: 990, currency: 'EUR', reference });

      const first = await charge();
      assert.equal(first.status, 202, await first.text());
      const stored = await t.repository.getTransaction(reference);
      assert.deepEqual({ state: stored?.state, amountMismatch: stored?.amountMismatch }, { state: 'draft', amountMismatch: true });

      const atOnce = await charge();
      const atOnceBody = await atOnce.text();
      t.clock.advance(SEND_LEASE_MS + 1_000);
      const later = await charge();
      const laterBody = await later.text();
      assert.deepEqual(
        {
          ordersSent: orders.length,
          retryAfterAtOnce: atOnce.headers.get('retry-after'),
          retryAfterLater: later.headers.get('retry-after'),
        },
        { ordersSent: 1, retryAfterAtOnce: null, retryAfterLater: null },
        `at once: ${atOnce.status} ${atOnceBody}; after the lease: ${later.status} ${laterBody}`,
      );
    });
  });
}
