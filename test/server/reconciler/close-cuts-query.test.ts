/**
 * The reconciler's close() cuts the query in flight (review r1735: a sync of several slow queries
 * ran to its end, past serve's stop deadline). A cut query is no answer: an abandoned attempt
 * whose page can no longer be paid, which "unknown order" would expire, stays as it was, and the
 * payment is handed back at once, due at the next round, not held for a queried one's lease.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AppContext } from '../../../server/app-context.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createAppContext } from '../../../server/create-app-context.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { createLogger } from '../../../server/logger.ts';
import { syncTransaction } from '../../../server/maintenance/index.ts';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { logCollector } from '../../support/logs.ts';
import { eventually } from '../../support/waiting.ts';

const HOUR = 3_600_000;

describe("the reconciler's close() during a query", () => {
  let ctx: AppContext;
  const lines: string[] = [];
  /** Queries that reached the platform; each is answered only when its signal aborts. */
  let queries = 0;

  const t = useTestApp('sqlite');
  before(async () => {
    const config = parseServerConfig({ ...TEST_ENV });
    // A platform that holds every query: nothing is answered before the cut.
    const holding: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        queries++;
        const signal = init!.signal!;
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    const logger = createLogger({ level: 'debug', destination: logCollector(lines) });
    ctx = createAppContext({
      config: { ...config, publicUrl: config.publicUrl! },
      repository: t.repository,
      logger,
      clock: t.clock,
      directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: holding, queryTimeoutMs: 60_000, logger }),
    });
  });

  it('cuts it at once: nothing applied, not read as "unknown order", the payment due again at once', async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', expiresIn: 900 });
    // Its session expired and the page can no longer be paid: an "unknown order" would expire it.
    t.clock.advance(2 * HOUR);
    const before = await t.repository.getTransaction(reference);
    assert.equal(before?.state, 'draft');

    const observed: string[] = [];
    const reconciler = createReconciler({
      repository: t.repository,
      sync: (ref, beforeQuery, stop) => syncTransaction(ctx, ref, { beforeQuery, stop }),
      clock: t.clock,
      intervalMs: 300_000,
      afterMs: 0,
      logger: { info() {}, warn() {} },
      observer: { query: (result) => observed.push(result), needsAttention() {} },
    });
    const round = reconciler.runOnce();
    await eventually(
      () => queries,
      (n) => n === 1,
      'the query sent',
    );
    const started = Date.now();
    await reconciler.close();
    assert.ok(Date.now() - started < 2_000, `close() cuts the query rather than wait for it (${Date.now() - started} ms)`);
    assert.deepEqual(await round, [], 'a cut query is not a payment queried');
    assert.deepEqual(observed, [], 'nor a failed query');

    const after = await t.repository.getTransaction(reference);
    assert.deepEqual(
      { state: after?.state, updatedAt: after?.updatedAt },
      { state: 'draft', updatedAt: before!.updatedAt },
      'the cut query changed nothing',
    );
    assert.ok(
      lines.some((line) => /was cut: the server is stopping/.test(line)),
      'the client says the query was cut, not answered',
    );

    // Handed back: the next round (another instance, or this one after the restart) asks at once.
    const next: string[] = [];
    const again = createReconciler({
      repository: t.repository,
      sync: async (ref) => next.push(ref),
      clock: t.clock,
      intervalMs: 300_000,
      afterMs: 0,
      logger: { info() {}, warn() {} },
    });
    try {
      assert.deepEqual(await again.runOnce(), [reference]);
    } finally {
      await again.close();
    }
    assert.equal(queries, 1, 'nothing was sent after the cut');
  });
});
