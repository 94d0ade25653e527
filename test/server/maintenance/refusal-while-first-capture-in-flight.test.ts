/**
 * Refusals that hold only while an operation is in flight (review r940 of the r920 fix), told
 * apart by planning the request again once what is in flight has settled, both ways:
 *
 * 1. A refund asked while the payment's first capture is processing (91) is refused "a capture of
 *    this payment is still being processed" with Retry-After, not kept: once the capture settled,
 *    the retry under the same key refunds. Planned only as if the capture failed, it was refused
 *    "nothing was captured … cancel the authorisation instead" both times, kept, and replayed for a
 *    day — and the cancel it advised was refused too.
 * 2. A refund of more than was ever captured, asked while another refund is in flight, is kept:
 *    nothing in flight explains it (1600 > 500 captured, for good), though its message names
 *    another "at most" while the other refund is open.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

let level = 0;

describe('refusals while an operation is in flight, planned once it settled either way', () => {
  const fake = appWithFakePlatform(
    'sqlite',
    (_path, form) => {
      const operation = form.OPERATION ?? '';
      level += 1;
      // A full capture is processed offline (91); a partial one done at once; a partial refund processed (81).
      const status = operation === 'SAS' ? '91' : operation === 'SAL' ? '9' : operation === 'RFD' ? '81' : operation === 'RFS' ? '8' : '0';
      return platformAnswer({
        orderID: form.ORDERID ?? '',
        PAYID: form.PAYID ?? '0',
        PAYIDSUB: String(level),
        STATUS: status,
        amount: String(Number(form.AMOUNT) / 100),
      });
    },
    { env: { OGONE_OPERATION: 'RES' } },
  );

  it('a refund refused while the first capture is processing carries Retry-After and is made by its retry once the capture settled', async () => {
    const { t } = fake;
    const PAYID = '3019001';
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
    assert.equal((await fake.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
    level = 0;
    const capture = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
    assert.equal(capture.status, 202, await capture.clone().text());

    const headers = { 'idempotency-key': `refund-${reference}` };
    const early = await t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {}, headers });
    const earlyBody = (await early.json()) as { error?: { code?: string; message?: string } };
    assert.equal(early.status, 409, JSON.stringify(earlyBody));
    assert.match(earlyBody.error?.message ?? '', /still being processed: refund once it has settled/);
    const earlyRetryAfter = early.headers.get('retry-after');

    // The capture settles (its level's 9).
    assert.equal((await fake.feedback(feedbackFor(reference, 9, { PAYID, PAYIDSUB: '1' }))).status, 200);
    const settled = await t.repository.getTransaction(reference);
    assert.deepEqual([settled?.state, settled?.capturedAmount], ['captured', 1999]);

    t.clock.advance(5 * 60_000);
    const again = await t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {}, headers });
    const body = (await again.json()) as { outcome?: string; error?: { code?: string; message?: string } };
    // Nothing but the capture in flight stood in the way: the same request is the refund now.
    assert.deepEqual(
      {
        retryAfter: earlyRetryAfter,
        status: again.status,
        replayed: again.headers.get('idempotent-replayed'),
        refunded: (await t.repository.getTransaction(reference))?.refundedAmount,
      },
      { retryAfter: '30', status: 200, replayed: null, refunded: 1999 },
      `first answer ${JSON.stringify(earlyBody)}; the same request once the capture settled: ${again.status} ${JSON.stringify(body).slice(0, 300)}`,
    );
  });

  it('a refund of more than was ever captured, asked while another refund is in flight, is kept (no Retry-After)', async () => {
    const { t } = fake;
    const PAYID = '3019002';
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
    assert.equal((await fake.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
    level = 0;
    const captured = await t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: { amount: 500 } });
    assert.equal(captured.status, 200, await captured.clone().text());
    const refund = await t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 300 } });
    assert.equal(refund.status, 202, await refund.clone().text());

    const headers = { 'idempotency-key': `too-much-${reference}` };
    const first = await t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 1600 }, headers });
    const firstBody = await first.clone().text();
    assert.equal(first.status, 400, firstBody);
    assert.equal(first.headers.get('retry-after'), null, `1600 > 500 captured: nothing in flight explains it: ${firstBody}`);
    const again = await t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: { amount: 1600 }, headers });
    assert.equal(again.status, 400);
    assert.equal(again.headers.get('idempotent-replayed'), 'true', 'the request’s outcome, kept as the key’s answer');
  });
});
