/**
 * Found by review r1629 (2026-12-07), now fixed.
 * The fix: the setup verification releases the session's claim only when it ended unpaid (declined, error, cancelled: session-claims.ts endedUnpaid), so one answered for another amount keeps it, as a saved-card payment does.
 *
 * What is wrong: server/aliases/setup-return.ts `verify` releases the setup session's claim after
 * a card verification the platform answered for ANOTHER amount (`if (!PAID_STATES.has(after.state)
 * && after.state !== 'pending') await releaseClaim(…)`: a mismatch leaves the payment `draft`).
 * The session is then `open` again in the widget's public view ("Save card" offered at once) and
 * the shopper's next try — a new FlexCheckout attempt and return — sends a second verification
 * order while the first, authorised at the platform for an amount we did not ask, is under review
 * and never cancelled here. The saved-card payment path keeps its claim on the same answer
 * (server/aliases/pay.ts releaseIfUnpaid releases only declined / error / cancelled), so the
 * session stays `processing` and a second order is refused.
 *
 * Why it matters: review r1555 (docs/ogone-protocol.md §15, payments/setup-destination.ts): a
 * verification answered for another amount "may hold an authorisation of the card, and a person
 * looks (payment.mismatch). 'Not saved, try again' put a second hold on the card". Our status page
 * now says "under review", yet the widget on the shop's page offers "Save card" again and the
 * second try puts that second hold on the shopper's card. README "Money integrity and failing
 * closed": a mismatch is never treated as a payment that ended.
 *
 * Expected: after such an answer the session is not `open` in the public view, and a second
 * attempt's FlexCheckout return sends no second verification order while the first is under review.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../../shared/schemas/api.ts';
import { flexReturnUrl, startSetupOnApp } from '../../support/flex-return.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a setup verification answered for another amount, then the shopper tries again (${kind})`, () => {
    const orders: string[] = [];
    const fake = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('orderdirect')) {
        orders.push(form.ORDERID!);
        // The verification asks for 1.00 EUR; the platform says it authorised 3.00.
        return platformAnswer({
          orderID: form.ORDERID!,
          PAYID: String(7162900 + orders.length),
          ACCEPTANCE: 'test123',
          STATUS: '5',
          amount: '3',
          PM: 'CreditCard',
          BRAND: 'VISA',
        });
      }
      if (path.includes('querydirect')) return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: '7162901', STATUS: '5', amount: '3' });
      return platformAnswer({ orderID: '', PAYID: form.PAYID ?? '', PAYIDSUB: '1', STATUS: '6', amount: '3' });
    });

    it('keeps the session held: no second verification beside the one under review', async () => {
      const t = fake.t;
      const setup = await startSetupOnApp(t, `cust-r1629-${kind}`);
      await t.app.request(setup.returnUrl());
      const first = await t.repository.getTransaction(setup.reference);
      assert.equal(first?.amountMismatch, true, 'precondition: the answer was read as a mismatch');
      assert.equal(orders.length, 1);

      // The widget's view of the session (it offers "Save card" while `open`).
      const view = (await (await t.app.request(`/checkout/sessions/${setup.sessionId}`)).json()) as { status: string };

      // The shopper, back on the shop's page, clicks "Save card" again and saves the card again.
      const started = await t.app.request(`/checkout/sessions/${setup.sessionId}/attempts`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      if (started.status === 201) {
        const attempt = (await started.json()) as Extract<AttemptResult, { kind: 'navigate' }>;
        const alias = new URL(attempt.url).searchParams.get('ALIAS.ALIASID')!;
        await t.app.request(flexReturnUrl({ alias, reference: attempt.reference }));
      }

      assert.deepEqual(
        { offeredAgain: view.status === 'open', verificationOrders: orders.length },
        { offeredAgain: false, verificationOrders: 1 },
        `the first verification (authorised for 3.00 instead of 1.00, under review) was followed by: ${JSON.stringify(orders)}`,
      );
    });
  });
}
