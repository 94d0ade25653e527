/**
 * Found by review r250 (commit b6b9316). `withPlatformRefund` (feedback/apply-answer.ts) now saves "the card
 * its shopper saved — confirmed by a 91, or named in this answer" when a query finds a payment
 * refunded that was not paid yet (its 9 lost). But it calls `savedCard` with empty params, so an
 * ALIAS named in the query's answer counts only when `decideFeedback` turned it into
 * `aliasConfirmed` first — which it does only for a payment still `pending`. A payment whose every
 * feedback was lost (still `draft`), or last read `declined` (a first try refused, the shopper's
 * retry accepted), is found captured and refunded by a query naming our alias: it goes to
 * `partially_refunded`, its session is marked paid, yet the card the answer names is never saved —
 * the 8 is final, nothing asks again. docs/ogone-protocol.md §10: the card is saved "when a query
 * finds it refunded already (its 9 lost)".
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from './fake-platform.ts';
import { historyLevels } from '../maintenance/history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a draft found captured and partly refunded, the answer naming our alias (${kind})`, () => {
    const platform = historyLevels(PAYID);
    let aliasName = '';
    // The head answer names the alias the attempt asked for, as the back office reports it.
    const app = appWithFakePlatform(kind, async (path, form) => {
      const answer = await platform.handle(path, form);
      return path.includes('querydirect') && form.PAYIDSUB === undefined ? { ...answer, ALIAS: aliasName } : answer;
    });

    it('saves the card the answer names', async () => {
      const t = app.t;
      const customerId = `cust-r250-draft-${kind}`;
      const reference = await newHostedAttempt(
        t,
        { amount: 1999, currency: 'EUR', customer: { id: customerId }, saveCard: 'optional' },
        { saveCard: true },
      );
      aliasName = (await t.repository.getTransaction(reference))!.aliasRequest!;
      assert.ok(aliasName, 'the attempt asked for an alias');
      // Every feedback lost: the payment is still a draft. The platform captured, then refunded 5.00.
      platform.start(reference, '9');
      platform.backOffice({ status: '9', amount: '19.99' });
      platform.backOffice({ status: '8', amount: '5.00' });
      const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200, await sync.clone().text());
      const paid = (await t.repository.getTransaction(reference))!;
      assert.deepEqual(
        [paid.state, paid.capturedAmount, paid.refundedAmount],
        ['partially_refunded', 1999, 500],
        'precondition: the query found the payment captured and partly refunded',
      );
      const session = await t.repository.getSession(paid.sessionId);
      assert.equal(session?.status, 'paid', 'precondition: its session is marked paid (b6b9316)');
      assert.deepEqual(
        (await t.repository.listAliases(customerId)).map((card) => card.alias),
        [aliasName],
        `the query's answer named ${aliasName} for a paid payment (${paid.state}), yet no card was saved: ` +
          'withPlatformRefund passes no params to savedCard, and only a pending payment had the name confirmed',
      );
    });
  });
}
