/**
 * A refund refused because "a capture of this payment is still being processed: refund once it
 * has settled" (409 invalid_state, domain/ledger.ts planOperation) says to ask again later: it
 * carries Retry-After and is not kept as its Idempotency-Key's answer (server/http/idempotency.ts),
 * so the same request sent once the capture has settled — what the refusal tells the merchant to
 * do — makes the refund. Kept, it was replayed for a day (review r920): a merchant with a stable
 * key per action (the README's `{ idempotencyKey: 'order-1001-capture' }`) was told "not refunded"
 * for 24 hours. A refusal that nothing in flight explains is the request's outcome: kept, replayed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

const PAYID = '3014726';
let level = 0;

describe('a refund refused while a capture is processing, sent again under its key once the capture settled', () => {
  const fake = appWithFakePlatform(
    'sqlite',
    (_path, form) => {
      const operation = form.OPERATION ?? '';
      level += 1;
      // The first (partial) capture is done at once, the second processed offline (91), a refund done.
      const status = operation === 'SAL' ? '9' : operation === 'SAS' ? '91' : operation.startsWith('RF') ? '8' : '0';
      return platformAnswer({
        orderID: form.ORDERID ?? '',
        PAYID: form.PAYID ?? PAYID,
        PAYIDSUB: String(level),
        STATUS: status,
        amount: String(Number(form.AMOUNT) / 100),
      });
    },
    { env: { OGONE_OPERATION: 'RES' } },
  );

  it('is refunded (200), not answered the earlier 409 replayed', async () => {
    const { t } = fake;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
    assert.equal((await fake.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
    const part = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 999 } });
    assert.equal(part.status, 200, await part.clone().text());
    const rest = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
    assert.equal(rest.status, 202, await rest.clone().text());

    const headers = { 'idempotency-key': `refund-${reference}` };
    const early = await t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {}, headers });
    const earlyBody = (await early.json()) as { error?: { code?: string; message?: string } };
    assert.equal(early.status, 409, JSON.stringify(earlyBody));
    assert.match(earlyBody.error?.message ?? '', /refund once it has settled/);
    assert.equal(early.headers.get('retry-after'), '30', 'a refusal that holds only while the capture is in flight');

    // The second capture settles: the platform's feedback for its level, STATUS 9.
    assert.equal((await fake.feedback(feedbackFor(reference, 9, { PAYID, PAYIDSUB: '2' }))).status, 200);
    const settled = await t.repository.getTransaction(reference);
    assert.deepEqual(
      [settled?.state, settled?.capturedAmount],
      ['captured', 1999],
      'the whole amount is captured: nothing is being processed any more',
    );

    t.clock.advance(5 * 60_000);
    const again = await t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {}, headers });
    const body = (await again.json()) as { outcome?: string; error?: { code?: string; message?: string } };
    assert.deepEqual(
      {
        status: again.status,
        replayed: again.headers.get('idempotent-replayed'),
        refunded: (await t.repository.getTransaction(reference))?.refundedAmount,
      },
      { status: 200, replayed: null, refunded: 1999 },
      `answered ${again.status} ${JSON.stringify(body).slice(0, 300)}`,
    );
  });
  it('a refusal nothing in flight explains (more than was captured) is kept: the same request replays it', async () => {
    const { t } = fake;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
    assert.equal((await fake.feedback(feedbackFor(reference, 5, { PAYID: '3014727' }))).status, 200);
    const captured = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 500 } });
    assert.equal(captured.status, 200, await captured.clone().text());
    const headers = { 'idempotency-key': `too-much-${reference}` };
    const first = await t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 1600 }, headers });
    assert.equal(first.status, 400, await first.clone().text());
    assert.equal(first.headers.get('retry-after'), null);
    const again = await t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 1600 }, headers });
    assert.equal(again.status, 400);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
  });
});
