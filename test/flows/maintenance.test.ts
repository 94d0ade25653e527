/**
 * Merchant side over real HTTP against the sandbox, on SQLite and PostgreSQL: merchant-initiated
 * charges (ECI 9), capture / refund / cancel with partial amounts and every guard, Idempotency-Key
 * (sequential and concurrent: one refund at the platform), duplicate ORDERID after a lost answer,
 * a platform that never answers (504, state unchanged, a sync fixes it), the reconciler resolving
 * a 92, alias deletion, the webhooks in the outbox.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DATABASE_KINDS } from '../support/databases.ts';
import { eventually } from '../support/waiting.ts';
import { answerLosingFetch, paySession, sandboxPayments, saveCard, startFlowServer, type FlowServer } from './helpers.ts';

for (const kind of DATABASE_KINDS) {
  describe(`capture, refund, cancel and sync on ${kind}`, () => {
    let flow: FlowServer;
    let hanging: Server;
    let hangingUrl: string;
    const mode = { hang: false };
    // Past the hanging endpoint: a call the platform carries out but whose answer is lost.
    const lossy = answerLosingFetch();
    let card: string;

    before(async () => {
      // A DirectLink endpoint that accepts connections and never answers.
      hanging = createServer(() => {});
      await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
      hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
      flow = await startFlowServer(kind, {
        env: { OGONE_OPERATION: 'RES' },
        unknownOutcomeGraceMs: 0,
        reconciler: { intervalMs: 100, afterMs: 0 },
        directLink: {
          timeoutMs: 1500,
          rtimeoutSeconds: false,
          fetch: async (input, init) => {
            const url = new URL(String(input));
            if (mode.hang && url.pathname.includes('maintenancedirect')) return fetch(`${hangingUrl}${url.pathname}`, init);
            return lossy.fetch(input, init);
          },
        },
      });
      card = await saveCard(flow, 'cust-mit', '4111111111111111');
    });
    after(async () => {
      await flow?.close();
      hanging?.closeAllConnections();
      await new Promise((resolve) => hanging?.close(resolve));
    });

    const charge = (body: Record<string, unknown>, aliasId = card) =>
      flow.api(`/api/aliases/${aliasId}/charges`, { currency: 'EUR', ...body });
    const transaction = async (reference: string) => (await flow.api(`/api/transactions/${reference}`)).body;
    const settled = (reference: string, check: (t: Record<string, any>) => boolean, what: string) =>
      eventually(() => transaction(reference), check, what);

    it('a merchant-initiated charge: ALIAS with ECI 9, authorised (RES)', async () => {
      const response = await charge({ amount: 1000, reference: `MIT-${kind}-1` });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.equal(response.body.state, 'authorized');
      const [payment] = await sandboxPayments(flow, `MIT-${kind}-1`);
      assert.equal(payment?.eci, '9');
      assert.equal((await charge({ amount: 1000, reference: `MIT-${kind}-1` })).status, 409, 'a used reference is refused');
      assert.equal((await charge({ amount: 10.5 })).body.error.field, 'amount');
    });

    it('partial capture (SAL then SAS), guards on amounts, 91 stored then resolved by the feedback', async () => {
      const reference = `MIT-${kind}-1`;
      const first = await flow.api(`/api/transactions/${reference}/capture`, { amount: 600 });
      assert.equal(first.status, 202, JSON.stringify(first.body));
      assert.equal(first.body.operation.operation, 'SAL');
      assert.equal(first.body.transaction.status, 91, 'the intermediate status is stored');
      const tooMuch = await flow.api(`/api/transactions/${reference}/capture`, { amount: 500 });
      assert.equal(tooMuch.status, 400);
      assert.equal(tooMuch.body.error.field, 'amount');
      await settled(reference, (t) => t.capturedAmount === 600 && t.state === 'captured', 'first capture confirmed');
      const rest = await flow.api(`/api/transactions/${reference}/capture`, {});
      assert.equal(rest.body.operation.operation, 'SAS');
      assert.equal(rest.body.operation.amount, 400);
      await settled(reference, (t) => t.capturedAmount === 1000, 'whole amount captured');
      assert.equal((await flow.api(`/api/transactions/${reference}/capture`, { amount: 1 })).status, 409);
      assert.equal((await flow.api(`/api/transactions/${reference}/cancel`, {})).status, 409, 'no cancel after a capture');
      assert.equal(
        (await flow.api(`/api/transactions/${reference}/refund`, { amount: 1001 })).status,
        400,
        'no refund above what was captured',
      );
    });

    it('a refund retried with the same Idempotency-Key, in sequence and concurrently: one refund at the platform', async () => {
      const reference = `MIT-${kind}-1`;
      const headers = { 'idempotency-key': `refund-${kind}-1` };
      const [a, b] = await Promise.all([
        flow.api(`/api/transactions/${reference}/refund`, { amount: 300 }, headers),
        flow.api(`/api/transactions/${reference}/refund`, { amount: 300 }, headers),
      ]);
      // One runs; the other waits its turn (409 in progress) or replays the same answer.
      assert.ok([a.status, b.status].every((s) => s === 202 || s === 409) && [a.status, b.status].includes(202), `${a.status} ${b.status}`);
      const again = await flow.api(`/api/transactions/${reference}/refund`, { amount: 300 }, headers);
      assert.ok([200, 202].includes(again.status), JSON.stringify(again.body));
      const other = await flow.api(`/api/transactions/${reference}/refund`, { amount: 300 }, { 'idempotency-key': `refund-${kind}-1b` });
      assert.equal(other.status, 202);
      const t = await settled(reference, (x) => x.refundedAmount === 600 && x.state === 'partially_refunded', 'two refunds of 300');
      assert.equal(t.capturedAmount, 1000);
      const [payment] = await sandboxPayments(flow, reference);
      assert.equal(payment?.refunded, 600, 'exactly two refunds reached the platform');
      assert.equal((await flow.api(`/api/transactions/${reference}/refund`, { amount: 401 })).status, 400);
      const events = (await flow.api(`/api/events?reference=${reference}`)).body.data as Array<{ type: string }>;
      assert.equal(events.filter((e) => e.type === 'payment.refunded').length, 2);
      assert.equal(events.filter((e) => e.type === 'payment.captured').length, 2);
    });

    it('cancel: DES, then no capture after the cancel; payment.cancelled', async () => {
      const reference = `MIT-${kind}-2`;
      assert.equal((await charge({ amount: 700, reference })).status, 201);
      const cancel = await flow.api(`/api/transactions/${reference}/cancel`, {});
      assert.equal(cancel.body.operation.operation, 'DES');
      assert.equal(cancel.body.transaction.status, 61);
      assert.equal((await flow.api(`/api/transactions/${reference}/capture`, {})).status, 409, 'no capture while the cancel is processed');
      await settled(reference, (t) => t.state === 'cancelled', 'cancelled');
      const capture = await flow.api(`/api/transactions/${reference}/capture`, {});
      assert.equal(capture.status, 409);
      assert.match(capture.body.error.message, /cancelled/);
      const events = (await flow.api(`/api/events?reference=${reference}`)).body.data as Array<{ type: string }>;
      assert.ok(events.some((e) => e.type === 'payment.cancelled'));
    });

    it('KWD and JPY: what AMOUNT × 100 cannot carry is refused at entry (charge, capture, refund), the rest reaches the platform × 100', async () => {
      // docs/ogone-protocol.md §2: 1.234 KWD leaves a fraction once × 100; the step is 0.010 KWD.
      const kwd = `MIT-${kind}-KWD`;
      const refused = await charge({ amount: 1234, currency: 'KWD', reference: kwd });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error.field, 'amount');
      assert.match(refused.body.error.message, /multiple of 10 for KWD \(0\.010 KWD\)/);
      assert.equal((await flow.api(`/api/transactions/${kwd}`)).status, 404, 'no transaction stored');
      assert.deepEqual(await sandboxPayments(flow, kwd), [], 'nothing sent');

      const authorised = await charge({ amount: 1230, currency: 'KWD', reference: kwd });
      assert.equal(authorised.status, 201, JSON.stringify(authorised.body));
      const [payment] = await sandboxPayments(flow, kwd);
      assert.deepEqual([payment?.amount, payment?.amountMajor], [123, '1.23'], 'AMOUNT=123 is 1.230 KWD');
      const badCapture = await flow.api(`/api/transactions/${kwd}/capture`, { amount: 1234 });
      assert.equal(badCapture.status, 400);
      assert.equal(badCapture.body.error.field, 'amount');
      assert.match(badCapture.body.error.message, /multiple of 10 for KWD/);
      assert.deepEqual((await flow.api(`/api/transactions/${kwd}/sync`, {})).body.operations, [], 'no operation recorded');
      const capture = await flow.api(`/api/transactions/${kwd}/capture`, { amount: 500 });
      assert.equal(capture.status, 202, JSON.stringify(capture.body));
      const [captured] = await sandboxPayments(flow, kwd);
      assert.equal(captured?.captured + captured?.capturePending, 50, '0.500 KWD is AMOUNT=50');
      await settled(kwd, (t) => t.capturedAmount === 500, '0.500 KWD captured');
      const badRefund = await flow.api(`/api/transactions/${kwd}/refund`, { amount: 5 });
      assert.equal(badRefund.status, 400);
      assert.equal(badRefund.body.error.field, 'amount');
      assert.equal((await flow.api(`/api/transactions/${kwd}/sync`, {})).body.operations.length, 1, 'only the capture');

      const yen = `MIT-${kind}-JPY`;
      const charged = await charge({ amount: 1500, currency: 'JPY', reference: yen, operation: 'SAL' });
      assert.equal(charged.status, 201, JSON.stringify(charged.body));
      assert.equal(charged.body.state, 'captured', 'the platform answered amount="1500" for ¥1,500');
      const [paidYen] = await sandboxPayments(flow, yen);
      assert.deepEqual([paidYen?.amount, paidYen?.amountMajor], [150000, '1500'], 'AMOUNT=150000 is ¥1,500');
      const refund = await flow.api(`/api/transactions/${yen}/refund`, { amount: 500 });
      assert.equal(refund.status, 202, JSON.stringify(refund.body));
      const [refundedYen] = await sandboxPayments(flow, yen);
      assert.equal(refundedYen?.refunded + refundedYen?.refundPending, 50000, '¥500 is AMOUNT=50000');
    });

    it('a platform that never answers: 504, our state unchanged; a sync finds nothing and releases the amount', async () => {
      const reference = `MIT-${kind}-3`;
      assert.equal((await charge({ amount: 500, reference, operation: 'SAL' })).body.state, 'captured');
      mode.hang = true;
      let timedOut;
      try {
        timedOut = await flow.api(`/api/transactions/${reference}/refund`, { amount: 200 }, { 'idempotency-key': `hang-${kind}` });
      } finally {
        mode.hang = false;
      }
      assert.equal(timedOut.status, 504);
      assert.equal(timedOut.body.error.code, 'directlink_timeout');
      assert.ok(!JSON.stringify(timedOut.body).includes(flow.password));
      const unchanged = await transaction(reference);
      assert.equal(unchanged.state, 'captured');
      assert.equal(unchanged.refundedAmount, 0);
      // The same key again never sends a second refund blindly: it queries first, finds none (the
      // operation released as never received), and only then sends it again — one refund.
      const retried = await flow.api(`/api/transactions/${reference}/refund`, { amount: 200 }, { 'idempotency-key': `hang-${kind}` });
      assert.equal(retried.status, 202, JSON.stringify(retried.body));
      await settled(reference, (t) => t.state === 'partially_refunded' && t.refundedAmount === 200, 'the retry refunded 200 once');
      const [payment] = await sandboxPayments(flow, reference);
      assert.equal(payment?.refunded + payment?.refundPending, 200);
      const fresh = await flow.api(`/api/transactions/${reference}/refund`, { amount: 300 }, { 'idempotency-key': `hang-${kind}-2` });
      assert.equal(fresh.status, 202, JSON.stringify(fresh.body));
      await settled(reference, (t) => t.state === 'refunded' && t.refundedAmount === 500, 'refunded once the platform answers again');
    });

    it('duplicate ORDERID after a lost answer: the retry is resolved by a query, charged once', async () => {
      const reference = `MIT-${kind}-4`;
      // The platform processes the order but the answer is lost on the way back.
      lossy.loseNextAnswer('orderdirect');
      const lost = await charge({ amount: 900, reference });
      assert.equal(lost.status, 504);
      // Unchanged by the lost answer — unless this suite's fast reconciler (every 100 ms) already
      // queried the platform and recorded what it found; either way, through a query.
      assert.ok(['draft', 'authorized'].includes((await transaction(reference)).state));
      const retry = await charge({ amount: 900, reference });
      if (retry.status === 201) {
        assert.equal(retry.body.state, 'authorized');
      } else {
        // The reconciler resolved it first: the retry is told the charge exists, nothing is resent.
        assert.equal(retry.status, 409, JSON.stringify(retry.body));
        assert.match(retry.body.error.message, /state authorized/);
      }
      assert.equal((await transaction(reference)).state, 'authorized');
      assert.equal((await sandboxPayments(flow, reference)).length, 1);
      const log = (await transaction(reference)).feedback as Array<{ channel: string }>;
      assert.ok(log.some((f) => f.channel === 'query'));
    });

    it('the reconciler picks up a 52 whose status change never came and resolves it', async () => {
      const reference = await paySession(flow, 'cust-uncertain', '4000000000009292', false);
      const uncertain = await transaction(reference);
      // An authorisation (RES) whose result is unknown: 52 "Authorisation not known" ([DL] §3.3).
      assert.equal(uncertain.status, 52);
      assert.equal(uncertain.state, 'pending');
      // The status-change feedback is lost: only a query can tell.
      await fetch(`${flow.url}/sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fail: 5 }),
      });
      const resolved = await fetch(`${flow.url}/sandbox/payments/${uncertain.payid}/resolve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"status":5}',
      });
      assert.equal(resolved.status, 200);
      await fetch(`${flow.url}/sandbox/faults`, { method: 'DELETE' });
      const t = await settled(reference, (x) => x.state === 'authorized', 'the reconciler queried it');
      assert.equal(t.status, 5);
      assert.equal((t.feedback as Array<{ channel: string }>)[0]?.channel, 'query');
    });

    it('sync on demand; deleting a saved card emits alias.deleted and stops charges', async () => {
      const sync = await flow.api(`/api/transactions/MIT-${kind}-2/sync`, {});
      assert.equal(sync.status, 200);
      assert.equal(sync.body.state, 'cancelled');
      assert.equal(sync.body.queriedStatus, 6);
      assert.equal((await flow.api('/api/transactions/nope/sync', {})).status, 404);
      const deleted = await flow.api(`/api/aliases/${card}`, 'DELETE');
      assert.equal(deleted.status, 200);
      assert.equal((await flow.api(`/api/aliases/${card}`, 'DELETE')).status, 404);
      assert.deepEqual((await flow.api('/api/customers/cust-mit/aliases')).body.data, []);
      assert.equal((await charge({ amount: 100 })).status, 404);
      const events = (await flow.api('/api/events?type=alias.deleted')).body.data as Array<{ data: { id: string } }>;
      assert.deepEqual(
        events.map((e) => e.data.id),
        [card],
      );
    });
  });
}
