/**
 * A final capture (`final: true`, an SAS of a part: DirectLink guide §4.1.2) that never reached the
 * platform, released by a sync, retried under its Idempotency-Key: "sent again under the same key"
 * (maintenance/operations.ts resend) — as what it was, an SAS of its amount. Re-planned without its
 * finality it would be an SAL of that amount, refused as "the payment has changed since" (or, sent,
 * it would leave open the order the merchant closed).
 *
 * Expectation: the retry is answered 2xx, the platform receives exactly one maintenance, `SAS 1000`,
 * the payment reads captured 10.00 of 19.99 with `captureClosed`, and a further capture is refused 409.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { paidWithSavedCard } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { orderWithLevels } from './history-levels.ts';

const PAYID = '7148002';

for (const kind of DATABASE_KINDS)
  describe(`a final capture released as never sent, retried with its key (${kind})`, () => {
    // The first maintenance never reaches the platform; any later one is captured at once (9).
    const platform = orderWithLevels(PAYID, (_form, call) => (call === 1 ? 'lost' : '9'));
    const { sent } = platform;
    const fake = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    it('goes again as the SAS it was: 10.00 captured, the order closed', async () => {
      const { card } = await paidWithSavedCard(fake.t, `cust-final-retry-${kind}`);
      const ref = `FINAL-RETRY-${kind.toUpperCase()}`;
      const charged = await fake.t.api(`/api/aliases/${card.id}/charges`, {
        method: 'POST',
        json: { amount: 1999, currency: 'EUR', reference: ref, operation: 'RES' },
      });
      assert.equal(charged.status, 201, await charged.clone().text());

      const request = { method: 'POST', json: { amount: 1000, final: true }, headers: { 'idempotency-key': 'final-1000' } };
      const first = await fake.t.api(`/api/transactions/${ref}/capture`, request);
      assert.equal(first.status, 504, `precondition: no answer: ${await first.clone().text()}`);

      // Past the grace period, a sync: the SAS holds no level, released as never sent.
      fake.t.clock.advance(30 * 60_000);
      const sync = await fake.t.api(`/api/transactions/${ref}/sync`, { method: 'POST' });
      assert.equal(sync.status, 200, await sync.clone().text());
      const ops = (await fake.t.repository.listOperations(ref)).map((op) => [op.operation, op.status]);
      assert.deepEqual(ops, [['SAS', 'failed']], 'precondition: released');

      const retry = await fake.t.api(`/api/transactions/${ref}/capture`, request);
      assert.ok(retry.status < 300, `retry answered ${retry.status} ${(await retry.clone().text()).slice(0, 300)}`);
      assert.deepEqual(sent, ['SAS 1000']);
      const after = (await (await fake.t.api(`/api/transactions/${ref}`)).json()) as {
        state: string;
        capturedAmount: number;
        captureClosed: boolean;
      };
      assert.deepEqual([after.state, after.capturedAmount, after.captureClosed], ['captured', 1000, true]);
      const more = await fake.t.api(`/api/transactions/${ref}/capture`, { method: 'POST', json: {} });
      assert.equal(more.status, 409);
      assert.deepEqual(sent, ['SAS 1000']);
    });
  });
