/**
 * A partial capture (SAL 5.00 of 19.99) reaches the platform — its history level 1,
 * "91 payment processing" (DirectLink guide §4.3: maintenance is processed offline) — and its
 * answer is lost (timeout: the API answers 504, the operation `unknown`, its amount reserved).
 * The merchant's sync, past the 10-minute grace period, asks the platform; the query by PAYID
 * answers the order's STATUS 91 without a PAYIDSUB attribute.
 *
 * docs/ogone-protocol.md §9: "Operations are released (`failed`) only when no level of their kind
 * exists after the grace period, and only on levels the platform answered for". A head answer that
 * names no history level does not say that none exists (its STATUS 91 says an operation is being
 * processed); the levels can be asked one by one (PAYIDSUB 1, 2… until 50001131, [DL] §5.1.2).
 *
 * Expected: the capture is not released on that answer, and the merchant's retry under the same
 * Idempotency-Key never sends it a second time (one SAL at the platform).
 * Review r1362 found it: server/maintenance/sync.ts read the missing PAYIDSUB as "no level
 * exists", released the capture as never received, and the retry (operations.ts resend) sent a
 * second SAL 5.00 — 10.00 captured for a 5.00 capture. The levels are now asked one by one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from '../feedback/fake-platform.ts';

const PAYID = '3016203';

describe('a lost capture answer, then a head answer without PAYIDSUB', () => {
  const platform = {
    reference: '',
    levels: [] as Array<{ status: string; amount: string }>,
    maintenance: [] as string[],
    loseNext: false,
  };
  const answer = (status: string, payIdSub: number | undefined, amount: string) =>
    platformAnswer({
      orderID: platform.reference,
      PAYID,
      ...(payIdSub === undefined ? {} : { PAYIDSUB: String(payIdSub) }),
      ACCEPTANCE: 'test123',
      STATUS: status,
      amount,
      PM: 'CreditCard',
      BRAND: 'VISA',
    });
  const fake = appWithFakePlatform(
    'sqlite',
    (path, form) => {
      if (path.includes('maintenancedirect')) {
        platform.maintenance.push(`${form.OPERATION} ${form.AMOUNT}`);
        const amount = (Number(form.AMOUNT) / 100).toFixed(2);
        platform.levels.push({ status: '91', amount });
        if (platform.loseNext) {
          platform.loseNext = false;
          throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
        }
        return answer('91', platform.levels.length, amount);
      }
      if (!path.includes('querydirect')) throw new Error(`unexpected call ${path}`);
      if (form.PAYIDSUB !== undefined) {
        const level = platform.levels[Number(form.PAYIDSUB) - 1];
        // No such level: STATUS 88, NCERROR 50001131 (DirectLink guide §5.3).
        if (!level) return { ...answer('88', Number(form.PAYIDSUB), ''), NCERROR: '50001131', NCSTATUS: '5' };
        return answer(level.status, Number(form.PAYIDSUB), level.amount);
      }
      // The order: its newest level's STATUS, and the order's amount; no PAYIDSUB attribute.
      return answer(platform.levels.at(-1)?.status ?? '5', undefined, '19.99');
    },
    { env: { OGONE_OPERATION: 'RES' } },
  );

  it('the capture is not released and its retry under the same key is never sent again', async () => {
    const { t } = fake;
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
    platform.reference = reference;
    assert.equal((await fake.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);

    const capture = () =>
      t.api(`/api/transactions/${reference}/capture`, {
        method: 'POST',
        json: { amount: 500 },
        headers: { 'idempotency-key': `r1362-sal-${reference}` },
      });
    platform.loseNext = true;
    const lost = await capture();
    assert.equal(lost.status, 504, await lost.clone().text());
    assert.deepEqual(platform.maintenance, ['SAL 500'], 'precondition: the SAL reached the platform (level 1, 91)');

    t.clock.advance(11 * 60_000);
    const synced = await t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
    const syncBody = (await synced.json()) as { operations?: unknown };
    assert.equal(synced.status, 200, JSON.stringify(syncBody));
    const [operation] = await t.repository.listOperations(reference);
    assert.deepEqual(
      { status: operation?.status, payidSub: operation?.payidSub },
      { status: 'pending', payidSub: 1 },
      'the capture is placed on level 1, still processing (91), its amount reserved',
    );
    const retried = await capture();
    const retriedBody = await retried.text();
    assert.deepEqual(
      platform.maintenance,
      ['SAL 500'],
      `one capture of 5.00 reached the platform and holds level 1 (91); after the sync (${synced.status} ` +
        `${JSON.stringify(syncBody.operations)}) the retry under the same key answered ${retried.status} ` +
        `${retriedBody.slice(0, 200)} and the platform received ${JSON.stringify(platform.maintenance)}`,
    );
  });
});
