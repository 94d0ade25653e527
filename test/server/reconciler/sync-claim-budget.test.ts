/**
 * Two reconcilers (two instances) on one PostgreSQL database. A round claims each payment for its
 * lease plus QUERY_BUDGET_MS (server/reconciler/reconciler.ts), and what runs under that claim is
 * a whole sync (server/maintenance/sync.ts): the head query, then a query per history level it
 * needs, each allowed the client's 10 s query timeout. Claimed for one query's time (15 s), a sync
 * of three queries of 9 s each outlived the claim, and the other instance claimed the payment and
 * queried it again while the first sync was still asking the platform; the claim is now renewed
 * before each query (`beforeQuery`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AppContext } from '../../../server/app-context.ts';
import { manualClock } from '../../../server/clock.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createAppContext } from '../../../server/create-app-context.ts';
import type { DirectLinkClient } from '../../../server/directlink/client.ts';
import { parseDirectLinkResponse } from '../../../server/directlink/response.ts';
import { createLogger } from '../../../server/logger.ts';
import { syncTransaction } from '../../../server/maintenance/index.ts';
import { createReconciler, type Reconciler } from '../../../server/reconciler/reconciler.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { logCollector } from '../../support/logs.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const quiet = { info() {}, warn() {} };
const MINUTE = 60_000;
/** Each query's time at the platform: below the client's 10 s query timeout (DirectLink guide §5.4). */
const QUERY_TIME_MS = 9_000;

describe('a sync of several queries and the reconciler claim, two instances on postgres', () => {
  let database: TestDatabase;
  let first: Repository;
  let second: Repository;
  let ctx: AppContext;
  const clock = manualClock(new Date('2025-06-01T09:00:00.000Z'));
  const PAYID = '3090000088';
  /** Set by the test: run while instance A's sync waits for its third query's answer. */
  let duringThirdQuery: (() => Promise<void>) | undefined;
  const asked: string[] = [];

  function xml(attributes: string): ReturnType<typeof parseDirectLinkResponse> {
    return parseDirectLinkResponse(`<?xml version="1.0"?><ncresponse ${attributes}/>`, { currency: 'EUR' });
  }

  before(async () => {
    database = await createTestDatabase('postgres');
    ({ repository: first } = await openTestRepository(database, clock));
    ({ repository: second } = await openTestRepository(database, clock));
    const config = parseServerConfig({ ...TEST_ENV });
    const directLink = {
      newOrder: async () => {
        throw new Error('not used');
      },
      maintenance: async () => {
        throw new Error('not used');
      },
      query: async (request: { payId?: string; payIdSub?: number }) => {
        asked.push(request.payIdSub === undefined ? 'head' : `level ${request.payIdSub}`);
        clock.set(new Date(clock.now().getTime() + QUERY_TIME_MS));
        if (asked.length === 3 && duringThirdQuery) {
          const hook = duringThirdQuery;
          duringThirdQuery = undefined;
          await hook();
        }
        // A refund made in Ogone's back office after the capture: STATUS 8 at history level 2.
        const parsed =
          request.payIdSub === undefined
            ? xml(`orderID="" PAYID="${PAYID}" PAYIDSUB="2" NCSTATUS="0" NCERROR="0" STATUS="8" amount="0.40" currency="EUR"`)
            : request.payIdSub === 1
              ? xml(`orderID="" PAYID="${PAYID}" PAYIDSUB="1" NCSTATUS="0" NCERROR="0" STATUS="9" amount="1" currency="EUR"`)
              : xml(`orderID="" PAYID="${PAYID}" PAYIDSUB="2" NCSTATUS="0" NCERROR="0" STATUS="8" amount="0.40" currency="EUR"`);
        assert.ok(parsed.ok);
        return parsed.result;
      },
    } as unknown as DirectLinkClient;
    ctx = createAppContext({
      config: { ...config, publicUrl: config.publicUrl! },
      repository: first,
      logger: createLogger({ level: 'debug', destination: logCollector([]) }),
      clock,
      directLink,
      webhooks: { nudge() {} },
    } as any);
  });
  after(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('the other instance does not claim and query the payment while the first sync is still asking', async () => {
    const start = clock.now().getTime();
    const session = sessionRecord({ amount: 100, createdAt: new Date(start).toISOString() });
    await first.createSession(session);
    const changed = new Date(start).toISOString();
    // Authorised, its capture processing (91): unresolved, queried by PAYID.
    const payment = transactionRecord(session.id, {
      state: 'authorized',
      lastStatus: 91,
      payid: PAYID,
      amount: 100,
      currency: 'EUR',
      createdAt: changed,
      updatedAt: changed,
    });
    await first.createTransaction(payment);
    clock.set(new Date(start + 20 * MINUTE));

    const tuning = { clock, intervalMs: 1_000, afterMs: 900_000, logger: quiet };
    const instanceA: Reconciler = createReconciler({
      ...tuning,
      repository: first,
      sync: (reference, beforeQuery) => syncTransaction(ctx, reference, { beforeQuery }),
    });
    const queriedByB: string[] = [];
    const instanceB: Reconciler = createReconciler({
      ...tuning,
      repository: second,
      sync: async (reference) => {
        queriedByB.push(reference);
      },
    });
    let bRound: string[] | undefined;
    duringThirdQuery = async () => {
      // Instance A's sync is on its third query (27 s in); instance B's timer fires a round.
      bRound = await instanceB.runOnce();
    };

    assert.deepEqual(await instanceA.runOnce(), [payment.reference]);
    await instanceA.close();
    await instanceB.close();
    assert.deepEqual(asked, ['head', 'level 1', 'level 2'], 'one sync: the head query and the two history levels');
    assert.ok(bRound !== undefined, 'instance B ran a round while the sync was in flight');
    assert.deepEqual(queriedByB, [], 'instance B claimed and queried a payment whose sync by instance A was still in flight');
  });
});
