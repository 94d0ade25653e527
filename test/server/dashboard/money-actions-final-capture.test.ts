/**
 * The dashboard's "Final capture — release the rest": the capture confirmation offers it (a
 * checkbox in the dialog, shown for a capture only), says what it does, and no capture is offered
 * once a final capture closed the order — the server refuses any (server/domain/ledger.ts
 * closedByFinalCapture; DirectLink guide §4.1.2: SAS closes the transaction). A final capture is
 * not offered beside another capture in flight, which the server refuses too.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dashboardRoutes } from '../../../server/dashboard/routes.ts';
import {
  actionsFor,
  capturable,
  effectOf,
  mayCaptureFinal,
  refundable,
  type PaymentAmounts,
} from '../../../server/dashboard/client/money-actions.ts';

const authorised: PaymentAmounts = {
  state: 'authorized',
  amount: 10000,
  currency: 'EUR',
  capturedAmount: 0,
  refundedAmount: 0,
  brand: 'VISA',
  cardNumber: 'XXXXXXXXXXXX1111',
};

describe('final capture in the dashboard', () => {
  it('the confirmation dialog holds the checkbox, hidden until a capture opens it', async () => {
    const html = await (await dashboardRoutes({ merchantName: 'Shop' }).request('/dashboard')).text();
    assert.match(
      html,
      /<label id="confirm-final-field" class="check" hidden><input type="checkbox" id="confirm-final" name="final"[^>]*> Final capture \u2014 release the rest<\/label>/,
    );
    // Inside the confirmation's form: it is posted with the capture, under the dialog's key.
    const form = html.slice(html.indexOf('<form id="confirm-form"'), html.indexOf('</form>', html.indexOf('<form id="confirm-form"')));
    assert.match(form, /id="confirm-final"/);
  });

  it('says the rest is released when final, kept authorised otherwise', () => {
    assert.match(effectOf(authorised, 'capture', 6000, true), /Final capture: the order is closed and the other €40\.00 is released/);
    assert.match(effectOf(authorised, 'capture', 6000), /The other €40\.00 stays authorised and can be captured later/);
    assert.doesNotMatch(effectOf(authorised, 'capture', 10000, true), /released|stays authorised/);
  });

  it('a final capture is offered on an authorisation, not beside a capture in flight', () => {
    assert.equal(mayCaptureFinal(authorised), true);
    const inFlight = { ...authorised, operations: [{ kind: 'capture', amount: 3000, status: 'pending' }] };
    assert.equal(capturable(inFlight), 7000);
    assert.equal(mayCaptureFinal(inFlight), false);
  });

  it('once a final capture closed the order no capture is offered; the refund is', () => {
    const closed: PaymentAmounts = {
      ...authorised,
      state: 'captured',
      capturedAmount: 6000,
      operations: [{ kind: 'capture', amount: 6000, status: 'done', final: true }],
    };
    assert.equal(capturable(closed), 0);
    assert.deepEqual(actionsFor(closed), ['refund']);
    assert.equal(refundable(closed), 6000);
    // A list row says it with `captureClosed` (its operations are only the open ones).
    const row: PaymentAmounts = { ...authorised, state: 'captured', capturedAmount: 6000, captureClosed: true, openOperations: [] };
    assert.deepEqual(actionsFor(row), ['refund']);
    // Still open (pending): closed already.
    const open: PaymentAmounts = { ...authorised, operations: [{ kind: 'capture', amount: 6000, status: 'pending', final: true }] };
    assert.equal(capturable(open), 0);
    // Failed: closes nothing.
    const failed: PaymentAmounts = { ...authorised, operations: [{ kind: 'capture', amount: 6000, status: 'failed', final: true }] };
    assert.equal(capturable(failed), 10000);
  });
});
