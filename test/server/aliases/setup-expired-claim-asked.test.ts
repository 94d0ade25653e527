/**
 * Found by review r1628 (2026-12-07), now fixed.
 * The fix: handleSetupReturn calls settleExpiredClaim (aliases/pay.ts) before claiming the session, so an earlier verification whose claim lapsed unanswered is queried first; authorised, it completes the session and no second verification is sent.
 *
 * What is wrong: server/aliases/setup-return.ts handleSetupReturn claims the setup session
 * (payments/session-claims.ts claimSession) for a new FlexCheckout return without first asking the
 * platform about the attempt whose claim just expired. A first card verification (a DirectLink RES
 * on the new alias, docs/ogone-protocol.md §15) whose answer was lost stays a draft flagged for the
 * reconciler, and the session is claimed for it for 10 minutes. Once that claim lapses — before the
 * reconciler's round asked — the shopper's second try (a new attempt, another card) claims the
 * session and a second verification order is sent at once, while the first one may have been
 * authorised. server/aliases/pay.ts does the asking for saved-card payments (settleExpiredClaim);
 * the setup return does not.
 *
 * Why it matters: docs/ogone-protocol.md §14 "One payment per session — how long a claim holds":
 * "An attempt still without an answer when its claim expires is asked about (querydirect) before
 * another attempt may claim the session: a paid answer marks the session paid and the new attempt
 * is refused". Here the first card was authorised: the shopper's card gets a second hold, and the
 * session saves the second card while the platform holds an authorised verification of the first —
 * which the reconciler later finds, saves nothing for (§15 "One card per session") and cancels.
 * The shopper is told the second card was saved although the first had already been verified.
 *
 * Expected: the second return first asks the platform about the first verification (querydirect);
 * found authorised, the session is completed by it and no second verification order is sent.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../../shared/schemas/api.ts';
import { startSetupOnApp, flexReturnUrl } from '../../support/flex-return.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a setup session whose first verification got no answer, its claim lapsed, then a second card (${kind})`, () => {
    /** The DirectLink calls, in order: `orderdirect ORDERID`, `querydirect ORDERID`, `maintenancedirect`. */
    const calls: string[] = [];
    const fake = appWithFakePlatform(kind, (path, form) => {
      if (path.includes('orderdirect')) {
        calls.push(`orderdirect ${form.ORDERID}`);
        // The first verification reaches the platform (authorised there); its answer is lost.
        throw new Error('socket hang up (simulated: the answer is lost)');
      }
      if (path.includes('maintenancedirect')) {
        calls.push('maintenancedirect');
        return platformAnswer({ orderID: form.ORDERID ?? '', PAYID: '7400001', PAYIDSUB: '1', STATUS: '6', amount: '1' });
      }
      calls.push(`querydirect ${form.ORDERID ?? form.PAYID}`);
      return platformAnswer({
        orderID: form.ORDERID ?? '',
        PAYID: '7400001',
        ACCEPTANCE: 'test123',
        STATUS: '5',
        amount: '1',
        PM: 'CreditCard',
        BRAND: 'VISA',
      });
    });

    it('asks the platform about the first verification before sending a second', async () => {
      const t = fake.t;
      const setup = await startSetupOnApp(t, `cust-r1628-${kind}`, { expiresIn: 3600 });
      await t.app.request(setup.returnUrl());
      const first = await t.repository.getTransaction(setup.reference);
      assert.deepEqual([first?.state, first?.syncNeeded], ['draft', true], 'precondition: the first answer was lost');
      assert.deepEqual(calls, [`orderdirect ${setup.reference}`]);

      // The session's claim for it (10 minutes) lapses before any reconciler round asked.
      t.clock.advance(11 * 60_000);
      // The shopper tries again from the shop: a new attempt of the same session, a new return.
      const started = await t.app.request(`/checkout/sessions/${setup.sessionId}/attempts`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(started.status, 201, 'precondition: a second attempt is handed out');
      const attempt = (await started.json()) as Extract<AttemptResult, { kind: 'navigate' }>;
      const alias = new URL(attempt.url).searchParams.get('ALIAS.ALIASID')!;
      await t.app.request(flexReturnUrl({ alias, reference: attempt.reference }));

      const session = await t.repository.getSession(setup.sessionId);
      assert.deepEqual(
        {
          secondVerificationSent: calls.includes(`orderdirect ${attempt.reference}`),
          firstAsked: calls.includes(`querydirect ${setup.reference}`),
          paidBy: session?.paidReference ?? null,
        },
        { secondVerificationSent: false, firstAsked: true, paidBy: setup.reference },
        `DirectLink calls: ${JSON.stringify(calls)}`,
      );
    });
  });
}
