/**
 * An Idempotency-Key reused after its day, when its stored answer is gone and only the operation
 * it made remains (maintenance/operations.ts `replay`), on SQLite and on PostgreSQL. A capture of
 * 10.00 under a key, then a day later a capture without an amount ("all that is left") under the
 * same key: it was answered with the old capture (200, 10.00 captured), which the merchant reads as
 * "captured in full" while 9.99 stays uncaptured (review r790). It is refused as the same key with
 * another body is within the day. An amount-less retry of an operation that asked for all that was
 * left — by naming no amount, or the whole, and a cancel always voids the whole — is the same
 * request, and is still replayed (review r810).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newHostedAttempt } from '../support/app.ts';
import { DATABASE_KINDS } from '../support/databases.ts';
import { feedbackFor } from '../support/feedback.ts';
import { appWithFakePlatform, platformAnswer } from '../server/feedback/fake-platform.ts';

const PAYID = '3014731';
const A_DAY_AND_AN_HOUR = 25 * 3600_000;
const STATUS_OF: Record<string, string> = { SAS: '9', SAL: '9', RFS: '8', RFD: '8', DES: '6' };

for (const kind of DATABASE_KINDS) {
  describe(`a capture's or cancel's Idempotency-Key reused after its day, on ${kind}`, () => {
    const sent: string[] = [];
    let payIdSub = 0;
    const app = appWithFakePlatform(kind, (path, form) => {
      if (!path.includes('maintenancedirect')) throw new Error(`unexpected call ${path}`);
      sent.push(`${form.OPERATION} ${form.AMOUNT}`);
      return platformAnswer({
        orderID: form.ORDERID ?? '',
        PAYID,
        PAYIDSUB: String(++payIdSub),
        ACCEPTANCE: '',
        STATUS: STATUS_OF[form.OPERATION ?? ''] ?? '0',
        amount: (Number(form.AMOUNT) / 100).toString(),
      });
    });

    async function authorised(amount: number): Promise<string> {
      const reference = await newHostedAttempt(app.t, { amount, currency: 'EUR' }, { saveCard: false });
      const answer = await app.feedback(feedbackFor(reference, 5, { PAYID, amount: (amount / 100).toFixed(2) }));
      assert.equal(answer.status, 200, await answer.clone().text());
      return reference;
    }

    const act = (action: 'capture' | 'cancel', reference: string, key: string, json: { amount?: number }) =>
      app.t.api(`/api/transactions/${reference}/${action}`, { method: 'POST', json, headers: { 'idempotency-key': key } });
    const capture = (reference: string, key: string, json: { amount?: number }) => act('capture', reference, key, json);

    it('refuses an amount-less capture under the key of a partial one, and captures nothing', async () => {
      const reference = await authorised(1999);
      const partial = await capture(reference, 'capture-part', { amount: 1000 });
      assert.equal(partial.status, 200, await partial.clone().text());
      assert.equal((await app.t.repository.getTransaction(reference))!.capturedAmount, 1000, 'precondition: 10.00 captured');
      const sentBefore = sent.length;

      app.t.clock.advance(A_DAY_AND_AN_HOUR);
      const rest = await capture(reference, 'capture-part', {});
      const body = (await rest.clone().json()) as { error?: { code: string; field?: string } };
      assert.equal(rest.status, 422, `an amount-less capture answered with the old partial one: ${await rest.clone().text()}`);
      assert.equal(body.error?.code, 'idempotency_key_reused');
      assert.equal(body.error?.field, 'Idempotency-Key');
      assert.equal(sent.length, sentBefore, 'nothing was sent to the platform');
      assert.equal((await app.t.repository.listOperations(reference)).length, 1, 'no operation was added');
      assert.equal((await app.t.repository.getTransaction(reference))!.capturedAmount, 1000);

      // The refusal is not kept as the key's answer (it did nothing): the key's own request,
      // retried at once, is still its replay; the rest takes a key of its own.
      const replayed = await capture(reference, 'capture-part', { amount: 1000 });
      assert.equal(replayed.status, 200, await replayed.clone().text());
      assert.equal(sent.length, sentBefore, 'the replay sent nothing');
      const restCaptured = await capture(reference, 'capture-rest', {});
      assert.equal(restCaptured.status, 200, await restCaptured.clone().text());
      assert.deepEqual(sent.slice(sentBefore), ['SAS 999']);
      assert.equal((await app.t.repository.getTransaction(reference))!.capturedAmount, 1999);
    });

    it('still replays an amount-less capture retried a day later', async () => {
      const reference = await authorised(2500);
      const whole = await capture(reference, 'capture-whole', {});
      assert.equal(whole.status, 200, await whole.clone().text());
      const sentBefore = sent.length;

      app.t.clock.advance(A_DAY_AND_AN_HOUR);
      const retried = await capture(reference, 'capture-whole', {});
      assert.equal(retried.status, 200, await retried.clone().text());
      const operation = ((await retried.json()) as { operation: { amount: number } }).operation;
      assert.equal(operation.amount, 2500);
      assert.equal(sent.length, sentBefore, 'the replay sent nothing');
      assert.equal((await app.t.repository.getTransaction(reference))!.capturedAmount, 2500);
    });

    it('replays a capture that named all that was left to the same capture retried without an amount', async () => {
      const reference = await authorised(2600);
      const whole = await capture(reference, 'capture-named-whole', { amount: 2600 });
      assert.equal(whole.status, 200, await whole.clone().text());
      assert.deepEqual(sent.slice(-1), ['SAS 2600'], 'precondition: an SAS of the whole');
      const sentBefore = sent.length;

      app.t.clock.advance(A_DAY_AND_AN_HOUR);
      const retried = await capture(reference, 'capture-named-whole', {});
      assert.equal(retried.status, 200, `"capture all that is left" is what was captured: ${await retried.clone().text()}`);
      assert.equal(sent.length, sentBefore, 'the replay sent nothing');
      assert.equal((await app.t.repository.getTransaction(reference))!.capturedAmount, 2600);
    });

    it('replays a cancel that named the whole authorisation to the same cancel retried without an amount', async () => {
      const reference = await authorised(1999);
      const cancelled = await act('cancel', reference, 'cancel-whole', { amount: 1999 });
      assert.equal(cancelled.status, 200, await cancelled.clone().text());
      assert.equal((await app.t.repository.getTransaction(reference))!.state, 'cancelled', 'precondition: cancelled');
      const sentBefore = sent.length;

      app.t.clock.advance(A_DAY_AND_AN_HOUR);
      const retried = await act('cancel', reference, 'cancel-whole', {});
      assert.equal(retried.status, 200, `a cancel always voids the whole: the same request, ${await retried.clone().text()}`);
      assert.equal(sent.length, sentBefore, 'the replay sent nothing');
    });

    it('eight amount-less retries at once under a partial capture’s key: every one refused, nothing sent', async () => {
      const reference = await authorised(1800);
      const partial = await capture(reference, 'capture-part-at-once', { amount: 600 });
      assert.equal(partial.status, 200, await partial.clone().text());
      const sentBefore = sent.length;

      app.t.clock.advance(A_DAY_AND_AN_HOUR);
      const answers = await Promise.all(Array.from({ length: 8 }, () => capture(reference, 'capture-part-at-once', {})));
      const statuses = answers.map((answer) => answer.status);
      // One takes the expired key and is refused; the others meet it in progress (409) or its
      // stored refusal (422): none is answered with the partial capture, none sends anything.
      assert.ok(
        statuses.every((status) => status === 422 || status === 409),
        `statuses ${JSON.stringify(statuses)}`,
      );
      assert.ok(statuses.includes(422), `one of them is refused: ${JSON.stringify(statuses)}`);
      assert.equal(sent.length, sentBefore, 'nothing was sent to the platform');
      assert.equal((await app.t.repository.listOperations(reference)).length, 1, 'no operation was added');
      assert.equal((await app.t.repository.getTransaction(reference))!.capturedAmount, 600);
    });

    it('eight amount-less retries at once under a whole capture’s key: its replay, nothing sent', async () => {
      const reference = await authorised(2100);
      const whole = await capture(reference, 'capture-whole-at-once', {});
      assert.equal(whole.status, 200, await whole.clone().text());
      const sentBefore = sent.length;

      app.t.clock.advance(A_DAY_AND_AN_HOUR);
      const answers = await Promise.all(Array.from({ length: 8 }, () => capture(reference, 'capture-whole-at-once', {})));
      const statuses = answers.map((answer) => answer.status);
      assert.ok(
        statuses.every((status) => status === 200 || status === 409),
        `statuses ${JSON.stringify(statuses)}`,
      );
      assert.ok(statuses.includes(200), `one of them is the replay: ${JSON.stringify(statuses)}`);
      assert.equal(sent.length, sentBefore, 'nothing was sent to the platform');
      assert.equal((await app.t.repository.listOperations(reference)).length, 1, 'no operation was added');
      assert.equal((await app.t.repository.getTransaction(reference))!.capturedAmount, 2100);
    });
  });
}
