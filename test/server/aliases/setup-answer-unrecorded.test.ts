/**
 * A setup session's card verification (the FlexCheckout return sends a DirectLink RES with the new
 * alias: docs/ogone-protocol.md §15) is answered by the platform — it authorised — and the answer
 * cannot be written (the database went away between the call and its record). The shopper's
 * browser is on the return: it was shown a 500 page, and the session's claim was released as if
 * nothing had reached the platform. The verification's answer is the platform's: the shopper is
 * told the card is being checked (the status page follows the reconciler's query), the claim
 * holds, and reloading the return sends no second authorisation.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSetupOnApp } from '../../support/flex-return.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

describe('a setup verification answered by the platform whose answer cannot be recorded', () => {
  const orders: string[] = [];
  const fake = appWithFakePlatform('sqlite', (path, form) => {
    if (!path.includes('orderdirect')) throw new Error(`unexpected call ${path}`);
    orders.push(form.ORDERID!);
    answered = true;
    return platformAnswer({
      orderID: form.ORDERID!,
      PAYID: String(7000000 + orders.length),
      ACCEPTANCE: 'test123',
      STATUS: '5',
      amount: '0',
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
  });
  let answered = false;

  it('the shopper is told the card is being checked; reloading sends no second authorisation', async () => {
    const t = fake.t;
    const setup = await startSetupOnApp(t, 'cust-unrecorded');
    const returnUrl = setup.returnUrl();

    // Once the platform answered, the next write of a payment fails: its answer is not recorded.
    const repository = t.repository as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const mutate = repository.mutateTransaction!.bind(t.repository);
    let failed = false;
    repository.mutateTransaction = async (...args: unknown[]) => {
      if (answered && !failed) {
        failed = true;
        throw new Error('database connection lost (simulated)');
      }
      return mutate(...args);
    };

    const landed = await t.app.request(returnUrl);
    const text = await landed.text();
    assert.equal(failed, true, 'precondition: the answer could not be written');
    assert.equal(orders.length, 1, 'the verification reached the platform');
    assert.ok(landed.status < 500, `the shopper was shown ${landed.status}: ${text.slice(0, 200)}`);

    // The shopper reloads the return (or the browser retries it): the claim still holds.
    const reloaded = await t.app.request(returnUrl);
    assert.ok(reloaded.status < 500, `reload: ${reloaded.status}`);
    assert.deepEqual(orders, [setup.reference], 'one authorisation, never a second for the same card check');
    const stored = await t.repository.getTransaction(setup.reference);
    assert.equal(stored?.syncNeeded, true, 'left to the reconciler, which asks the platform');
  });
});
