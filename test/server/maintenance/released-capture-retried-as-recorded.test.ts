/**
 * A capture released as never having reached the platform, retried with its Idempotency-Key
 * ("sent again under the same key — what a retry after the first request's 5xx means",
 * maintenance/operations.ts), after the other capture beside it settled.
 *
 * Since a capture of the rest beside an open capture goes as SAL (domain/ledger.ts planOperation,
 * so that the order stays open for the other), the retry of such a capture — or of the other one,
 * once the rest was captured as SAL — re-plans the same amount as SAS, all that is left now: the
 * stored SAL against the planned SAS refused it "the payment has changed since" (review r480).
 * Sent as recorded, it captures the same amount; 19.99 captured in all.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { paidWithSavedCard, type TestApp } from '../../support/app.ts';
import { appWithFakePlatform } from '../feedback/fake-platform.ts';
import { orderWithLevels } from './history-levels.ts';

const PAYID = '7148001';

/**
 * The sync that released a capture of ours while the order says 9 keeps the payment for the next
 * query (`awaitsQuery`: nothing of ours explains that 9 any more, domain/ledger.ts settle), and
 * since review r750 the API refuses any operation until that query has read the levels: the
 * merchant's retry follows it (the reconciler's round, or a sync by hand as here).
 */
async function readAgain(t: TestApp, ref: string): Promise<void> {
  const refused = await t.api(`/api/transactions/${ref}/capture`, { method: 'POST', json: {} });
  assert.equal(refused.status, 409, `precondition: the flag the release kept: ${await refused.clone().text()}`);
  t.clock.advance(60_000);
  const sync = await t.api(`/api/transactions/${ref}/sync`, { method: 'POST' });
  assert.equal(sync.status, 200, await sync.clone().text());
  assert.equal((await t.repository.getTransaction(ref))!.awaitsQuery === true, false, 'precondition: the next query read the levels');
}

