/**
 * Found by review r1725 (2026-12-07), now fixed.
 * The fix: a capture's request `final` is recorded with its operation (migration 0035_operation_final) and is what makes it final, the whole rest included; captures recorded before read as they did (an SAS naming a part is final).
 *
 * A final capture (`"final": true`) of the whole rest after a previous partial capture is recorded
 * and shown as an ordinary capture: `final: false`, `captureClosed: false`.
 *
 * What is wrong: README (Merchant API, `POST /api/transactions/:reference/capture`) says a capture
 * with `"final": true` — its example `{ "amount": 6000, "final": true }` on 100.00 authorised —
 * "captures 60.00 and closes the order", and that then "the payment reads captured …, its detail
 * and list item `captureClosed: true`, the operation (and a `payment.captured` event's
 * `settledOperation`) `final: true`"; README's Idempotency-Key rules and docs/ogone-protocol.md §8
 * add that a retry under the key with another `final` is another request, refused 422
 * (`idempotency_key_reused`), past the key's day too. The server instead derives "final" from
 * whether the amount was below what was left when planned (`namedPart`): a merchant shipping an
 * order in two parts — 40.00 captured first, then the last 60.00 sent exactly as README's example
 * with `"final": true` — gets back `final: false`, the payment's `captureClosed: false`, a
 * `payment.captured` whose `settledOperation.final` is false, and the key later replays that
 * capture for a request saying `"final": false`.
 *
 * Why it matters: a shop that closes its order (releases stock reservations, marks it shipped in
 * full, stops waiting for more captures) on `settledOperation.final` / `captureClosed` never sees
 * the order closed when its last shipment happens to be the rest; and the idempotency contract the
 * README states ("for a capture, the same final") does not hold for it.
 *
 * Expected: the operation asked with `"final": true` reads `final: true` in its answer, the
 * payment's detail and list item read `captureClosed: true`, its `payment.captured` event's
 * `settledOperation.final` is true, and past the key's day the same key with `"final": false` is
 * refused 422. Exactly one SAS of 6000 reaches the platform. On both databases.
 *
 * Beside it: `{ "final": true }` with no amount on an untouched authorisation reads the same (one
 * SAS of 10000, final, closed), and an ordinary capture of the whole rest stays what it was (the
 * same SAS on the wire, `final: false`, not closed) — past the key's day each key replays only the
 * request with its own `final`.
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
  capturedAmount: number;
  captureClosed: boolean;
  operations: Array<{ operation: string; amount: number; status: string; final: boolean }>;
}

for (const kind of DATABASE_KINDS)
  describe(`a final capture of the whole rest after a partial capture (${kind})`, () => {
    const platform = historyLevels(PAYID);
    const app = appWithFakePlatform(kind, (path, form) => platform.handle(path, form), { env: { OGONE_OPERATION: 'RES' } });
    const post = (reference: string, json: unknown, key: string) =>
      app.t.api(`/api/transactions/${reference}/capture`, { method: 'POST', json, headers: { 'idempotency-key': key } });

    it('reads final and closed, and its key refuses another `final`', async () => {
      const reference = await newHostedAttempt(app.t, { amount: 10000, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      platform.head = { status: '5', amount: '100.00' };
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID, amount: '100.00' }))).status, 200);
      app.t.clock.advance(60_000);

      const first = await post(reference, { amount: 4000 }, `first-${reference}`);
      assert.equal(first.status, 200, await first.clone().text());

      const key = `last-${reference}`;
      const last = await post(reference, { amount: 6000, final: true }, key);
      assert.equal(last.status, 200, await last.clone().text());
      const answer = (await last.json()) as { operation: { operation: string; amount: number; final: boolean } };
      assert.deepEqual(
        platform.maintenance.map((form) => `${form.OPERATION} ${form.AMOUNT}`),
        ['SAL 4000', 'SAS 6000'],
      );

      const detail = (await (await app.t.api(`/api/transactions/${reference}`)).json()) as Detail;
      const listed = (await (await app.t.api(`/api/transactions?q=${reference}`)).json()) as {
        data: Array<{ reference: string; captureClosed: boolean }>;
      };
      const events = (await (await app.t.api(`/api/events?reference=${reference}&type=payment.captured`)).json()) as {
        data: Array<{ data: { settledOperation: { operation: string; amount: number; final: boolean } } }>;
      };
      const sasEvent = events.data.find((e) => e.data.settledOperation.operation === 'SAS');

      assert.deepEqual(
        {
          answered: answer.operation.final,
          detailClosed: detail.captureClosed,
          operations: detail.operations.map((op) => [op.operation, op.amount, op.final]),
          listClosed: listed.data.find((row) => row.reference === reference)?.captureClosed,
          eventFinal: sasEvent?.data.settledOperation.final,
        },
        {
          answered: true,
          detailClosed: true,
          operations: [
            ['SAL', 4000, false],
            ['SAS', 6000, true],
          ],
          listClosed: true,
          eventFinal: true,
        },
      );

      // Past the key's day the operation's own request decides: another `final` is another request.
      app.t.clock.advance(26 * 3600_000);
      const other = await post(reference, { amount: 6000, final: false }, key);
      assert.equal(other.status, 422, await other.clone().text());
      assert.equal(platform.maintenance.length, 2, 'nothing more sent');
    });

    /** A new payment of 100.00 authorised, nothing captured yet. */
    const authorised = async () => {
      const reference = await newHostedAttempt(app.t, { amount: 10000, currency: 'EUR' }, { saveCard: false });
      platform.start(reference, '5');
      platform.head = { status: '5', amount: '100.00' };
      assert.equal((await app.feedback(feedbackFor(reference, 5, { PAYID, amount: '100.00' }))).status, 200);
      app.t.clock.advance(60_000);
      return reference;
    };
    const read = async (reference: string) => (await (await app.t.api(`/api/transactions/${reference}`)).json()) as Detail;
    const sentFrom = (count: number) => platform.maintenance.slice(count).map((form) => `${form.OPERATION} ${form.AMOUNT}`);

    it('`{ "final": true }` alone on an untouched authorisation: SAS of the whole, final, closed; its key refuses another `final`', async () => {
      const reference = await authorised();
      const before = platform.maintenance.length;
      const key = `whole-${reference}`;
      const capture = await post(reference, { final: true }, key);
      assert.equal(capture.status, 200, await capture.clone().text());
      assert.equal(((await capture.json()) as { operation: { final: boolean } }).operation.final, true);
      assert.deepEqual(sentFrom(before), ['SAS 10000']);
      const detail = await read(reference);
      assert.deepEqual(
        [detail.state, detail.capturedAmount, detail.captureClosed, detail.operations.map((op) => [op.operation, op.final])],
        ['captured', 10000, true, [['SAS', true]]],
      );

      // Past the key's day (each time: an answer under the key is kept a day again), the operation decides.
      app.t.clock.advance(26 * 3600_000);
      const same = await post(reference, { final: true }, key);
      assert.equal(same.status, 200, await same.clone().text());
      app.t.clock.advance(26 * 3600_000);
      const other = await post(reference, {}, key);
      assert.equal(other.status, 422, await other.clone().text());
      assert.match(await other.text(), /final capture \(SAS\) of 10000.*same \\"final\\"/);
      assert.deepEqual(sentFrom(before), ['SAS 10000'], 'nothing more sent');
    });

    it('an ordinary capture of the whole rest stays what it was: an SAS, not final, not closed; its key refuses `final`', async () => {
      const reference = await authorised();
      const before = platform.maintenance.length;
      const key = `ordinary-${reference}`;
      const capture = await post(reference, {}, key);
      assert.equal(capture.status, 200, await capture.clone().text());
      assert.equal(((await capture.json()) as { operation: { final: boolean } }).operation.final, false);
      assert.deepEqual(sentFrom(before), ['SAS 10000']);
      const detail = await read(reference);
      assert.deepEqual(
        [detail.state, detail.capturedAmount, detail.captureClosed, detail.operations.map((op) => [op.operation, op.final])],
        ['captured', 10000, false, [['SAS', false]]],
      );

      app.t.clock.advance(26 * 3600_000);
      const same = await post(reference, {}, key);
      assert.equal(same.status, 200, await same.clone().text());
      app.t.clock.advance(26 * 3600_000);
      const asFinal = await post(reference, { final: true }, key);
      assert.equal(asFinal.status, 422, await asFinal.clone().text());
      assert.match(await asFinal.text(), /used for a capture \(SAS\) of 10000.*same \\"final\\"/);
      assert.deepEqual(sentFrom(before), ['SAS 10000'], 'nothing more sent');
    });
  });
