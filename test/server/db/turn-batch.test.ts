/**
 * Issue 17: members of one event-loop turn share one flush, and a batch keeps gathering the turns
 * that follow while each brings members (PostgreSQL's session reads and payment inserts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { turnBatch } from '../../../server/db/turn-batch.ts';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function recorder(options: { max: number; gatherMs: number }) {
  const flushed: number[][] = [];
  const add = turnBatch<number>((members) => flushed.push(members), options);
  return { flushed, add };
}

describe('turn batch', () => {
  it('flushes the members of one turn together, once, after that turn', async () => {
    const { flushed, add } = recorder({ max: 100, gatherMs: 0 });
    for (let i = 0; i < 5; i++) add(i);
    assert.deepEqual(flushed, [], 'nothing goes before the turn ends');
    await nextTurn();
    await nextTurn();
    assert.deepEqual(flushed, [[0, 1, 2, 3, 4]]);
  });

  it('without gathering, the next turn starts a batch of its own', async () => {
    const { flushed, add } = recorder({ max: 100, gatherMs: 0 });
    add(1);
    await nextTurn();
    add(2);
    await nextTurn();
    await nextTurn();
    assert.deepEqual(flushed, [[1], [2]]);
  });

  it('keeps gathering while each turn brings members, then goes on the first turn that brings none', async () => {
    const { flushed, add } = recorder({ max: 100, gatherMs: 1000 });
    add(1);
    await nextTurn();
    add(2);
    add(3);
    await nextTurn();
    add(4);
    await nextTurn();
    assert.deepEqual(flushed, [], 'still gathering');
    await nextTurn();
    await nextTurn();
    assert.deepEqual(flushed, [[1, 2, 3, 4]]);
  });

  it('stops gathering after gatherMs, even while members keep coming', async () => {
    let clock = 0;
    const flushed: number[][] = [];
    const add = turnBatch<number>((members) => flushed.push(members), { max: 1000, gatherMs: 5, now: () => clock });
    // One member a turn, each turn a millisecond: a batch gathers the turns of its first 5 ms.
    for (let i = 0; i < 20; i++) {
      add(i);
      await nextTurn();
      clock += 1;
    }
    await nextTurn();
    await nextTurn();
    assert.deepEqual(
      flushed.flat(),
      Array.from({ length: 20 }, (_, n) => n),
      'every member once, in order',
    );
    assert.ok(flushed.length >= 3, `${flushed.length} batches`);
    for (const batch of flushed.slice(0, -1)) assert.ok(batch.length >= 5 && batch.length <= 7, `a batch of ${batch.length}`);
  });

  it('a full batch goes without its turn ending gathering, and the next member opens another', async () => {
    const { flushed, add } = recorder({ max: 3, gatherMs: 1000 });
    for (let i = 0; i < 7; i++) add(i);
    await nextTurn();
    await nextTurn();
    await nextTurn();
    assert.deepEqual(flushed.slice(0, 2), [
      [0, 1, 2],
      [3, 4, 5],
    ]);
    await nextTurn();
    await nextTurn();
    assert.deepEqual(flushed, [[0, 1, 2], [3, 4, 5], [6]]);
  });
});