describe('a released partial capture retried with its key after the rest was captured as SAL (sqlite)', () => {
  let loseNext = false;
  const platform = orderWithLevels(PAYID, () => {
    if (!loseNext) return '9';
    loseNext = false;
    return 'lost';
  });
  const { sent } = platform;
  const fake = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form));

  it('the 10.00 retried with its key is captured: 19.99 in all', async () => {
    const { card } = await paidWithSavedCard(fake.t, 'cust-sal-retry');
    const ref = 'SAL-RETRY';
    const charged = await fake.t.api(`/api/aliases/${card.id}/charges`, {
      method: 'POST',
      json: { amount: 1999, currency: 'EUR', reference: ref, operation: 'RES' },
    });
    assert.equal(charged.status, 201, await charged.clone().text());

    loseNext = true;
    const first = await fake.t.api(`/api/transactions/${ref}/capture`, {
      method: 'POST',
      json: { amount: 1000 },
      headers: { 'idempotency-key': 'cap-1000' },
    });
    assert.equal(first.status, 504, `precondition: the 10.00 got no answer: ${await first.clone().text()}`);

    const rest = await fake.t.api(`/api/transactions/${ref}/capture`, {
      method: 'POST',
      json: { amount: 999 },
      headers: { 'idempotency-key': 'cap-999' },
    });
    assert.equal(rest.status, 200, await rest.clone().text());
    assert.deepEqual(sent, ['SAL 999'], 'precondition: the rest beside the open capture went as SAL (65f3caa)');

    // Past the grace period, a sync: the 10.00 holds no level, released as never sent.
    fake.t.clock.advance(30 * 60_000);
    const sync = await fake.t.api(`/api/transactions/${ref}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, await sync.clone().text());
    const ops = (await fake.t.repository.listOperations(ref)).map((op) => [op.idempotencyKey, op.operation, op.status]);
    assert.deepEqual(ops.find((op) => op[0] === 'cap-1000')?.[2], 'failed', `precondition: released: ${JSON.stringify(ops)}`);
    await readAgain(fake.t, ref);

    const retry = await fake.t.api(`/api/transactions/${ref}/capture`, {
      method: 'POST',
      json: { amount: 1000 },
      headers: { 'idempotency-key': 'cap-1000' },
    });
    const after = (await fake.t.repository.getTransaction(ref))!;
    assert.ok(
      retry.status < 300,
      `the 10.00 never reached the platform and the order is still open (the 9.99 was an SAL), yet its retry with the ` +
        `same key answers ${retry.status} ${(await retry.clone().text()).slice(0, 300)}; captured ${after.capturedAmount} of 1999; sent ${JSON.stringify(sent)}`,
    );
    assert.equal(after.capturedAmount, 1999);
  });
});

/**
 * The same root cause the other way round — a regression: the 10.00 is processing (91, open) when
 * the rest, 9.99, is asked; that request times out before reaching the platform. Since 65f3caa it
 * was recorded as SAL (before: SAS). The 10.00 is then captured; a sync releases the 9.99 as never
 * sent; its retry with the same key re-plans SAS (all that is left, nothing open) against the
 * stored SAL and is refused "the payment has changed since". Before 65f3caa the stored operation
 * was SAS, the plan SAS: the retry was sent and 19.99 captured.
 */
describe('the rest captured beside an open capture, released, retried with its key (sqlite)', () => {
  // The first capture is processed offline (91); the second (the rest) never reaches the
  // platform; any later one is captured at once (9).
  const platform = orderWithLevels(PAYID, (_form, call) => (call === 1 ? '91' : call === 2 ? 'lost' : '9'));
  const { sent, levels } = platform;
  const fake = appWithFakePlatform('sqlite', (path, form) => platform.handle(path, form));

  it('the 9.99 retried with its key is captured: 19.99 in all', async () => {
    const { card } = await paidWithSavedCard(fake.t, 'cust-sal-rest');
    const ref = 'SAL-REST';
    const charged = await fake.t.api(`/api/aliases/${card.id}/charges`, {
      method: 'POST',
      json: { amount: 1999, currency: 'EUR', reference: ref, operation: 'RES' },
    });
    assert.equal(charged.status, 201, await charged.clone().text());

    const first = await fake.t.api(`/api/transactions/${ref}/capture`, {
      method: 'POST',
      json: { amount: 1000 },
      headers: { 'idempotency-key': 'cap-1000' },
    });
    assert.equal(first.status, 202, `precondition: the 10.00 is processing: ${await first.clone().text()}`);
    const rest = await fake.t.api(`/api/transactions/${ref}/capture`, {
      method: 'POST',
      json: { amount: 999 },
      headers: { 'idempotency-key': 'cap-999' },
    });
    assert.equal(rest.status, 504, `precondition: the 9.99 got no answer: ${await rest.clone().text()}`);

    // The 10.00 is captured at the platform; past the grace period a sync settles it and
    // releases the 9.99, which holds no level.
    levels[0]!.status = '9';
    platform.head = '9';
    fake.t.clock.advance(30 * 60_000);
    const sync = await fake.t.api(`/api/transactions/${ref}/sync`, { method: 'POST' });
    assert.equal(sync.status, 200, await sync.clone().text());
    const ops = (await fake.t.repository.listOperations(ref)).map((op) => [op.idempotencyKey, op.operation, op.status]);
    assert.equal(ops.find((op) => op[0] === 'cap-999')?.[2], 'failed', `precondition: released: ${JSON.stringify(ops)}`);
    assert.equal(ops.find((op) => op[0] === 'cap-1000')?.[2], 'done', `precondition: the 10.00 captured: ${JSON.stringify(ops)}`);
    await readAgain(fake.t, ref);

    const retry = await fake.t.api(`/api/transactions/${ref}/capture`, {
      method: 'POST',
      json: { amount: 999 },
      headers: { 'idempotency-key': 'cap-999' },
    });
    const after = (await fake.t.repository.getTransaction(ref))!;
    assert.ok(
      retry.status < 300,
      `the 9.99 never reached the platform (released), yet its retry with the same key answers ${retry.status} ` +
        `${(await retry.clone().text()).slice(0, 300)}; captured ${after.capturedAmount} of 1999; ops ${JSON.stringify(ops)}; sent ${JSON.stringify(sent)}`,
    );
    assert.equal(after.capturedAmount, 1999);
  });
});
