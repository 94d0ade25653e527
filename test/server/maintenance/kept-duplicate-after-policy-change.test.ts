/**
 * Found by review r1386 (2026-12-07), now fixed:
 *
 * — a duplicate the server announced as KEPT (`payment.duplicate` with `action: "keep"`,
 * DUPLICATE_PAYMENTS=keep) is refunded automatically, months later, by the first review that
 * follows a restart with the default policy — here a plain `POST /api/transactions/:ref/sync`.
 *
 * What was wrong. The policy is read at review time (maintenance/duplicates.ts reviewPayment,
 * give-back-key.ts giveBackOwed → duplicatePaymentsPolicy(ctx.config)), not the decision recorded
 * when the payment was flagged and announced. A payment flagged `duplicateOf` under `keep` has no
 * give-back try recorded, so once the server runs with `refund` (the default: the variable removed
 * from an env file, a new deployment, another instance on the same PostgreSQL with another
 * configuration) any review of it — its sync (shown here), a late copy of its feedback — sends an
 * RFS for everything left.
 *
 * Why it matters: money moves that nobody asked for. README ("DUPLICATE_PAYMENTS": "`keep` only
 * flags it"; Guarantees: "`DUPLICATE_PAYMENTS=keep` to decide yourself") and the webhook told the
 * merchant this payment was kept (`action: "keep"`): the merchant decided to keep it (a second
 * order shipped, a deliberate second purchase), and the shop's money goes back to the card without
 * a request, a webhook of a decision, or a way to stop it. The give-back is meant to be "at once"
 * for a duplicate found under `refund`, not a retroactive sweep of decisions already announced.
 *
 * The fix: the action is recorded with the flag (transactions.duplicate_action, migration 0034) and
 * the give-back follows it, whatever the setting is at a later review.
 *
 * Expectation: a duplicate flagged and announced under `keep` is never given back automatically:
 * syncing it after a restart with DUPLICATE_PAYMENTS=refund sends no maintenance request and leaves
 * it captured.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { attemptsOfOneSession, createTestApp, postServerFeedback, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { xml } from '../directlink/helpers.ts';
import { platformAnswer } from '../feedback/fake-platform.ts';

const PAYID_A = '3138601';
const PAYID_B = '3138602';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a duplicate announced as kept, synced after a restart with the default policy', () => {
  let database: TestDatabase | undefined;
  const apps: TestApp[] = [];
  after(async () => {
    for (const t of apps) await t.close().catch(() => undefined);
    await database?.drop();
  });

  const maintenance: string[] = [];
  const directLink = () => {
    const config = parseServerConfig({ ...TEST_ENV });
    return createDirectLinkClient({
      config: { ...config.provider },
      fetch: async (input, init) => {
        const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
        const path = new URL(String(input)).pathname;
        let answer: Record<string, string>;
        if (path.includes('maintenancedirect')) {
          maintenance.push(`${form.OPERATION} ${form.PAYID} ${form.AMOUNT}`);
          answer = platformAnswer({ orderID: '', PAYID: form.PAYID!, PAYIDSUB: '2', STATUS: '8', amount: '19.99' });
        } else {
          answer = platformAnswer({ orderID: form.ORDERID ?? '', PAYID: form.PAYID ?? PAYID_B, STATUS: '9', amount: '19.99' });
        }
        return new Response(xml(answer), { status: 200, headers: { 'content-type': 'text/xml' } });
      },
    });
  };

  it('is never refunded by the server on its own', async () => {
    database = await createTestDatabase('sqlite');
    const kept = await createTestApp(database, { env: { DUPLICATE_PAYMENTS: 'keep' }, deps: { directLink: directLink() } });
    apps.push(kept);
    const [a, b] = (await attemptsOfOneSession(kept, { amount: 1999, currency: 'EUR' })) as [string, string];
    assert.equal((await postServerFeedback(kept, feedbackFor(a, 9, { PAYID: PAYID_A }))).status, 200);
    assert.equal((await postServerFeedback(kept, feedbackFor(b, 9, { PAYID: PAYID_B }))).status, 200);
    await sleep(500);
    const flagged = (await kept.repository.getTransaction(b))!;
    assert.equal(flagged.duplicateOf, a, 'precondition: B flagged');
    const announced = (await kept.repository.listEvents({ reference: b, limit: 50 })).items.filter((e) => e.type === 'payment.duplicate');
    assert.equal((announced[0]?.data as { action?: string } | undefined)?.action, 'keep', 'precondition: announced as kept');
    assert.deepEqual(maintenance, [], 'precondition: nothing sent under keep');
    await kept.close();
    apps.pop();

    // Later: the server restarted without DUPLICATE_PAYMENTS (default: refund). The merchant syncs B.
    const later = await createTestApp(database, { deps: { directLink: directLink() } });
    apps.push(later);
    later.clock.advance(24 * 3600_000);
    const sync = await later.api(`/api/transactions/${b}/sync`, { method: 'POST' });
    assert.ok(sync.status < 300, `sync: ${sync.status} ${await sync.clone().text()}`);
    await sleep(800);

    const synced = (await later.repository.getTransaction(b))!;
    assert.deepEqual(
      maintenance,
      [],
      `the duplicate announced as kept (action "keep") was given back on its own after the restart: ` +
        `maintenance sent ${JSON.stringify(maintenance)}, B now ${synced.state} (refunded ${synced.refundedAmount})`,
    );
    assert.equal(synced.state, 'captured');
  });
});
