/**
 * A partial capture (or refund) whose call got no answer, released by a sync as never sent — no
 * level of its kind after the grace period — whose level then appears on the platform (its call
 * reached it late: a request stalled before its call left), and is retried under its
 * Idempotency-Key. Found in review: the retry sent it again without asking the platform (the
 * operation read failed and unanswered, the ledger allowed its amount), so the money moved twice:
 * 5.00 captured twice of 19.99 — whether the level was recorded by a sync in between (as the back
 * office's) or not.
 *
 * Expectation: the retry asks the platform first; the level of its kind and very amount made
 * since it was released is the operation's, answered done without sending anything: one 5.00 at
 * the platform, 5.00 in the ledger, the key's operation done on that level, any back-office record
 * of it failed (counted once). Without such a level, the retry sends it again (the control). On
 * both databases.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { paidWithSavedCard } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { orderWithLevels } from './history-levels.ts';

const PAYID = '7148021';

interface Detail {
  state: string;
  capturedAmount: number;
  refundedAmount: number;
  operations: Array<{ operation: string; amount: number; status: string; origin: string }>;
}

for (const kind of DATABASE_KINDS)
  describe(`a released operation whose level appears later, retried under its key (${kind})`, () => {
    let lose = false;
    const platform = orderWithLevels(PAYID, (form) => {
      if (lose) return 'lost';
      return form.OPERATION === 'SAL' || form.OPERATION === 'SAS' ? '9' : '8';
    });
    const { sent } = platform;
    const fake = appWithFakePlatform(kind, (path, form) => platform.handle(path, form));

    const cases = [
      { op: 'capture', code: 'SAL', status: '9', level: 'late' },
      { op: 'capture', code: 'SAL', status: '9', level: 'recorded' },
      { op: 'refund', code: 'RFD', status: '8', level: 'late' },
      { op: 'refund', code: 'RFD', status: '8', level: 'recorded' },
      { op: 'capture', code: 'SAL', status: '9', level: 'beside' },
      { op: 'capture', code: 'SAL', status: '9', level: 'none' },
    ] as const;
    for (const c of cases)
      it(`${c.op}, level ${c.level}: ${c.level === 'none' ? 'sent again' : 'answered by that level, nothing sent again'}`, async () => {
        const tag = `${c.op}-${c.level}-${kind}`;
        const { card } = await paidWithSavedCard(fake.t, `cust-rel-${tag}`);
        const ref = `REL-LATE-${tag.toUpperCase()}`;
        lose = false;
        const charged = await fake.t.api(`/api/aliases/${card.id}/charges`, {
          method: 'POST',
          json: { amount: 1999, currency: 'EUR', reference: ref, operation: 'RES' },
        });
        assert.equal(charged.status, 201, await charged.clone().text());
        if (c.op === 'refund') {
          const captured = await fake.t.api(`/api/transactions/${ref}/capture`, { method: 'POST', json: {} });
          assert.equal(captured.status, 200, `precondition: captured: ${await captured.clone().text()}`);
        }
        // Beside a capture of ours: a sync records the level as the back office's operation.
        const before = c.level === 'beside' ? 300 : 0;
        if (c.level === 'beside') {
          const other = await fake.t.api(`/api/transactions/${ref}/capture`, { method: 'POST', json: { amount: 300 } });
          assert.equal(other.status, 200, `precondition: captured 3.00: ${await other.clone().text()}`);
        }
        sent.length = 0;
        lose = true;

        const request = { method: 'POST', json: { amount: 500 }, headers: { 'idempotency-key': `rel-${tag}` } };
        const first = await fake.t.api(`/api/transactions/${ref}/${c.op}`, request);
        assert.equal(first.status, 504, `precondition: no answer: ${await first.clone().text()}`);
        lose = false;

        // Past the grace period, a sync: no level of its kind, released as never sent.
        fake.t.clock.advance(30 * 60_000);
        const released = await fake.t.api(`/api/transactions/${ref}/sync`, { method: 'POST' });
        assert.equal(released.status, 200, await released.clone().text());
        const ours = (await fake.t.repository.listOperations(ref)).find((op) => op.idempotencyKey === `rel-${tag}`)!;
        assert.deepEqual([ours.operation, ours.status], [c.code, 'failed'], 'precondition: released');

        if (c.level !== 'none') {
          // The stalled call reached the platform after all: its level, of its amount.
          platform.levels.push({ status: c.status, amount: '5.00' });
          platform.head = c.status;
          if (c.level === 'recorded' || c.level === 'beside') {
            fake.t.clock.advance(60_000);
            const sync = await fake.t.api(`/api/transactions/${ref}/sync`, { method: 'POST' });
            assert.equal(sync.status, 200, await sync.clone().text());
          }
        }

        fake.t.clock.advance(60_000);
        const retry = await fake.t.api(`/api/transactions/${ref}/${c.op}`, request);
        assert.equal(retry.status, 200, await retry.clone().text());
        const after = (await (await fake.t.api(`/api/transactions/${ref}`)).json()) as Detail;
        const moved = c.op === 'capture' ? after.capturedAmount : after.refundedAmount;
        if (c.level === 'none') {
          assert.deepEqual(sent, [`${c.code} 500`], 'the operation never reached the platform: sent again');
          assert.equal(moved, 500);
          return;
        }
        assert.deepEqual(sent, [], `sent again although its level appeared: ${JSON.stringify(after.operations)}`);
        assert.equal(platform.levels.filter((l) => l.status === c.status && l.amount === '5.00').length, 1);
        assert.equal(moved, before + 500, JSON.stringify(after));
        assert.deepEqual(
          after.operations.filter((op) => op.amount === 500 && op.status === 'done').map((op) => [op.operation, op.origin]),
          [[c.code, 'ogone_checkout']],
          JSON.stringify(after.operations),
        );

        // A later query counts nothing again.
        fake.t.clock.advance(60_000);
        assert.equal((await fake.t.api(`/api/transactions/${ref}/sync`, { method: 'POST' })).status, 200);
        const later = (await (await fake.t.api(`/api/transactions/${ref}`)).json()) as Detail;
        assert.equal(c.op === 'capture' ? later.capturedAmount : later.refundedAmount, before + 500, JSON.stringify(later.operations));
        assert.deepEqual(sent, []);
      });
  });
