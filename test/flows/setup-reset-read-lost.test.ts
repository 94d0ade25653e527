/**
 * Review r1000 of db64cb4 ("Setup return: a timeout means pending by itself").
 *
 * setup-return.ts now keeps the claim without reading the flag back when the error is
 * `kind === 'outcome_unknown'` — which maintenance/directlink-failures.ts gives to a timeout only.
 * A connection reset after the verification order was sent (the client's DirectLinkError kind
 * 'network', outcomeUnknown: true; likewise an HTTP 5xx or a malformed answer) becomes a
 * `platform_failed` PaymentError, so the return still decides on the read-back of syncNeeded: one
 * failed read takes the 'not saved' branch: the claim is freed (the status page still reads the
 * flagged draft as pending), and the reload of the return sends the verification order a second
 * time — what r990 says a kept claim prevents.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSetupOnApp } from '../support/flex-return.ts';
import { appWithFakePlatform } from '../server/feedback/fake-platform.ts';

describe('a setup verification whose connection was reset after it was sent, its flag not read back', () => {
  const orders: string[] = [];
  const fake = appWithFakePlatform('sqlite', (path, form) => {
    if (!path.includes('orderdirect')) throw new Error(`unexpected call ${path}`);
    orders.push(form.ORDERID!);
    // The platform authorised the verification; the connection dropped before its answer.
    throw Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
  });

  it('the shopper is told the card is being checked, and the reload sends no second order', async () => {
    const t = fake.t;
    const setup = await startSetupOnApp(t, 'cust-r1000-setup');
    const returnUrl = setup.returnUrl();

    // Once the order went out (its flag written), the next read of a payment fails once.
    const repository = t.repository as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const get = repository.getTransaction!.bind(t.repository);
    let failed = false;
    repository.getTransaction = async (...args: unknown[]) => {
      if (orders.length === 1 && !failed) {
        failed = true;
        throw new Error('database connection lost (simulated)');
      }
      return get(...args);
    };

    const landed = await t.app.request(returnUrl);
    const text = await landed.text();
    assert.equal(orders.length, 1, 'the verification reached the platform');
    const stored = (await get(setup.reference)) as { syncNeeded: boolean } | undefined;
    assert.equal(stored?.syncNeeded, true, 'the flag itself was written (the client said: outcome unknown)');
    assert.equal(landed.status, 303, text.slice(0, 200));

    const reloaded = await t.app.request(returnUrl);
    await reloaded.text();
    assert.deepEqual(
      orders,
      [setup.reference],
      `the reload of the return sent the verification order again (${orders.length} orders): one failed read after a connection reset freed the claim`,
    );
  });
});
