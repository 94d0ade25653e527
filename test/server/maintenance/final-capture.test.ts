/**
 * A final capture through the merchant API: `POST /api/transactions/:reference/capture` with
 * `{ "amount": 6000, "final": true }` on 100.00 authorised (OGONE_OPERATION=RES).
 *
 * Expectations, from DirectLink guide §4.1.2 (SAS: "last or full data capture (payment) of an
 * authorised order, closing the transaction after this operation"; SAL: "partial data capture,
 * leaving the transaction open") and README's Merchant API / docs/ogone-protocol.md §8:
 * - the DirectLink request carries OPERATION=SAS and AMOUNT=6000; the payment reads captured
 *   6000 of 10000, `captureClosed: true`, its operation and the payment.captured event's
 *   `settledOperation` `final: true`;
 * - any later capture is refused 409 (nothing sent); a refund of the 60.00 is an RFS of 6000;
 * - `final` not a boolean is a 400 naming `final`; a refund names no `final` (400);
 * - 8 concurrent final captures under different keys: exactly one reaches the platform; a final
 *   capture racing a partial one: at most one SAS, and never an SAL after it;
 * - the same key and body: the same answer, one operation; the same key with another `final`: 422,
 *   within the key's day (another body) and past it (the operation's own request);
 * - an SAS whose answer was lost (504), then synced (its level, STATUS 9, read by PAYIDSUB), is
 *   counted once, announced once, and leaves the order closed.
 * On both databases.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { historyLevels } from './history-levels.ts';

const PAYID = '3014726';

interface Detail {
  state: string;
  amount: number;
  capturedAmount: number;
  refundedAmount: number;
  captureClosed: boolean;
  operations: Array<{ kind: string; operation: string; amount: number; status: string; final: boolean }>;
}

interface Problem {
  code?: string;
  message?: string;
  field?: string;
  error?: { code?: string; message?: string; field?: string };
}

for (const kind of DATABASE_KINDS)
  describe(`a final capture (${kind})`, () => {
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });

    /** A new payment of 100.00 authorised (STATUS 5, OPERATION RES) on the fake platform. */
    const authorised = async () => {
      const reference = await newHostedAttempt(app.t, { amount: 10000, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      platform.head = { status: '5', amount: '100.00' };
      const fed = await app.feedback(feedbackFor(reference, 5, { PAYID, amount: '100.00' }));
      assert.equal(fed.status, 200);
      const detail = await read(reference);
      assert.deepEqual([detail.state, detail.amount], ['authorized', 10000]);
      app.t.clock.advance(60_000);
      return reference;
    };
    const read = async (reference: string) => (await (await app.t.api(`/api/transactions/${reference}`)).json()) as Detail;
    const post = (reference: string, action: string, json: unknown, key?: string) =>
      app.t.api(`/api/transactions/${reference}/${action}`, {
        method: 'POST',
        json,
        ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
      });
    const problemText = async (response: Response) => JSON.stringify((await response.json()) as Problem);
    const sent = () => platform.maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT}`);

    it('captures 60.00 as SAS 6000, closes the order, refuses a later capture, allows the refund as RFS', async () => {
      const reference = await authorised();
      const capture = await post(reference, 'capture', { amount: 6000, final: true });
      assert.equal(capture.status, 200, await capture.clone().text());
      const answer = (await capture.json()) as { operation: { operation: string; amount: number; final: boolean } };
      assert.deepEqual(answer.operation.operation, 'SAS');
      assert.equal(answer.operation.final, true);
      assert.deepEqual(sent(), ['SAS 6000']);
      assert.equal(platform.maintenance[0]!.PAYID, PAYID);

      const after = await read(reference);
      assert.deepEqual(
        { state: after.state, captured: after.capturedAmount, amount: after.amount, closed: after.captureClosed },
        { state: 'captured', captured: 6000, amount: 10000, closed: true },
      );
      assert.deepEqual(
        after.operations.map((op) => [op.operation, op.amount, op.status, op.final]),
        [['SAS', 6000, 'done', true]],
      );
      const listed = (await (await app.t.api(`/api/transactions?q=${reference}`)).json()) as {
        data: Array<{ reference: string; captureClosed: boolean; restCancelled: boolean }>;
      };
      assert.deepEqual(
        listed.data.filter((row) => row.reference === reference).map((row) => [row.captureClosed, row.restCancelled]),
        [[true, false]],
      );
      const events = (await (await app.t.api(`/api/events?reference=${reference}&type=payment.captured`)).json()) as {
        data: Array<{ data: { capturedAmount: number; settledOperation: { operation: string; final: boolean } } }>;
      };
      assert.deepEqual(
        events.data.map((e) => [e.data.capturedAmount, e.data.settledOperation.operation, e.data.settledOperation.final]),
        [[6000, 'SAS', true]],
      );

      for (const body of [{}, { amount: 1000 }, { amount: 4000 }, { amount: 1000, final: true }]) {
        const again = await post(reference, 'capture', body);
        assert.equal(again.status, 409, JSON.stringify(body));
        assert.match(await problemText(again), /closed by a final capture/);
      }
      assert.deepEqual(sent(), ['SAS 6000'], 'no capture sent after the final one');
      const cancel = await post(reference, 'cancel', {});
      assert.equal(cancel.status, 409);

      const refund = await post(reference, 'refund', { amount: 6000 });
      assert.equal(refund.status, 200, await refund.clone().text());
      assert.deepEqual(sent(), ['SAS 6000', 'RFS 6000']);
      const refunded = await read(reference);
      assert.deepEqual([refunded.state, refunded.capturedAmount, refunded.refundedAmount], ['refunded', 6000, 6000]);
    });

    it('refuses a `final` that is not a boolean (400 naming final), and on a refund', async () => {
      const reference = await authorised();
      for (const final of ['yes', 1, null, 'true']) {
        const response = await post(reference, 'capture', { amount: 6000, final });
        assert.equal(response.status, 400, `final ${JSON.stringify(final)}`);
        assert.match(await problemText(response), /final/);
      }
      const withoutAmount = await post(reference, 'refund', { final: true });
      assert.equal(withoutAmount.status, 400);
      assert.match(await problemText(withoutAmount), /final/);
      assert.deepEqual(sent(), []);
      // `final: false` is an ordinary partial capture: an SAL, the order left open.
      const partial = await post(reference, 'capture', { amount: 6000, final: false });
      assert.equal(partial.status, 200, await partial.clone().text());
      assert.deepEqual(sent(), ['SAL 6000']);
      assert.equal((await read(reference)).captureClosed, false);
    });

    it('8 concurrent final captures under different keys: exactly one is sent', async () => {
      const reference = await authorised();
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => post(reference, 'capture', { amount: 1000 + i * 100, final: true }, `final-${reference}-${i}`)),
      );
      const statuses = answers.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409, 409, 409]);
      assert.equal(sent().length, 1, `sent ${sent().join(', ')}`);
      assert.match(sent()[0]!, /^SAS /);
      const after = await read(reference);
      assert.equal(after.operations.length, 1);
      assert.equal(after.capturedAmount, Number(sent()[0]!.split(' ')[1]));
    });

    it('a final capture beside a partial capture in flight is refused; a partial one beside a final in flight too', async () => {
      // The partial capture held on its way: the final one is refused 409, nothing else sent.
      const first = await authorised();
      const stall = platform.stallNext();
      const partial = post(first, 'capture', { amount: 3000 });
      await stall.entered.opened;
      const final = await post(first, 'capture', { amount: 2000, final: true });
      assert.equal(final.status, 409);
      assert.match(await problemText(final), /another capture .* still being processed/);
      stall.reach.open();
      stall.answer.open();
      assert.equal((await partial).status, 200);
      assert.deepEqual(sent(), ['SAL 3000']);

      // The final capture held on its way: a partial one is refused as closed, nothing else sent.
      const second = await authorised();
      const held = platform.stallNext();
      const closing = post(second, 'capture', { amount: 2000, final: true });
      await held.entered.opened;
      const late = await post(second, 'capture', { amount: 3000 });
      assert.equal(late.status, 409);
      assert.match(await problemText(late), /closed by a final capture/);
      held.reach.open();
      held.answer.open();
      assert.equal((await closing).status, 200);
      assert.deepEqual(sent(), ['SAS 2000']);
    });

    it('a final and a partial capture racing: at most one SAS, never an SAL after it', async () => {
      for (let round = 0; round < 4; round++) {
        const reference = await authorised();
        const [a, b] = await Promise.all([
          post(reference, 'capture', { amount: 2000, final: true }),
          post(reference, 'capture', { amount: 3000 }),
        ]);
        const operations = sent();
        assert.ok(operations.filter((op) => op.startsWith('SAS')).length <= 1, operations.join(', '));
        const sas = operations.findIndex((op) => op.startsWith('SAS'));
        if (sas >= 0) assert.deepEqual(operations.slice(sas + 1), [], `sent after the SAS: ${operations.join(', ')}`);
        assert.ok([a.status, b.status].includes(200), `${a.status} ${b.status}`);
      }
    });

    it('the same key: the same body replays one operation; another `final` is refused 422, within the day and past it', async () => {
      const reference = await authorised();
      const key = `final-replay-${reference}`;
      const first = await post(reference, 'capture', { amount: 6000, final: true }, key);
      assert.equal(first.status, 200);
      const firstBody = await first.text();
      const replayed = await post(reference, 'capture', { amount: 6000, final: true }, key);
      assert.equal(replayed.status, 200);
      assert.equal(await replayed.text(), firstBody);
      const other = await post(reference, 'capture', { amount: 6000 }, key);
      assert.equal(other.status, 422);
      assert.match(await problemText(other), /idempotency_key_reused/);
      assert.equal((await read(reference)).operations.length, 1);
      assert.deepEqual(sent(), ['SAS 6000']);

      // Past the key's day the middleware no longer holds the body: the operation's own request decides.
      app.t.clock.advance(26 * 3600_000);
      const later = await post(reference, 'capture', { amount: 6000, final: false }, key);
      assert.equal(later.status, 422, await later.clone().text());
      assert.match(await problemText(later), /idempotency_key_reused.*final capture \(SAS\) of 6000.*same \\"final\\"/);
      assert.deepEqual(sent(), ['SAS 6000']);

      // An SAL's key asked again as a final capture is another request too.
      const open = await authorised();
      const salKey = `partial-${open}`;
      assert.equal((await post(open, 'capture', { amount: 3000 }, salKey)).status, 200);
      app.t.clock.advance(26 * 3600_000);
      const asFinal = await post(open, 'capture', { amount: 3000, final: true }, salKey);
      assert.equal(asFinal.status, 422, await asFinal.clone().text());
      assert.deepEqual(sent(), ['SAL 3000']);
    });

    it('an SAS whose answer was lost is counted once by the sync and leaves the order closed', async () => {
      const reference = await authorised();
      const normal = platform.maintenanceAnswer;
      platform.maintenanceAnswer = () => {
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      };
      try {
        const lost = await post(reference, 'capture', { amount: 6000, final: true }, `lost-${reference}`);
        assert.equal(lost.status, 504, await lost.clone().text());
      } finally {
        platform.maintenanceAnswer = normal;
      }
      assert.deepEqual(sent(), ['SAS 6000']);
      const unknown = await read(reference);
      assert.deepEqual([unknown.state, unknown.capturedAmount, unknown.captureClosed], ['authorized', 0, true]);
      const refused = await post(reference, 'capture', { amount: 1000 });
      assert.equal(refused.status, 409);

      for (let i = 0; i < 2; i++) {
        app.t.clock.advance(60_000);
        const synced = await app.t.api(`/api/transactions/${reference}/sync`, { method: 'POST' });
        assert.equal(synced.status, 200, await synced.clone().text());
      }
      const after = await read(reference);
      assert.deepEqual(
        { state: after.state, captured: after.capturedAmount, closed: after.captureClosed },
        { state: 'captured', captured: 6000, closed: true },
      );
      assert.deepEqual(
        after.operations.map((op) => [op.operation, op.amount, op.status, op.final]),
        [['SAS', 6000, 'done', true]],
      );
      const events = (await (await app.t.api(`/api/events?reference=${reference}&type=payment.captured`)).json()) as {
        data: unknown[];
      };
      assert.equal(events.data.length, 1, 'one payment.captured');
      const later = await post(reference, 'capture', {});
      assert.equal(later.status, 409);
      assert.match(await problemText(later), /closed by a final capture/);
      assert.deepEqual(sent(), ['SAS 6000']);
    });
  });
