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
import type { AttemptResult } from '../../../shared/schemas/api.ts';
import { flexRequestSignature } from '../../../server/ogone/flexcheckout.ts';
import { TEST_ENV } from '../../support/accounts.ts';
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
    const created = await t.api('/api/checkout-sessions', { method: 'POST', json: { mode: 'setup', customer: { id: 'cust-unrecorded' } } });
    const session = (await created.json()) as { id: string };
    assert.equal(created.status, 201, JSON.stringify(session));
    const started = await t.app.request(`/checkout/sessions/${session.id}/attempts`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const attempt = (await started.json()) as Extract<AttemptResult, { kind: 'navigate' }>;
    const alias = new URL(attempt.url).searchParams.get('ALIAS.ALIASID')!;
    const pairs: Array<[string, string]> = [
      ['Alias.AliasId', alias],
      ['Card.Brand', 'VISA'],
      ['Card.CardNumber', 'XXXXXXXXXXXX1111'],
      ['Card.ExpiryDate', '1230'],
      ['Alias.OrderId', attempt.reference],
      ['Alias.Status', '0'],
      ['Alias.StorePermanently', 'Y'],
    ];
    const signature = flexRequestSignature(Object.fromEntries(pairs), { passphrase: TEST_ENV.OGONE_SHA_OUT, algorithm: 'sha512' });
    const returnUrl = `/payment/flex/return?${new URLSearchParams([...pairs, ['SHASign', signature]]).toString()}`;

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
    assert.deepEqual(orders, [attempt.reference], 'one authorisation, never a second for the same card check');
    const stored = await t.repository.getTransaction(attempt.reference);
    assert.equal(stored?.syncNeeded, true, 'left to the reconciler, which asks the platform');
  });
});
