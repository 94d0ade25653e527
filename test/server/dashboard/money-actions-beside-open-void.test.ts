/**
 * The dashboard's money-actions beside an operation in flight (found by review r1320): it offered
 * a void while a capture was still being processed, and a capture (and a second void) while a void
 * was still being processed — actions the server's ledger refuses.
 *
 * `server/dashboard/client/money-actions.ts` says of itself "the server's ledger
 * (server/domain/ledger.ts) still decides, this only avoids offering what it would refuse", and
 * r680 made it read the payment's open operations for the refund and capture maxima. The void and
 * the capture ignored the other kind's open operation:
 * - an authorisation with a partial capture in flight (SAL answered 91, the payment still
 *   `authorized`, nothing counted yet) offered "Void authorisation" for the whole amount — the
 *   ledger refuses it ("a payment with captures cannot be cancelled": planOperation counts
 *   `openOf(ops, 'capture')`), and a void there would delete what the capture is taking;
 * - an authorisation whose void is in flight (DES answered 61, still `authorized`) offered
 *   "Capture" of the whole amount and "Void authorisation" again — the ledger refuses both ("a
 *   cancelled payment cannot be captured", "already cancelled or being cancelled").
 * The operator confirmed an amount in the dialog and read a 409 instead.
 *
 * The fix: `capturable` offers nothing beside an open void, and the void (`remainingFor(t,
 * 'cancel')`) nothing beside an open capture or void, as planOperation decides.
 *
 * Scenario: the sandbox (its maintenance kept processing, as Ogone's offline processing is,
 * DirectLink guide §4.3 "The maintenance orders are always processed offline") behind a real
 * server; the payment's page data (`GET /api/transactions/:reference`, with `operations`) is what
 * the dashboard's buttons read (money-buttons.ts → actionsFor).
 *
 * The dashboard offers only what the ledger would carry out: no void beside an open capture,
 * neither capture nor void beside an open void.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actionsFor } from '../../../server/dashboard/client/money-actions.ts';
import { saveCard, startFlowServer, type FlowServer } from '../../flows/helpers.ts';

describe('the dashboard offers only what the ledger accepts while an operation is in flight', () => {
  let flow: FlowServer;
  let card: string;

  before(async () => {
    flow = await startFlowServer('sqlite', {
      env: { OGONE_OPERATION: 'RES' },
      // The platform keeps every maintenance processing (91 / 61) for the length of the test.
      sandbox: { maintenanceDelayMs: 600_000 },
    });
    card = await saveCard(flow, 'cust-r1320', '4111111111111111');
  });
  after(async () => {
    await flow?.close();
  });

  const authorise = async (reference: string) => {
    const charge = await flow.api(`/api/aliases/${card}/charges`, { currency: 'EUR', amount: 1000, reference });
    assert.equal(charge.status, 201, JSON.stringify(charge.body));
    assert.equal(charge.body.state, 'authorized');
  };
  const page = async (reference: string) => (await flow.api(`/api/transactions/${reference}`)).body as Parameters<typeof actionsFor>[0];

  it('a partial capture in flight: no "Void authorisation" offered (the server refuses it)', async () => {
    const reference = 'R1320-CAPTURING';
    await authorise(reference);
    const capture = await flow.api(`/api/transactions/${reference}/capture`, { amount: 400 });
    assert.equal(capture.status, 202, JSON.stringify(capture.body));
    assert.equal(capture.body.operation.status, 'pending');

    const view = await page(reference);
    assert.equal(view.state, 'authorized');
    const refused = await flow.api(`/api/transactions/${reference}/cancel`, {});
    assert.equal(refused.status, 409, 'the ledger refuses a void beside the open capture');
    assert.ok(
      !actionsFor(view).includes('cancel'),
      `the dashboard offers ${JSON.stringify(actionsFor(view))} while the capture of 4.00 is processing: "Void authorisation" is refused by the server (${refused.body.error?.message})`,
    );
    assert.deepEqual(actionsFor(view), ['capture'], 'the rest (6.00) can still be captured');
  });

  it('a void in flight: neither "Capture" nor a second "Void authorisation" offered (the server refuses both)', async () => {
    const reference = 'R1320-VOIDING';
    await authorise(reference);
    const cancel = await flow.api(`/api/transactions/${reference}/cancel`, {});
    assert.equal(cancel.status, 202, JSON.stringify(cancel.body));
    assert.equal(cancel.body.operation.status, 'pending');

    const view = await page(reference);
    const capture = await flow.api(`/api/transactions/${reference}/capture`, {});
    const again = await flow.api(`/api/transactions/${reference}/cancel`, {});
    assert.equal(capture.status, 409, 'the ledger refuses a capture beside the open void');
    assert.equal(again.status, 409, 'the ledger refuses a second void');
    assert.deepEqual(
      actionsFor(view),
      [],
      `the dashboard offers ${JSON.stringify(actionsFor(view))} while the void is processing; the server answers "${capture.body.error?.message}" and "${again.body.error?.message}"`,
    );
  });
});
