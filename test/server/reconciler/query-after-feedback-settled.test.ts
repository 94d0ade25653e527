/**
 * Found by review r1476 (2026-12-07), now fixed.
 *
 * What was wrong: server/reconciler/reconciler.ts `round` claims the due payments
 * (sync-claims.ts `claimForSync`) and then, one after the other, hands each to the sync
 * (server/maintenance/sync.ts `syncTransaction` / `syncOnce`), which queries the platform without
 * checking that the payment still awaits it (sync-claims.ts `awaitsPlatform`). A feedback that
 * settles the payment between the claim and its turn in the round (a round works through up to 50
 * payments, a query's time each) does not stop the query: a captured payment whose feedback told
 * us everything is queried all the same. reconciler/attention.ts re-checks `awaitsPlatform` under
 * the row lock for exactly this race (review of needs_attention); the query path does not.
 *
 * Why it matters: DirectLink guide §5.4 forbids systematic queries ("to obtain transaction
 * feedback for each transaction"); docs/ogone-protocol.md §9 says the reconciler "queries only
 * what is unresolved". Under load (a backlog round while feedback arrives) every payment settled
 * by its feedback meanwhile still costs a querydirect call, the traffic that gets a merchant's
 * querydirect access restricted.
 *
 * The same holds inside the sync: an answer overtaken by a change of the payment (a feedback
 * applied while the query was on the wire) is "asked once more" (sync.ts `syncTransaction`) —
 * even when that feedback captured the payment and nothing is left to ask.
 *
 * Expectation: a payment captured by its feedback after the round claimed it, before its query,
 * is not queried by the reconciler; one captured while its query was on the wire is not queried a
 * second time.
 *
 * The fix: the round skips a payment settled since its claim (reconciler.ts), and an overtaken answer is asked again only while the payment still awaits the platform (maintenance/sync.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AppContext } from '../../../server/app-context.ts';
import { manualClock } from '../../../server/clock.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createAppContext } from '../../../server/create-app-context.ts';
import type { DirectLinkClient } from '../../../server/directlink/client.ts';
import type { DirectLinkResult } from '../../../server/directlink/response.ts';
import { applyFeedback } from '../../../server/feedback/apply.ts';
import { createLogger } from '../../../server/logger.ts';
import { syncTransaction } from '../../../server/maintenance/index.ts';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestDatabase, openTestRepository, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { logCollector } from '../../support/logs.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const quiet = { info() {}, warn() {} };
const PAYID = '3090000077';

function answer(fields: Partial<DirectLinkResult>): DirectLinkResult {
  return {
    status: 0,
    ok: true,
    orderId: undefined,
    payId: undefined,
    payIdSub: undefined,
    ncStatus: undefined,
    ncError: '0',
    ncErrorPlus: '!',
    ncErrorMessage: '',
    acceptance: undefined,
    eci: undefined,
    amountMinor: undefined,
    currency: undefined,
    pm: undefined,
    brand: undefined,
    alias: undefined,
    cardNumber: undefined,
    htmlAnswer: undefined,
    raw: {},
    ...fields,
  };
}

for (const kind of DATABASE_KINDS) {
  describe(`a payment settled by feedback between the claim and its query, on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let ctx: AppContext;
    const clock = manualClock(new Date('2025-06-01T09:00:00.000Z'));
    const queries: unknown[] = [];
    /** Runs once, while a query is on the wire. */
    let duringQuery: (() => Promise<void>) | undefined;

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database, clock));
      const config = parseServerConfig({ ...TEST_ENV });
      const directLink = {
        newOrder: async () => {
          throw new Error('not used');
        },
        maintenance: async () => {
          throw new Error('not used');
        },
        query: async (request: unknown) => {
          queries.push(request);
          const hook = duringQuery;
          duringQuery = undefined;
          if (hook) await hook();
          return answer({ status: 9, payId: PAYID, payIdSub: 0, amountMinor: 1999, currency: 'EUR' });
        },
      } as unknown as DirectLinkClient;
      ctx = createAppContext({
        config: { ...config, publicUrl: config.publicUrl! },
        repository,
        logger: createLogger({ level: 'debug', destination: logCollector([]) }),
        clock,
        directLink,
        webhooks: { nudge() {} },
      } as any);
    });
    after(async () => {
      await repository?.close();
      await database?.drop();
    });

    it('is not queried once its feedback captured it', async () => {
      const now = clock.now().getTime();
      const created = new Date(now - 3_600_000).toISOString();
      const session = sessionRecord({ createdAt: created });
      await repository.createSession(session);
      // Waiting for its 3-D Secure outcome for an hour: due.
      const payment = transactionRecord(session.id, {
        state: 'pending',
        lastStatus: 46,
        payid: PAYID,
        amount: 1999,
        currency: 'EUR',
        createdAt: created,
        updatedAt: created,
      });
      await repository.createTransaction(payment);

      // The round has claimed it; before its turn comes, the platform's feedback STATUS 9 lands.
      const claiming = new Proxy(repository, {
        get(target, name, receiver) {
          if (name === 'claimForSync') {
            return async (...args: Parameters<Repository['claimForSync']>) => {
              const claimed = await target.claimForSync(...args);
              const applied = await applyFeedback(
                ctx,
                {
                  reference: payment.reference,
                  status: 9,
                  params: { ORDERID: payment.reference, STATUS: '9', AMOUNT: '19.99', CURRENCY: 'EUR', PAYID, NCERROR: '0' },
                },
                'server',
              );
              assert.equal(applied?.after.state, 'captured', 'the feedback settled the payment');
              return claimed;
            };
          }
          const value = Reflect.get(target, name, receiver) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }) as Repository;

      const reconciler = createReconciler({
        repository: claiming,
        sync: (reference, beforeQuery) => syncTransaction(ctx, reference, { beforeQuery }),
        clock,
        intervalMs: 300_000,
        afterMs: 900_000,
        logger: quiet,
      });
      try {
        await reconciler.runOnce();
      } finally {
        await reconciler.close();
      }
      const final = await repository.getTransaction(payment.reference);
      assert.equal(final?.state, 'captured');
      assert.deepEqual(
        queries,
        [],
        `the reconciler queried a payment its feedback had already captured (state ${final?.state}, last STATUS ` +
          `${final?.lastStatus}, syncNeeded ${final?.syncNeeded}): ${queries.length} querydirect call(s) for a payment ` +
          'that no longer awaited the platform',
      );
    });

    it('is not asked a second time once a feedback captured it while its query was on the wire', async () => {
      queries.length = 0;
      const now = clock.now().getTime();
      const created = new Date(now - 3_600_000).toISOString();
      const session = sessionRecord({ createdAt: created });
      await repository.createSession(session);
      const payment = transactionRecord(session.id, {
        state: 'pending',
        lastStatus: 46,
        payid: PAYID,
        amount: 1999,
        currency: 'EUR',
        createdAt: created,
        updatedAt: created,
      });
      await repository.createTransaction(payment);
      duringQuery = async () => {
        const applied = await applyFeedback(
          ctx,
          {
            reference: payment.reference,
            status: 9,
            params: { ORDERID: payment.reference, STATUS: '9', AMOUNT: '19.99', CURRENCY: 'EUR', PAYID, NCERROR: '0' },
          },
          'server',
        );
        assert.equal(applied?.after.state, 'captured', 'the feedback settled the payment');
      };
      const reconciler = createReconciler({
        repository,
        sync: (reference, beforeQuery) => syncTransaction(ctx, reference, { beforeQuery }),
        clock,
        intervalMs: 300_000,
        afterMs: 900_000,
        logger: quiet,
      });
      let queried: string[];
      try {
        queried = await reconciler.runOnce();
      } finally {
        await reconciler.close();
      }
      const final = await repository.getTransaction(payment.reference);
      assert.deepEqual(queried, [payment.reference]);
      assert.equal(final?.state, 'captured');
      assert.equal(
        queries.length,
        1,
        `the payment was queried ${queries.length} times in one round: its first answer was overtaken by the feedback that ` +
          `captured it (state ${final?.state}, syncNeeded ${final?.syncNeeded}), and the sync asked the platform again about a ` +
          'payment that no longer awaited it',
      );
    });
  });
}
