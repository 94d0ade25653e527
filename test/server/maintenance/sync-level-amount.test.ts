/**
 * A refund whose DirectLink answer was lost (timeout → `unknown`) is placed by the next sync on a
 * history level "by kind and, where the level states it, by amount" (docs/ogone-protocol.md §9).
 * A level that states ANOTHER amount (a 3.00 refund made in the back office) is not ours: the sync
 * took any level of the kind, settled our 5.00 refund as done on it and recorded 5.00 refunded
 * where the platform reports 3.00. Nor does it prove ours never arrived: the refund stays unknown,
 * its amount reserved, for a later level or a person.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { xml } from '../directlink/helpers.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { signedFeedback } from '../../support/feedback.ts';
import { levelAnswer } from './history-levels.ts';

describe('an unanswered refund and a level of another amount', () => {
  let reference = '';
  const PAYID = '5000001';

  const config = parseServerConfig({ ...TEST_ENV });
  const common = (status: string, payIdSub: string, amount: string) =>
    levelAnswer({ orderID: reference, PAYID }, status, Number(payIdSub), amount);
  const fakeFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
    const reply = (attributes: Record<string, string>) =>
      new Response(xml(attributes), { status: 200, headers: { 'content-type': 'text/xml' } });
    if (url.pathname.includes('maintenancedirect')) {
      // The refund's answer is lost on the way back.
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }
    if (url.pathname.includes('querydirect')) {
      // The order: refunded (8), one history level after the payment. That level is a 3.00
      // refund (made in the back office); the platform never got our 5.00 one.
      if (form.PAYIDSUB === '1') return reply(common('8', '1', '3'));
      return reply(common('8', '1', '19.99'));
    }
    throw new Error(`unexpected call ${url.pathname}`);
  };
  const t = useTestApp('sqlite', {
    deps: { directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: fakeFetch }) },
  });

  it('the 5.00 refund is not settled on a level stating 3.00', async () => {
    reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    const feedback = signedFeedback({
      orderID: reference,
      amount: '19.99',
      currency: 'EUR',
      PM: 'CreditCard',
      ACCEPTANCE: 'test123',
      STATUS: '9',
      CARDNO: 'XXXXXXXXXXXX1111',
      ED: '1230',
      PAYID,
      NCERROR: '0',
      BRAND: 'VISA',
    });
    const fed = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(feedback).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(fed.status, 200);
    assert.equal((await t.repository.getTransaction(reference))?.state, 'captured');

    const refund = await t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 500 } });
    assert.equal(refund.status, 504, await refund.clone().text());
    const [op] = await t.repository.listOperations(reference);
    assert.equal(op?.status, 'unknown');

    const sync = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, await sync.clone().text());
    const stored = await t.repository.getTransaction(reference);
    const ops = await t.repository.listOperations(reference);
    assert.notEqual(
      stored?.refundedAmount,
      500,
      `the platform's only refund level says 3.00, yet 5.00 is recorded as refunded (operation ${JSON.stringify(ops.map((o) => [o.amount, o.status, o.payidSub]))})`,
    );
    assert.deepEqual(
      ops.map((o) => [o.amount, o.status, o.payidSub]),
      [[500, 'unknown', null]],
      'neither settled on that level nor released as never done',
    );
  });
});
