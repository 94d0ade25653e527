/**
 * A capture or refund made in Ogone's back office beside operations of ours is counted once a sync
 * reads its history level (docs/ogone-protocol.md §9, domain/back-office-operations.ts). Before,
 * the ledger ignored any level none of ours held once ours of that kind existed: our 5.00 refund
 * plus 3.00 given back in the back office stayed 5.00, and our 10.00 capture plus the back
 * office's 9.99 stayed 10.00 captured, a later "refund everything" then sent as RFS 10.00.
 *
 * The fake platform keeps the order's history levels as the guide shows them (DirectLink guide
 * §5.1.2: a query by PAYID answers the last level's PAYIDSUB and STATUS; by PAYIDSUB, that level
 * with its own amount).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { headQueryBarrier, historyLevels } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a back-office capture or refund beside ours (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const { backOffice, maintenance } = platform;
    /** Armed, it holds head queries until two have arrived: both syncs asked before either applies. */
    const barrier = headQueryBarrier();
    const app = appWithFakePlatform(kind, async (path, form) => {
      await barrier.hold(path, form);
      return platform.handle(path, form);
    });

    const api = async (path: string, init: RequestInit = {}) => {
      const response = await app.t.api(`/api/transactions/${reference}${path}`, { method: 'POST', ...init });
      const body = (await response.json()) as Record<string, unknown>;
      assert.ok(response.status < 300, `${path}: ${response.status} ${JSON.stringify(body)}`);
      return body;
    };
    const operation = (kind: string, amount?: number) =>
      api(`/${kind}`, { body: JSON.stringify(amount === undefined ? {} : { amount }), headers: { 'content-type': 'application/json' } });
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const events = async (type: string) => (await app.t.repository.listEvents({ reference, limit: 50, type })).items;
    const paid = async (status: 5 | 9) => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, String(status));
      assert.equal((await app.feedback(feedbackFor(reference, status, { PAYID }))).status, 200);
    };

    it('our 5.00 refund and the back office 3.00: 8.00 refunded, once, however often synced', async () => {
      await paid(9);
      await operation('refund', 500);
      backOffice({ status: '8', amount: '3' });

      await api('/sync');
      const after = await stored();
      assert.deepEqual(
        [after.state, after.capturedAmount, after.refundedAmount],
        ['partially_refunded', 1999, 800],
        `the platform gave back 5.00 and 3.00; our ledger says ${after.state} ${after.refundedAmount}`,
      );
      const operations = await app.t.repository.listOperations(reference);
      const recorded = operations.find((op) => op.payidSub === 2);
      assert.deepEqual(recorded && [recorded.kind, recorded.amount, recorded.status, recorded.idempotencyKey], [
        'refund',
        300,
        'done',
        'back-office:2',
      ]);
      assert.deepEqual(
        (await events('payment.refunded')).map((e) => (e.data as { refundedAmount: number }).refundedAmount).sort(),
        [500, 800],
        'one payment.refunded for ours, one for the back office',
      );

      await api('/sync');
      await api('/sync');
      assert.equal((await stored()).refundedAmount, 800, 'asked again: nothing counted twice');
      assert.equal((await app.t.repository.listOperations(reference)).length, 2);
      assert.equal((await events('payment.refunded')).length, 2);

      const detail = await app.t.api(`/api/transactions/${reference}`);
      const view = (await detail.json()) as { operations: Array<{ payidSub: number; origin: string }> };
      assert.deepEqual(view.operations.map((op) => [op.payidSub, op.origin]).sort(), [
        [1, 'ogone_checkout'],
        [2, 'back_office'],
      ]);
    });

    it('our 10.00 capture and the back office 9.99: 19.99 captured, and "refund everything" is an RFS of 19.99', async () => {
      await paid(5);
      await operation('capture', 1000);
      backOffice({ status: '9', amount: '9.99' });

      await api('/sync');
      const after = await stored();
      assert.deepEqual([after.state, after.capturedAmount], ['captured', 1999], `captured ${after.capturedAmount}`);
      assert.equal((await events('payment.captured')).length, 2, 'one payment.captured for ours, one for the back office');

      await operation('refund');
      const refund = maintenance.at(-1)!;
      assert.deepEqual([refund.OPERATION, refund.AMOUNT], ['RFS', '1999'], 'the whole captured amount, as the platform holds it');
      assert.deepEqual([(await stored()).state, (await stored()).refundedAmount], ['refunded', 1999]);
    });

    it('a back-office refund counted before ours existed is recorded, not counted again', async () => {
      await paid(9);
      backOffice({ status: '8', amount: '5' });
      await api('/sync');
      assert.equal((await stored()).refundedAmount, 500, 'precondition: the level read without operations of ours');

      await operation('refund', 300);
      assert.equal((await stored()).refundedAmount, 800);
      await api('/sync');
      const after = await stored();
      assert.deepEqual([after.state, after.refundedAmount], ['partially_refunded', 800], `refunded ${after.refundedAmount}`);
      const operations = await app.t.repository.listOperations(reference);
      assert.deepEqual(operations.map((op) => [op.payidSub, op.amount]).sort(), [
        [1, 500],
        [2, 300],
      ]);
      assert.equal((await events('payment.refunded')).length, 2, 'the 5.00 was announced when first read');
    });

    it("the back office's status-change feedback hands the payment to the reconciler, whose sync counts the level", async () => {
      await paid(9);
      await operation('refund', 500);
      assert.equal((await stored()).syncNeeded, false, 'precondition: our refund settled');
      backOffice({ status: '8', amount: '3' });
      // The order's AMOUNT, as a status-change feedback carries it ([ADV] §9.3.1.1).
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);
      const flagged = await stored();
      assert.deepEqual(
        [flagged.syncNeeded, flagged.refundedAmount],
        [true, 500],
        'a refund STATUS that settles none of ours: its amount is only in the levels, so a query must read them',
      );
      // The sync reads the level and clears the flag.
      await api('/sync');
      const after = await stored();
      assert.deepEqual([after.syncNeeded, after.refundedAmount], [false, 800]);
    });

    it("the back office's feedback alike to the one that settled ours (logged as its copy) still flags the payment", async () => {
      await paid(5);
      await operation('capture', 1000);
      // Our capture processed offline (91 → 9): its status-change feedback settles nothing more.
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      await api('/sync');
      assert.equal((await stored()).syncNeeded, false, 'precondition: nothing left to ask');
      // The back office captures the remaining 9.99: its feedback carries the same parameters.
      backOffice({ status: '9', amount: '9.99' });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      assert.equal((await stored()).syncNeeded, true, 'found by review r200: read as a copy, 9.99 captured stayed uncounted');
      await api('/sync');
      assert.deepEqual([(await stored()).capturedAmount, (await stored()).syncNeeded], [1999, false]);
    });

    it('two syncs at once (the reconciler and the merchant) record the back-office level once', async () => {
      await paid(9);
      await operation('refund', 500);
      backOffice({ status: '8', amount: '3' });
      barrier.arm();
      await Promise.all([api('/sync'), api('/sync')]);
      const after = await stored();
      assert.deepEqual([after.state, after.refundedAmount], ['partially_refunded', 800], `refunded ${after.refundedAmount}`);
      assert.equal((await app.t.repository.listOperations(reference)).filter((op) => op.payidSub === 2).length, 1);
      assert.equal((await events('payment.refunded')).length, 2);
    });

    it('a merchant cannot send an operation under a back-office level key', async () => {
      await paid(9);
      const response = await app.t.api(`/api/transactions/${reference}/refund`, {
        method: 'POST',
        body: JSON.stringify({ amount: 100 }),
        headers: { 'content-type': 'application/json', 'Idempotency-Key': 'back-office:2' },
      });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: { field?: string } }).error.field, 'Idempotency-Key');
      assert.equal(maintenance.length, 0);
    });
  });
}
