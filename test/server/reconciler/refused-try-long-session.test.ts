/**
 * Found by review r1477 (2026-12-07), now fixed.
 *
 * What was wrong: server/reconciler/reconciler.ts `criteria` gives only drafts a maximum age
 * counted from the longest a session lives (`draftsOldest`); a hosted-page try the platform refused
 * (STATUS 2), which the shopper may still follow with a paid try until the page can no longer be
 * paid (payments/hosted-page-tries.ts `awaitsAnotherTry`), is kept `syncNeeded` and deferred by
 * maintenance/sync.ts until `nextQuestionAt` — at the latest `payableUntil`, the session's expiry.
 * For a session of 30 days (the API's maximum, = the default RECONCILE_MAX_AGE_DAYS), that final
 * question falls due at the very age at which the too-old selection
 * (sync-claims.ts `listTooOldForSync`, created_at < now - maxAge for the sync-needed reason) takes
 * the payment instead: the first round after the page closed flags it `needsAttention` with a
 * `payment.needs_attention` webhook ("still unresolved at the platform") and never asks the
 * question that decides between paid and refused. The same defect the drafts had
 * (test/server/reconciler/draft-of-long-session.test.ts), left in place for refused tries.
 *
 * Why it matters: every shopper who had a card refused on a 30-day checkout and went away produces
 * a needs_attention alert for a person, and a shopper who paid with a second try on the last day
 * (feedback lost) is never found by the reconciler: the order stays declined while paid.
 *
 * Expectation: once the page can no longer be paid, the refused try is asked about one last time
 * (by ORDERID) and settled, without a needs_attention flag or event.
 *
 * The fix: repository/sync-claims.ts `failedTryOnPage` gives a hosted-page try refused or invalid
 * (STATUS 2 or 0, no saved card) still flagged syncNeeded the drafts' bound (`draftsOldest`), in
 * the claim and in the too-old list alike: its maximum age counts from the longest a session lives.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AppContext } from '../../../server/app-context.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createAppContext } from '../../../server/create-app-context.ts';
import type { DirectLinkClient } from '../../../server/directlink/client.ts';
import type { DirectLinkResult } from '../../../server/directlink/response.ts';
import { createLogger } from '../../../server/logger.ts';
import { syncTransaction } from '../../../server/maintenance/index.ts';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { logCollector } from '../../support/logs.ts';

const quiet = { info() {}, warn() {} };
const MINUTE = 60_000;
const DAY = 86_400_000;

function refused(): DirectLinkResult {
  return {
    status: 2,
    ok: true,
    orderId: undefined,
    payId: '3077000001',
    payIdSub: 0,
    ncStatus: '3',
    ncError: '30001001',
    ncErrorPlus: 'refused',
    ncErrorMessage: '',
    acceptance: undefined,
    eci: undefined,
    amountMinor: 1999,
    currency: 'EUR',
    pm: 'CreditCard',
    brand: 'VISA',
    alias: undefined,
    cardNumber: undefined,
    htmlAnswer: undefined,
    raw: {},
  };
}

for (const kind of DATABASE_KINDS) {
  describe(`a refused hosted-page try of a 30-day session, on ${kind}`, () => {
    let ctx: AppContext;
    const queries: { at: number; request: unknown }[] = [];
    let platformDown = false;
    const t = useTestApp(kind);
    before(async () => {
      const config = parseServerConfig({ ...TEST_ENV });
      const directLink = {
        newOrder: async () => {
          throw new Error('not used');
        },
        maintenance: async () => {
          throw new Error('not used');
        },
        query: async (request: unknown) => {
          queries.push({ at: t.clock.now().getTime(), request });
          if (platformDown) throw new Error('platform unreachable');
          return refused();
        },
      } as unknown as DirectLinkClient;
      ctx = createAppContext({
        config: { ...config, publicUrl: config.publicUrl! },
        repository: t.repository,
        logger: createLogger({ level: 'debug', destination: logCollector([]) }),
        clock: t.clock,
        directLink,
      });
    });

    it('is asked one last time when its page closes, not flagged for a person', async () => {
      const start = t.clock.now().getTime();
      const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', expiresIn: 30 * 24 * 3600 });
      // Defaults: RECONCILE_INTERVAL_SECONDS 300, RECONCILE_AFTER_SECONDS 900, max age 30 days.
      const reconciler = createReconciler({
        repository: t.repository,
        sync: (ref, beforeQuery) => syncTransaction(ctx, ref, { beforeQuery }),
        clock: t.clock,
        intervalMs: 300_000,
        afterMs: 900_000,
        logger: quiet,
      });
      try {
        // The draft's first question (11 min): the platform answers the refused try.
        t.clock.set(new Date(start + 11 * MINUTE));
        await reconciler.runOnce();
        const first = await t.repository.getTransaction(reference);
        assert.equal(first?.lastStatus, 2, 'the refused try was read');
        assert.equal(first?.syncNeeded, true, 'asked again while the page may still be paid');
        // Rounds through the session's life (one a day is enough to follow the spaced-out questions),
        // then every 5 minutes around its expiry.
        for (let day = 1; day < 30; day++) {
          t.clock.set(new Date(start + day * DAY + 2 * MINUTE));
          await reconciler.runOnce();
        }
        for (let at = 30 * DAY - 18 * MINUTE; at <= 30 * DAY + 22 * MINUTE; at += 5 * MINUTE) {
          t.clock.set(new Date(start + at));
          await reconciler.runOnce();
        }
      } finally {
        await reconciler.close();
      }
      const after = await t.repository.getTransaction(reference);
      const events = (await t.repository.listEvents({ limit: 20, reference })).items.map((e) => e.type);
      const closed = start + 30 * DAY;
      const askedAfterClose = queries.filter((q) => q.at >= closed).length;
      assert.deepEqual(
        {
          needsAttention: after?.needsAttention ?? false,
          needsAttentionEvents: events.filter((e) => e === 'payment.needs_attention').length,
          askedAfterClose,
        },
        { needsAttention: false, needsAttentionEvents: 0, askedAfterClose: 1 },
        `the refused try of a 30-day session was flagged for a person instead of being asked its final question once the page ` +
          `closed (state ${after?.state}, syncNeeded ${after?.syncNeeded}, events ${JSON.stringify(events)}, ` +
          `queries at days ${JSON.stringify(queries.map((q) => +((q.at - start) / DAY).toFixed(4)))})`,
      );
    });

    it("whose questions keep failing is flagged for a person once, a session's life past the maximum age", async () => {
      const start = t.clock.now().getTime();
      const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', expiresIn: 30 * 24 * 3600 });
      const reconciler = createReconciler({
        repository: t.repository,
        sync: (ref, beforeQuery) => syncTransaction(ctx, ref, { beforeQuery }),
        clock: t.clock,
        intervalMs: 300_000,
        afterMs: 900_000,
        logger: quiet,
      });
      try {
        t.clock.set(new Date(start + 11 * MINUTE));
        await reconciler.runOnce();
        const first = await t.repository.getTransaction(reference);
        assert.equal(first?.lastStatus, 2, `the refused try was read (state ${first?.state})`);
        platformDown = true;
        let flaggedOnDay: number | undefined;
        for (let day = 1; day <= 62; day++) {
          t.clock.set(new Date(start + day * DAY + 2 * MINUTE));
          await reconciler.runOnce();
          if (flaggedOnDay === undefined && (await t.repository.getTransaction(reference))?.needsAttention) flaggedOnDay = day;
        }
        const events = (await t.repository.listEvents({ limit: 20, reference })).items.map((e) => e.type);
        assert.deepEqual(
          { flaggedOnDay, needsAttentionEvents: events.filter((e) => e === 'payment.needs_attention').length },
          // RECONCILE_MAX_AGE_DAYS (30) counted from the end of the longest session's life (30 days).
          { flaggedOnDay: 60, needsAttentionEvents: 1 },
        );
      } finally {
        platformDown = false;
        await reconciler.close();
      }
    });
  });
}
