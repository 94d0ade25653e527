/**
 * The checkout session a merchant's charge of a saved card makes (`POST /api/aliases/:id/charges`)
 * is not a shopper's: the widget's public routes refuse it with a 404 naming why, and change
 * nothing. Found in review: after a declined charge that session stayed open for 24 hours to
 * `GET /checkout/sessions/:id` (which listed the customer's saved cards), to
 * `POST /checkout/sessions/:id/attempts` (a hosted-page form for the merchant's amount, or the
 * saved card charged again, by whoever holds the id — no API key) and to
 * `DELETE /checkout/sessions/:id/saved-cards/:aliasId` (the customer's card forgotten).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { paidWithSavedCard } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

for (const kind of DATABASE_KINDS) {
  describe(`a declined merchant charge's session on the widget's routes (${kind})`, () => {
    const orders: Array<Record<string, string>> = [];
    // The platform declines every order (STATUS 2, NCERROR 30001001: refused by the acquirer).
    const app = appWithFakePlatform(kind, (_path, form) => {
      orders.push(form);
      return platformAnswer({
        orderID: form['ORDERID'] ?? '',
        PAYID: String(7_700_000 + orders.length),
        STATUS: '2',
        amount: (Number(form['AMOUNT'] ?? 0) / 100).toFixed(2),
        NCSTATUS: '3',
        NCERROR: '30001001',
      });
    });

    it('is refused 404 by each of them, and nothing changes', async () => {
      const { t } = app;
      const { card } = await paidWithSavedCard(t, `cust-charge-widget-${kind}`);
      const charge = await t.api(`/api/aliases/${card.id}/charges`, {
        method: 'POST',
        json: { amount: 990, currency: 'EUR', reference: `SUB-WIDGET-${kind}` },
      });
      assert.equal(charge.status, 402, await charge.text());
      const transaction = await t.repository.getTransaction(`SUB-WIDGET-${kind}`);
      assert.equal(transaction?.state, 'declined');
      const sessionId = transaction.sessionId;
      const before = { session: await t.repository.getSession(sessionId), orders: orders.length };
      assert.equal(before.session?.status, 'open', 'precondition: the declined charge left its session open');

      const widget = (path: string, init: RequestInit = {}) =>
        t.app.request(path, { ...init, headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 widget' } });
      const answers = {
        view: await widget(`/checkout/sessions/${sessionId}`),
        hostedPage: await widget(`/checkout/sessions/${sessionId}/attempts`, { method: 'POST', body: '{}' }),
        savedCard: await widget(`/checkout/sessions/${sessionId}/attempts`, { method: 'POST', body: JSON.stringify({ aliasId: card.id }) }),
        forget: await widget(`/checkout/sessions/${sessionId}/saved-cards/${card.id}`, { method: 'DELETE' }),
      };
      for (const [route, response] of Object.entries(answers)) {
        const body = (await response.json()) as { error?: { code?: string; message?: string } };
        assert.equal(response.status, 404, `${route}: ${response.status} ${JSON.stringify(body)}`);
        assert.equal(body.error?.code, 'not_found', `${route}: ${JSON.stringify(body)}`);
        assert.match(body.error?.message ?? '', /merchant's charge of a saved card/, `${route}: ${JSON.stringify(body)}`);
      }

      const { items: transactions } = await t.repository.listSessionTransactions(sessionId, 100);
      assert.deepEqual(
        {
          session: await t.repository.getSession(sessionId),
          orders: orders.length,
          transactions: transactions.map((tx) => tx.reference),
          card: (await t.repository.getAlias(card.id))?.deletionStatus ?? null,
        },
        { session: before.session, orders: before.orders, transactions: [`SUB-WIDGET-${kind}`], card: null },
      );
    });
  });
}
