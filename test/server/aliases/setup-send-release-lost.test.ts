/**
 * A setup verification whose DirectLink answer was lost after the order was sent (a connection
 * reset) keeps the session's claim and sends the shopper to the status page ("being checked")
 * even when the database fails for a moment right after the draft was flagged for the
 * reconciler: the reload of the return sends no second order.
 *
 * Found in review (adversarial review of setup sessions): aliases/setup-return.ts kept the claim
 * for a draft flagged `syncNeeded` only when the error was a PaymentError. The order's failure
 * handler (aliases/order.ts) flags the draft, then lets its send lease go; a database error there
 * replaces the platform's error, so the return read the flag back as set — the order may have
 * reached the platform — and still freed the claim and answered a 500 page. The saved-card
 * payment (aliases/pay.ts) keeps its claim on the flag alone (reviews r990, r1000). Freed, the
 * reload of the return sent the verification again, and another card's return a second
 * authorisation beside the first.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSetupOnApp } from '../../support/flex-return.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a setup verification sent, its answer lost and the send lease's release failed (${kind})`, () => {
    const orders: string[] = [];
    const fake = appWithFakePlatform(kind, (path, form) => {
      if (!path.includes('orderdirect')) throw new Error(`unexpected call ${path}`);
      orders.push(form.ORDERID!);
      // The platform may have authorised the verification; the connection dropped before its answer.
      throw Object.assign(new TypeError('fetch failed'), {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      });
    });

    it('keeps the claim, says the card is being checked, and the reload sends no second order', async () => {
      const t = fake.t;
      const setup = await startSetupOnApp(t, `cust-setup-release-lost-${kind}`);
      const repository = t.repository as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const release = repository.releaseDraftSend!.bind(t.repository);
      repository.releaseDraftSend = async () => {
        repository.releaseDraftSend = release;
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
      };

      const first = await t.app.request(setup.returnUrl());
      assert.equal(orders.length, 1);
      const flagged = await t.repository.getTransaction(setup.reference);
      assert.equal(flagged?.syncNeeded, true, 'the draft is flagged for the reconciler');
      const session = await t.repository.getSession(setup.sessionId);
      assert.equal(session?.claimReference, setup.reference, `the claim was freed (the return answered ${first.status})`);
      assert.equal(first.status, 303);
      assert.match(first.headers.get('location') ?? '', new RegExp(`/payment/status/${setup.reference}$`));

      const reload = await t.app.request(setup.returnUrl());
      assert.equal(reload.status, 303);
      assert.equal(orders.length, 1, 'the reload sent the verification order again');
    });
  });
}
