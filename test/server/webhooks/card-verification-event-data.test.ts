/**
 * A payment's webhook events carry the same view of it as the API: a setup session's card
 * verification (docs/ogone-protocol.md §15: one unit of the currency, OPERATION=RES, cancelled
 * automatically) says `cardVerification: true` in its `payment.authorized` data, as
 * GET /api/transactions/:reference and the list say; an ordinary payment says `false`; and the
 * event's data has the fields of the API's view (livemode aside). Without it a backend fulfilling
 * on `payment.authorized` could not tell a saved card's verification from an authorised order.
 * Review r1364 found `cardVerification` missing from the events.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

describe('payment.authorized of a setup session’s card verification', () => {
  const t = useTestApp('sqlite');

  it('says cardVerification, as the payment’s own view does', async () => {
    const customerId = 'cust-verify';
    // A setup session and its verification as §15 makes them: one unit of EUR, RES, an alias asked.
    const session = sessionRecord({ mode: 'setup', amount: 100, currency: 'EUR', customer: { id: customerId } });
    await t.repository.createSession(session);
    const verification = transactionRecord(session.id, {
      amount: 100,
      customerId,
      aliasRequest: 'OC-VERIFY',
      operation: 'RES',
      state: 'pending',
    });
    await t.repository.createTransaction(verification);

    // The platform's feedback: authorised (STATUS 5), the alias stored.
    const answer = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(feedbackFor(verification.reference, 5, { amount: '1', ALIAS: 'OC-VERIFY' })).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(answer.status, 200);

    const view = (await (await t.api(`/api/transactions/${verification.reference}`)).json()) as { cardVerification: boolean };
    const listed = (await (await t.api(`/api/transactions?session=${session.id}`)).json()) as { data: Array<Record<string, unknown>> };
    assert.equal(view.cardVerification, true, 'precondition: the payment’s own view says it is a verification');

    const events = (await (await t.api(`/api/events?reference=${verification.reference}&type=payment.authorized`)).json()) as {
      data: Array<{ data: { amount: number; state: string; cardVerification?: boolean } }>;
    };
    assert.equal(events.data.length, 1, 'precondition: one payment.authorized');
    const data = events.data[0]!.data;
    assert.equal(data.state, 'authorized');
    assert.equal(
      data.cardVerification,
      true,
      `payment.authorized of the card verification ${verification.reference} (amount ${data.amount}) carries ` +
        `cardVerification=${JSON.stringify(data.cardVerification)}: a backend fulfilling on it cannot tell it from an authorised order`,
    );
    // The list's own fields aside: what limits a row's actions (review r1485).
    const { livemode: _livemode, openOperations: _open, restCancelled: _rest, captureClosed: _closed, ...listView } = listed.data[0]!;
    assert.deepEqual(Object.keys(data).sort(), Object.keys(listView).sort(), 'the event data and the API view have the same fields');
  });

  it('says cardVerification false of an ordinary payment', async () => {
    const session = sessionRecord({ amount: 1999, currency: 'EUR' });
    await t.repository.createSession(session);
    const payment = transactionRecord(session.id, { amount: 1999, operation: 'RES', state: 'pending' });
    await t.repository.createTransaction(payment);
    const answer = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(feedbackFor(payment.reference, 5)).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(answer.status, 200);
    const events = (await (await t.api(`/api/events?reference=${payment.reference}&type=payment.authorized`)).json()) as {
      data: Array<{ data: { cardVerification?: boolean } }>;
    };
    assert.equal(events.data.length, 1, 'precondition: one payment.authorized');
    assert.equal(events.data[0]!.data.cardVerification, false);
  });
});
