/**
 * A querydirect answer STATUS 0 with an NCSTATUS-5 NCERROR (the request refused: the guides'
 * error example `NCSTATUS="5" NCERROR="50001111" … STATUS="0" PAYID="0"`) says nothing about the
 * payment. readQueryAnswer (server/directlink/statuses.ts) read any code off its fixed list —
 * 50001117 "NO IP address origin", a sibling of the listed 50001116 — as the payment's own
 * STATUS 0 ("Invalid or incomplete"): an uncertain payment (92) became `error`, a payment.error
 * webhook went out, and, 0 not being an unresolved status, the reconciler never asked again
 * while the platform may have captured the money.
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
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import type { Repository } from '../../../server/repository/types.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { logCollector } from '../../support/logs.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const quiet = { info() {}, warn() {} };
const MINUTE = 60_000;

describe('a query refused with STATUS 0 and a request error is not the payment status', () => {
  let database: TestDatabase;
  let repository: Repository;
  let ctx: AppContext;
  const clock = manualClock(new Date('2025-06-01T09:00:00.000Z'));
  const PAYID = '3090000077';
  let queries = 0;

  before(async () => {
    database = await createTestDatabase('sqlite');
    ({ repository } = await openTestRepository(database, clock));
    const config = parseServerConfig({ ...TEST_ENV });
    const directLink = {
      newOrder: async () => {
        throw new Error('not used');
      },
      maintenance: async () => {
        throw new Error('not used');
      },
      query: async () => {
        queries += 1;
        // The platform refuses the query itself (the calling IP could not be detected), in the
        // shape of the AM* error example: STATUS 0, NCSTATUS 5, PAYID 0, no amount.
        const parsed = parseDirectLinkResponse(
          '<?xml version="1.0"?><ncresponse orderID="" PAYID="0" NCSTATUS="5" NCERROR="50001117" NCERRORPLUS="NO IP address origin" STATUS="0"/>',
          { currency: 'EUR' },
        );
        assert.ok(parsed.ok, 'a well-formed ncresponse');
        return parsed.result;
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

  it('leaves an uncertain (92) payment pending and queried again, with no payment.error', async () => {
    const start = clock.now().getTime();
    const session = sessionRecord({ amount: 100, createdAt: new Date(start).toISOString() });
    await repository.createSession(session);
    const changed = new Date(start).toISOString();
    const payment = transactionRecord(session.id, {
      state: 'pending',
      lastStatus: 92,
      payid: PAYID,
      amount: 100,
      currency: 'EUR',
      createdAt: changed,
      updatedAt: changed,
    });
    await repository.createTransaction(payment);

    clock.set(new Date(start + 20 * MINUTE));
    const reconciler = createReconciler({
      repository,
      sync: (reference) => syncTransaction(ctx, reference),
      clock,
      intervalMs: 300_000,
      afterMs: 900_000,
      logger: quiet,
    });
    assert.deepEqual(await reconciler.runOnce(), [payment.reference]);
    assert.equal(queries, 1, 'the query was sent');
    const afterRound = await repository.getTransaction(payment.reference);
    const events = (await repository.listEvents({ limit: 20, reference: payment.reference })).items.map((e) => e.type);

    // A round later the payment must still be asked about: the platform never said where it stands.
    clock.set(new Date(start + 40 * MINUTE));
    const nextRound = await reconciler.runOnce();
    await reconciler.close();

    assert.deepEqual(
      { state: afterRound?.state, lastStatus: afterRound?.lastStatus, events, queriedAgain: nextRound },
      { state: 'pending', lastStatus: 92, events: [], queriedAgain: [payment.reference] },
      'a query the platform refused (STATUS 0, NCSTATUS 5) must not settle an uncertain payment as error',
    );
  });
});
