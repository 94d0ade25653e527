/**
 * A final capture (`final: true`, an SAS of a part: DirectLink guide §4.1.2) whose call got no
 * answer, released by a sync as never sent — no level of its own after the grace period — whose
 * level appears on the platform afterwards (the request reached it late). Found in review: the
 * next sync recorded that level as a partial capture made in the back office (an SAL), so the
 * payment lost `captureClosed` and the operation its `final`, the released SAS left failed beside it.
 *
 * Expectation: the free capture level of the released SAS's very amount is that operation's —
 * placed on it, done, still `final`: the payment reads captured 10.00 of 19.99 with
 * `captureClosed`, one operation (ours, no back-office one), one payment.captured event; a retry
 * under the key answers it without sending anything, and a further capture is refused 409.
 * On both databases.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { paidWithSavedCard } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { orderWithLevels, reconcilerRounds } from './history-levels.ts';

const PAYID = '7148013';

interface Detail {
  state: string;
  capturedAmount: number;
  captureClosed: boolean;
  operations: Array<{ operation: string; amount: number; status: string; final: boolean; origin: string }>;
}

for (const kind of DATABASE_KINDS)
  describe(`a final capture released as never sent, its level made later (${kind})`, () => {
    // The first maintenance never answers; the platform makes its level afterwards (below).
    const platform = orderWithLevels(PAYID, (_form, call) => (call === 1 ? 'lost' : '9'));
    const { sent } = platform;
    const fake = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    for (const by of ['sync', 'reconciler'] as const)
      it(`is placed on that level by the ${by}: done, final, the order closed`, async () => {
        const { card } = await paidWithSavedCard(fake.t, `cust-final-late-${by}-${kind}`);
        const ref = `FINAL-LATE-${by.toUpperCase()}-${kind.toUpperCase()}`;
        const charged = await fake.t.api(`/api/aliases/${card.id}/charges`, {
          method: 'POST',
          json: { amount: 1999, currency: 'EUR', reference: ref, operation: 'RES' },
        });
        assert.equal(charged.status, 201, await charged.clone().text());
        sent.length = 0;
        platform.calls = 0;

        const request = { method: 'POST', json: { amount: 1000, final: true }, headers: { 'idempotency-key': `final-late-${by}` } };
        const first = await fake.t.api(`/api/transactions/${ref}/capture`, request);
        assert.equal(first.status, 504, `precondition: no answer: ${await first.clone().text()}`);

        // Past the grace period, a sync: the SAS holds no level, released as never sent.
        fake.t.clock.advance(30 * 60_000);
        const released = await fake.t.api(`/api/transactions/${ref}/sync`, { method: 'POST' });
        assert.equal(released.status, 200, await released.clone().text());
        const ops = (await fake.t.repository.listOperations(ref)).map((op) => [op.operation, op.status]);
        assert.deepEqual(ops, [['SAS', 'failed']], 'precondition: released');

        // The SAS reached the platform after all: its level, 9 of 10.00, and the order says 9.
        platform.levels.push({ status: '9', amount: '10.00' });
        platform.head = '9';
        if (by === 'sync') {
          const sync = await fake.t.api(`/api/transactions/${ref}/sync`, { method: 'POST' });
          assert.equal(sync.status, 200, await sync.clone().text());
        } else {
          // The payment is flagged for a query (as a status-change feedback or an operation would).
          await fake.t.repository.mutateTransaction(ref, () => ({ patch: { syncNeeded: true }, result: undefined }));
          assert.ok((await reconcilerRounds(fake.t, 1)).includes(ref), 'precondition: the reconciler queried it');
        }

        const after = (await (await fake.t.api(`/api/transactions/${ref}`)).json()) as Detail;
        assert.deepEqual([after.state, after.capturedAmount, after.captureClosed], ['captured', 1000, true]);
        assert.deepEqual(
          after.operations.map((op) => [op.operation, op.amount, op.status, op.final, op.origin]),
          [['SAS', 1000, 'done', true, 'ogone_checkout']],
        );
        const events = (await (await fake.t.api(`/api/events?reference=${ref}`)).json()) as { data: Array<{ type: string }> };
        assert.equal(events.data.filter((e) => e.type === 'payment.captured').length, 1);

        // The retry under the key is answered by the operation; nothing is sent.
        const retry = await fake.t.api(`/api/transactions/${ref}/capture`, request);
        assert.equal(retry.status, 200, await retry.clone().text());
        const more = await fake.t.api(`/api/transactions/${ref}/capture`, { method: 'POST', json: {} });
        assert.equal(more.status, 409, await more.clone().text());
        assert.deepEqual(sent, []);
      });
  });
