/**
 * The payment state machine once the ledger owns the payment (maintenance operations exist,
 * server/feedback/with-operations.ts). The platform's later STATUS still wins where
 * docs/ogone-protocol.md §6 says it does:
 * - 94 / 96 "take a refunded or partially_refunded payment back to captured" (§6) — also when
 *   the refund was made through our API;
 * - a capture (9) or a cancel (6) the platform reports for a payment whose only operation of ours
 *   failed is the money's truth: the payment stayed `authorized` for good, its STATUS final — also
 *   when the 9 came while ours was being sent, ours refused after it: then a query re-reads it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../../support/app.ts';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from './fake-platform.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`ledger-owned payments and the platform's later STATUS (${kind})`, () => {
    /** What maintenancedirect answers next: STATUS and PAYIDSUB (STATUS 0: refused, 50001127). */
    let maintenanceAnswer = { status: '81', payIdSub: '1' };
    /** The platform's overall STATUS, as a query by PAYID tells it. */
    let overall = '9';
    /** Set: the next maintenance call tells it arrived, then waits for `release`. */
    let held: { arrived: () => void; release: Promise<void> } | undefined;
    let reference = '';
    const app = appWithFakePlatform(kind, async (path, form): Promise<Record<string, string>> => {
      if (path.includes('querydirect') && !form.PAYIDSUB) {
        return platformAnswer({ orderID: reference, PAYID, STATUS: overall, amount: '19.99' });
      }
      if (path.includes('querydirect')) {
        // Its history levels, asked one by one since the head answer names none (sync.ts
        // untiedLevels): the back office's capture or cancel is level 1 of the order (ours
        // were refused and made none), and there is no level 2 (STATUS 88, NCERROR 50001131: DirectLink guide §5.3).
        if (form.PAYIDSUB === '1' && ['6', '9'].includes(overall))
          return platformAnswer({ orderID: reference, PAYID, PAYIDSUB: '1', STATUS: overall, amount: '19.99' });
        return {
          ...platformAnswer({ orderID: reference, PAYID, PAYIDSUB: form.PAYIDSUB!, STATUS: '88', amount: '' }),
          NCSTATUS: '5',
          NCERROR: '50001131',
        };
      }
      if (!path.includes('maintenancedirect')) throw new Error(`unexpected call ${path}`);
      if (held) {
        const { arrived, release } = held;
        held = undefined;
        arrived();
        await release;
      }
      const refused = ['93', '63', '83'].includes(maintenanceAnswer.status);
      const notAllowed = maintenanceAnswer.status === '0';
      return platformAnswer({
        orderID: reference,
        PAYID,
        PAYIDSUB: maintenanceAnswer.payIdSub,
        NCSTATUS: refused ? '3' : notAllowed ? '5' : '0',
        NCERROR: refused ? '30001001' : notAllowed ? '50001127' : '0',
        ACCEPTANCE: '',
        STATUS: maintenanceAnswer.status,
        amount: (Number(form.AMOUNT) / 100).toString(),
      });
    });
    const events = async (ref: string) =>
      (await app.t.repository.listEvents({ limit: 100, reference: ref })).items.map((e) => e.type).reverse();

    it('9, refund through the API (81 then 8), then 94 "refund declined by the acquirer": back to captured, nothing refunded', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      maintenanceAnswer = { status: '81', payIdSub: '1' };
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {} });
      assert.ok(refund.status < 300, await refund.clone().text());
      assert.equal((await app.feedback(feedbackFor(reference, 8, { PAYID }))).status, 200);
      const refunded = await app.t.repository.getTransaction(reference);
      assert.equal(refunded?.state, 'refunded', 'precondition: the refund was settled by the 8');
      assert.equal(refunded?.refundedAmount, 1999);

      assert.equal((await app.feedback(feedbackFor(reference, 94, { PAYID }))).status, 200);
      const stored = await app.t.repository.getTransaction(reference);
      assert.equal(stored?.state, 'captured', `§6: 94 takes a refunded payment back to captured (state ${stored?.state})`);
      assert.equal(stored?.refundedAmount, 0, 'the refund did not happen: nothing is refunded');
      assert.equal(stored?.capturedAmount, 1999);
      assert.deepEqual(
        (await events(reference)).filter((type) => type === 'payment.captured' || type === 'payment.refund_reversed'),
        ['payment.captured', 'payment.refund_reversed'],
        'the move back to captured is announced once, never as a second capture',
      );
    });

    it('5, capture through the API refused (93), then the platform reports 9 (captured in the back office): captured', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      maintenanceAnswer = { status: '93', payIdSub: '1' };
      const capture = await app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json: {} });
      assert.equal(capture.status, 422, await capture.clone().text());
      const [op] = await app.t.repository.listOperations(reference);
      assert.equal(op?.status, 'failed', 'precondition: our capture failed');

      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      const stored = await app.t.repository.getTransaction(reference);
      assert.equal(
        stored?.state,
        'captured',
        `the platform says 9 (payment requested), state ${stored?.state} lastStatus ${stored?.lastStatus}`,
      );
      assert.equal(stored?.capturedAmount, 1999);
      assert.deepEqual(
        (await events(reference)).filter((type) => type === 'payment.captured'),
        ['payment.captured'],
        'one payment.captured',
      );
    });

    /**
     * Ours (`operation`) at the platform when the back office's STATUS (`status`) arrives, then ours
     * refused (50001127): the payment is left for a query, which moves it to `expected`.
     */
    async function raceBackOffice(operation: 'capture' | 'cancel', status: 6 | 9, expected: 'captured' | 'cancelled') {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      let release!: () => void;
      const atPlatform = new Promise<void>((arrived) => {
        held = { arrived, release: new Promise<void>((resolve) => (release = resolve)) };
      });
      maintenanceAnswer = { status: '0', payIdSub: '' };
      overall = String(status);
      const sent = app.t.api(`/api/transactions/${reference}/${operation}`, { method: 'POST', json: {} });
      await atPlatform;
      assert.equal((await app.t.repository.listOperations(reference))[0]?.status, 'sending', 'precondition: ours is being sent');
      assert.equal((await app.feedback(feedbackFor(reference, status, { PAYID }))).status, 200);
      release();
      assert.equal((await sent).status, 422, 'ours refused: the order was moved already');

      const left = await app.t.repository.getTransaction(reference);
      assert.equal(left?.syncNeeded, true, `the ${status} nothing of ours explains is asked about again (state ${left?.state})`);
      const sync = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.ok(sync.status < 300, await sync.clone().text());
      const stored = await app.t.repository.getTransaction(reference);
      assert.deepEqual({ state: stored?.state, syncNeeded: stored?.syncNeeded }, { state: expected, syncNeeded: false });
      return stored!;
    }

    it('5, our capture being sent when the platform reports 9, then ours refused (50001127): asked again, captured', async () => {
      const stored = await raceBackOffice('capture', 9, 'captured');
      assert.equal(stored.capturedAmount, 1999);
      assert.deepEqual(
        (await events(reference)).filter((type) => type === 'payment.captured'),
        ['payment.captured'],
      );
      // The money the platform took can be given back through the API.
      maintenanceAnswer = { status: '81', payIdSub: '2' };
      const refund = await app.t.api(`/api/transactions/${reference}/refund`, { method: 'POST', json: {} });
      assert.ok(refund.status < 300, await refund.clone().text());
    });

    it('5, our capture being sent when the back office cancels (6), ours refused: asked again, cancelled', async () => {
      await raceBackOffice('capture', 6, 'cancelled');
    });

    it('5, our cancel being sent when the back office captures (9), ours refused: asked again, captured', async () => {
      await raceBackOffice('cancel', 9, 'captured');
    });

    it('5, cancel through the API refused (63), then the platform reports 6 (cancelled in the back office): cancelled', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      maintenanceAnswer = { status: '63', payIdSub: '1' };
      const cancel = await app.t.api(`/api/transactions/${reference}/cancel`, { method: 'POST', json: {} });
      assert.equal(cancel.status, 422, await cancel.clone().text());

      assert.equal((await app.feedback(feedbackFor(reference, 6, { PAYID }))).status, 200);
      const stored = await app.t.repository.getTransaction(reference);
      assert.equal(stored?.state, 'cancelled', `the platform says 6 (authorised and cancelled), state ${stored?.state}`);
      assert.deepEqual(
        (await events(reference)).filter((type) => type === 'payment.cancelled'),
        ['payment.cancelled'],
      );
    });
  });
}
