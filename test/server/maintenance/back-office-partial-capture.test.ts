/**
 * A payment authorised only (OPERATION RES) that the merchant captures in part in Ogone's back
 * office, before any capture of ours: the back office's status-change feedback says 9 with the
 * order's AMOUNT ([ADV] §9.3.1.1 sends the payment's parameters, not the capture's), so only a
 * query's history levels say how much was captured (docs/ogone-protocol.md §9). Read as "captured
 * whole", 3.00 of 19.99 became 19.99 captured: the rest could never be captured through the API,
 * and refunds of more than 3.00 were offered.
 *
 * The fake platform keeps the order's history levels as the guide shows them (DirectLink guide
 * §5.1.2): a query by PAYID answers the last level's PAYIDSUB and the order's STATUS; by PAYIDSUB,
 * that level with its own amount.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseKind } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { headQueryBarrier, historyLevels } from './history-levels.ts';

const PAYID = '3014726';

for (const kind of ['sqlite', 'postgres'] as DatabaseKind[]) {
  describe(`a partial capture made in the back office before any of ours (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const { backOffice, maintenance } = platform;
    /** Armed, it holds head queries until two have arrived: both syncs asked before either applies. */
    const barrier = headQueryBarrier();
    const app = appWithFakePlatform(
      kind,
      async (path, form) => {
        await barrier.hold(path, form);
        return platform.handle(path, form);
      },
      { env: { OGONE_OPERATION: 'RES' } },
    );

    const api = async (path: string, init: RequestInit = {}) => {
      const response = await app.t.api(`/api/transactions/${reference}${path}`, { method: 'POST', ...init });
      const body = (await response.json()) as Record<string, unknown>;
      assert.ok(response.status < 300, `${path}: ${response.status} ${JSON.stringify(body)}`);
      return body;
    };
    const capture = (amount?: number) =>
      api('/capture', { body: JSON.stringify(amount === undefined ? {} : { amount }), headers: { 'content-type': 'application/json' } });
    const stored = async () => (await app.t.repository.getTransaction(reference))!;
    const captures = async () =>
      (await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.captured' })).items
        .map((e) => (e.data as { capturedAmount: number }).capturedAmount)
        .sort((a, b) => a - b);
    /** A payment of 19.99 EUR authorised (OPERATION RES) by its feedback 5. */
    const authorised = async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      const t = await stored();
      assert.deepEqual([t.operation, t.state, t.capturedAmount], ['RES', 'authorized', 0], 'precondition: authorised only');
    };
    /** The back office's status-change feedback: STATUS 9 with the order's AMOUNT, 19.99. */
    const statusChange = async (status = 9) => assert.equal((await app.feedback(feedbackFor(reference, status, { PAYID }))).status, 200);

    it('3.00 of 19.99 captured in the back office: 3.00 once a query read it, and the rest captured through the API', async () => {
      await authorised();
      backOffice({ status: '9', amount: '3' });
      await statusChange();
      const flagged = await stored();
      assert.deepEqual(
        [flagged.state, flagged.capturedAmount, flagged.lastStatus, flagged.syncNeeded, flagged.awaitsQuery],
        ['authorized', 0, 9, true, true],
        'the feedback says 9 with the order AMOUNT: nothing is counted until a query reads the levels',
      );
      assert.deepEqual(await captures(), [], 'no payment.captured before the amount is known');
      // Until the query tells how much was captured, neither what is left nor a cancel can be sent.
      for (const kind of ['capture', 'cancel']) {
        const refused = await app.t.api(`/api/transactions/${reference}/${kind}`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        });
        assert.equal(refused.status, 409, `${kind} while the back office's capture awaits its amount`);
      }
      assert.equal(maintenance.length, 0, 'nothing sent to the platform');

      await api('/sync');
      const synced = await stored();
      assert.deepEqual(
        [synced.state, synced.capturedAmount, synced.refundedAmount, synced.syncNeeded, synced.awaitsQuery === true],
        ['captured', 300, 0, false, false],
        `captured ${synced.capturedAmount}`,
      );
      assert.deepEqual(await captures(), [300], 'one payment.captured, with what the back office captured');

      // A refund of more than was captured is refused.
      const tooMuch = await app.t.api(`/api/transactions/${reference}/refund`, {
        method: 'POST',
        body: JSON.stringify({ amount: 301 }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(tooMuch.status, 400, 'only 3.00 was captured');

      // The rest through our API: an SAS of 16.99.
      await capture();
      const sent = maintenance.at(-1)!;
      assert.deepEqual([sent.OPERATION, sent.AMOUNT], ['SAS', '1699']);
      const whole = await stored();
      assert.deepEqual([whole.state, whole.capturedAmount], ['captured', 1999]);
      assert.deepEqual(await captures(), [300, 1999]);

      // A later sync reads the back office's level, untied to ours: recorded, never counted twice.
      await api('/sync');
      await api('/sync');
      const later = await stored();
      assert.deepEqual([later.state, later.capturedAmount, later.syncNeeded], ['captured', 1999, false]);
      assert.deepEqual(await captures(), [300, 1999], 'nothing announced again');
      const operations = await app.t.repository.listOperations(reference);
      assert.deepEqual(operations.map((op) => [op.payidSub, op.amount, op.status]).sort(), [
        [1, 300, 'done'],
        [2, 1699, 'done'],
      ]);
    });

    it('the same feedback twice, then two syncs at once: 3.00 counted once', async () => {
      await authorised();
      backOffice({ status: '9', amount: '3' });
      await statusChange();
      await statusChange();
      assert.deepEqual([(await stored()).state, (await stored()).capturedAmount], ['authorized', 0]);

      barrier.arm();
      await Promise.all([api('/sync'), api('/sync')]);
      const after = await stored();
      assert.deepEqual([after.state, after.capturedAmount], ['captured', 300], `captured ${after.capturedAmount}`);
      assert.deepEqual(await captures(), [300]);

      // The feedback delivered once more, after the query counted it: still 3.00, the query asked again.
      await statusChange();
      assert.equal((await stored()).capturedAmount, 300, 'a late copy is not read as "captured whole"');
      await api('/sync');
      assert.deepEqual([(await stored()).capturedAmount, (await stored()).syncNeeded], [300, false]);
      assert.deepEqual(await captures(), [300]);
    });

    it('the whole amount captured in the back office: 19.99 once the query read it', async () => {
      await authorised();
      backOffice({ status: '9', amount: '19.99' });
      await statusChange();
      assert.deepEqual([(await stored()).state, (await stored()).capturedAmount], ['authorized', 0]);
      await api('/sync');
      const after = await stored();
      assert.deepEqual([after.state, after.capturedAmount, after.syncNeeded], ['captured', 1999, false]);
      assert.deepEqual(await captures(), [1999]);
      const refused = await app.t.api(`/api/transactions/${reference}/capture`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(refused.status, 409, 'nothing left to capture');
    });

    it('a second partial capture in the back office after the first was counted: 3.00 + 5.00', async () => {
      await authorised();
      backOffice({ status: '9', amount: '3' });
      await statusChange();
      await api('/sync');
      assert.equal((await stored()).capturedAmount, 300, 'precondition: the first counted');

      backOffice({ status: '9', amount: '5' });
      // Its feedback is the same as the first (STATUS 9, the order's AMOUNT): it asks for a query all the same.
      await statusChange();
      const flagged = await stored();
      assert.deepEqual([flagged.capturedAmount, flagged.syncNeeded, flagged.awaitsQuery], [300, true, true]);
      await api('/sync');
      const after = await stored();
      assert.deepEqual([after.state, after.capturedAmount, after.syncNeeded], ['captured', 800, false]);
      assert.deepEqual(await captures(), [300, 800]);
      await api('/sync');
      assert.equal((await stored()).capturedAmount, 800);
      assert.deepEqual(await captures(), [300, 800]);
    });

    it("a draft whose first answer is the query's 9: paid, its session too, with what the levels say", async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      backOffice({ status: '9', amount: '3' });
      await api('/sync');
      const after = await stored();
      assert.deepEqual([after.state, after.capturedAmount, after.payid], ['captured', 300, PAYID]);
      const session = await app.t.repository.getSession(after.sessionId);
      assert.deepEqual([session?.status, session?.paidReference], ['paid', reference]);
      assert.deepEqual(await captures(), [300]);
    });

    it('a capture level without an amount: read as today, the whole amount', async () => {
      await authorised();
      backOffice({ status: '9', amount: '' });
      await statusChange();
      await api('/sync');
      const after = await stored();
      assert.deepEqual([after.state, after.capturedAmount, after.syncNeeded], ['captured', 1999, false]);
      assert.deepEqual(await captures(), [1999]);
    });
  });

  describe(`a sale's 9 (${kind})`, () => {
    let reference = '';
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'SAL' } });
    const stored = async () => (await app.t.repository.getTransaction(reference))!;

    it('OPERATION SAL, first answer 9: captured whole, as before, by feedback and by query', async () => {
      reference = await newHostedAttempt(app.t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '9');
      assert.equal((await app.feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      const paid = await stored();
      assert.deepEqual([paid.operation, paid.state, paid.capturedAmount, paid.syncNeeded], ['SAL', 'captured', 1999, false]);
      const response = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
      assert.equal(response.status, 200);
      assert.deepEqual([(await stored()).state, (await stored()).capturedAmount], ['captured', 1999]);
      const events = await app.t.repository.listEvents({ reference, limit: 50, type: 'payment.captured' });
      assert.equal(events.items.length, 1);
    });
  });

  describe(`a partial capture in the back office, on a server without DirectLink (${kind})`, () => {
    const t = useTestApp(kind, { env: { OGONE_OPERATION: 'RES' } });
    const feedback = (params: Record<string, string>) =>
      t.app.request('/payment/ogone/return', {
        method: 'POST',
        body: new URLSearchParams(params).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
      });

    it('no query could ever read the levels: the 9 is counted whole, as before', async () => {
      const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' }, { saveCard: false });
      assert.equal((await feedback(feedbackFor(reference, 5, { PAYID }))).status, 200);
      assert.equal((await t.repository.getTransaction(reference))?.state, 'authorized');
      assert.equal((await feedback(feedbackFor(reference, 9, { PAYID }))).status, 200);
      const after = (await t.repository.getTransaction(reference))!;
      assert.deepEqual(
        [after.operation, after.state, after.capturedAmount, after.syncNeeded ?? false, after.awaitsQuery ?? false],
        ['RES', 'captured', 1999, false, false],
      );
      const events = await t.repository.listEvents({ reference, limit: 50, type: 'payment.captured' });
      assert.deepEqual(
        events.items.map((e) => (e.data as { capturedAmount: number }).capturedAmount),
        [1999],
      );
    });
  });
}
