/**
 * The dashboard's payment list offers no "Capture" on a setup session's card verification, as its
 * page does not (docs/ogone-protocol.md §15): the server refuses such a capture (409).
 *
 * Review r1341 found the list's rows still offered it: the page said what a verification is
 * (`cardVerification`, GET /api/transactions/:reference), but the list's items, drawn with the
 * same money-actions (transaction-row.ts → money-buttons.ts `actionsFor(t)`), carried no session,
 * so an authorised verification (its automatic void not sent yet, or refused) showed "Capture…".
 * GET /api/transactions now reads its page's sessions and each item says `cardVerification`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actionsFor, type PaymentAmounts } from '../../../server/dashboard/client/money-actions.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

describe('a card verification in the dashboard list', () => {
  // DirectLink configured (the capture is refused before any call reaches the platform).
  const app = appWithFakePlatform('sqlite', (path, form) => {
    throw new Error(`unexpected call ${path} ${JSON.stringify(form)}`);
  });

  it('is offered no capture, as on its page (the server refuses one)', async () => {
    const t = app.t;
    const session = sessionRecord({ mode: 'setup', amount: 100, currency: 'EUR', customer: { id: 'cust-verify' } });
    await t.repository.createSession(session);
    const verification = transactionRecord(session.id, {
      state: 'authorized',
      lastStatus: 5,
      amount: 100,
      payid: '3014726',
      operation: 'RES',
      customerId: 'cust-verify',
    });
    await t.repository.createTransaction(verification);

    const page = (await (await t.api(`/api/transactions/${verification.reference}`)).json()) as PaymentAmounts;
    assert.equal(page.cardVerification, true, 'precondition: its page says it is a verification');
    assert.deepEqual(actionsFor(page), ['cancel'], 'precondition: its page offers the void only');
    const refused = await t.api(`/api/transactions/${verification.reference}/capture`, { method: 'POST', json: {} });
    assert.equal(refused.status, 409, 'precondition: the server refuses its capture');

    const list = (await (await t.api(`/api/transactions?session=${session.id}`)).json()) as { data: PaymentAmounts[] };
    const row = list.data.find((item) => (item as { reference?: string }).reference === verification.reference);
    assert.ok(row, 'the verification is listed');
    assert.ok(
      !actionsFor(row).includes('capture'),
      `the list row of card verification ${verification.reference} offers ${JSON.stringify(actionsFor(row))}: ` +
        `"Capture…", which the server refuses (409), as the page no longer does (docs/ogone-protocol.md §15)`,
    );
  });
});
