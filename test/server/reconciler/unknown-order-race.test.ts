/**
 * A stale "unknown order" (NCERROR 50001130) query answer racing a feedback. A setup session's card
 * verification is still a draft (no PAYID) when the reconciler queries it by ORDERID; the platform
 * answers "unknown order" — and before that answer is applied, another instance applies the
 * platform's feedback STATUS 5 (authorised), which sets `syncNeeded` for its review (the cancel),
 * and dies before that review runs. maintenance/sync.ts `orderUnknown` applied the stale answer
 * anyway: it cleared `syncNeeded` on the now authorised payment, and no later round asked about it
 * again, so the verification's 1.00 stayed held. Now the answer is overtaken, as any other: asked
 * again by PAYID, its review cancels the verification once.
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
import { NCERROR } from '../../../shared/ncerror.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestDatabase, openTestRepository, DATABASE_KINDS, type TestDatabase } from '../../support/databases.ts';
import { logCollector } from '../../support/logs.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const quiet = { info() {}, warn() {} };
const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  describe(`a stale unknown-order answer racing the verification's feedback on ${kind}`, () => {
    let database: TestDatabase;
    let repository: Repository;
    let ctx: AppContext;
    const clock = manualClock(new Date('2025-06-01T09:00:00.000Z'));
    /** Runs once, when the platform's "unknown order" answer is on its way back. */
    let beforeUnknownAnswer: (() => Promise<void>) | undefined;
    const maintenanceCalls: string[] = [];
    const PAYID = '3090000001';

    before(async () => {
      database = await createTestDatabase(kind);
      ({ repository } = await openTestRepository(database, clock));
      const config = parseServerConfig({ ...TEST_ENV });
      const directLink: DirectLinkClient = {
        newOrder: async () => {
          throw new Error('not used');
        },
        maintenance: async (request: any) => {
          maintenanceCalls.push(String(request.operation));
          return answer({ status: 6, payId: PAYID, payIdSub: 1, amountMinor: request.amount, currency: 'EUR' });
        },
        query: async (request: any) => {
          if (request.payId) {
            // Once the PAYID is known: the platform has the authorisation.
            return answer({ status: 5, payId: PAYID, payIdSub: 0, amountMinor: 100, currency: 'EUR', orderId: undefined });
          }
          const hook = beforeUnknownAnswer;
          beforeUnknownAnswer = undefined;
          if (hook) await hook();
          return answer({ ok: false, status: 0, ncError: NCERROR.ORDER_NOT_FOUND });
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

    it('is asked again, and the verification is cancelled once', async () => {
      const start = clock.now().getTime();
      const session = sessionRecord({
        mode: 'setup',
        amount: 0,
        customer: { id: `cust-rec-${kind}` },
        createdAt: new Date(start).toISOString(),
        expiresAt: new Date(start + 60 * MINUTE).toISOString(),
      } as any);
      await repository.createSession(session);
      const created = new Date(start).toISOString();
      const payment = transactionRecord(session.id, {
        state: 'draft',
        amount: 100,
        currency: 'EUR',
        customerId: `cust-rec-${kind}`,
        createdAt: created,
        updatedAt: created,
      });
      await repository.createTransaction(payment);

      // The reconciler's round 11 minutes later queries the draft by ORDERID. While the platform's
      // "unknown order" answer is on its way, another instance applies the platform's feedback
      // STATUS 5 and dies before its review (the cancel) runs: only the feedback's write happened.
      beforeUnknownAnswer = async () => {
        const applied = await applyFeedback(
          ctx,
          {
            reference: payment.reference,
            status: 5,
            params: { ORDERID: payment.reference, STATUS: '5', AMOUNT: '1', CURRENCY: 'EUR', PAYID: PAYID, NCERROR: '0' },
          },
          'server',
        );
        assert.equal(applied?.after.state, 'authorized');
        assert.equal(applied?.after.syncNeeded, true, 'the feedback asks the reconciler to come back');
      };
      clock.set(new Date(start + 11 * MINUTE));
      const reconciler = createReconciler({
        repository,
        sync: (reference) => syncTransaction(ctx, reference),
        clock,
        intervalMs: 300_000,
        afterMs: 900_000,
        logger: quiet,
      });
      assert.deepEqual(await reconciler.runOnce(), [payment.reference]);
      assert.equal(beforeUnknownAnswer, undefined, 'the race happened');
      await sleep(200); // any background review the sync started

      // Later rounds send nothing more: one cancel, the flag let go once it is recorded.
      for (let i = 1; i <= 12; i++) {
        clock.set(new Date(start + 11 * MINUTE + i * 5 * MINUTE));
        await reconciler.runOnce();
        await sleep(50);
      }
      await reconciler.close();
      await sleep(200);
      const final = await repository.getTransaction(payment.reference);
      assert.deepEqual(
        { cancels: maintenanceCalls, state: final?.state },
        { cancels: ['DES'], state: 'cancelled' },
        'the stale unknown-order answer must not leave the verification authorised',
      );
    });
  });
}
