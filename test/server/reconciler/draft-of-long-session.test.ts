/**
 * An abandoned hosted-page attempt of a session that lives as long as the reconciler's maximum age
 * (expiresIn 30 days, the API's maximum; RECONCILE_MAX_AGE_DAYS 30, the default). The platform
 * never knew the order, so once the session has expired the attempt becomes `expired`
 * (docs/ogone-protocol.md §9). The too-old selection used to count the draft's age from its
 * creation: it flagged it `needsAttention` with a `payment.needs_attention` webhook, and the claim
 * no longer took it. A draft's maximum age now counts from the longest a session lives.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AppContext } from '../../../server/app-context.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createAppContext } from '../../../server/create-app-context.ts';
import type { DirectLinkClient } from '../../../server/directlink/client.ts';
import { createLogger } from '../../../server/logger.ts';
import { syncTransaction } from '../../../server/maintenance/index.ts';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { NCERROR } from '../../../shared/ncerror.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { logCollector } from '../../support/logs.ts';

const quiet = { info() {}, warn() {} };
const MINUTE = 60_000;
const DAY = 86_400_000;

describe('an abandoned attempt of a 30-day session at its expiry', () => {
  let ctx: AppContext;

  const t = useTestApp('sqlite');
  before(async () => {
    const config = parseServerConfig({ ...TEST_ENV });
    // The platform never saw the order: every query answers "unknown order" (50001130).
    const directLink: DirectLinkClient = {
      newOrder: async () => {
        throw new Error('not used');
      },
      maintenance: async () => {
        throw new Error('not used');
      },
      query: async () => ({ ok: false, status: 88, ncError: NCERROR.ORDER_NOT_FOUND }) as any,
    };
    ctx = createAppContext({
      config: { ...config, publicUrl: config.publicUrl! },
      repository: t.repository,
      logger: createLogger({ level: 'debug', destination: logCollector([]) }),
      clock: t.clock,
      directLink,
    });
  });

  it('becomes expired once its session expired, without a needs_attention flag or webhook', async () => {
    const start = t.clock.now().getTime();
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', expiresIn: 30 * 24 * 3600 });
    // Defaults: RECONCILE_INTERVAL_SECONDS 300, RECONCILE_AFTER_SECONDS 900, draft after 600 s, max age 30 days.
    const reconciler = createReconciler({
      repository: t.repository,
      sync: (ref) => syncTransaction(ctx, ref),
      clock: t.clock,
      intervalMs: 300_000,
      afterMs: 900_000,
      logger: quiet,
    });
    // A first round after 11 minutes: unknown to the platform, the session still open: asked again later.
    t.clock.set(new Date(start + 11 * MINUTE));
    await reconciler.runOnce();
    assert.equal((await t.repository.getTransaction(reference))?.state, 'draft');
    // The first round after the session's expiry (rounds every 5 minutes): the attempt is expired.
    t.clock.set(new Date(start + 30 * DAY + 1000));
    await reconciler.runOnce();
    const after = await t.repository.getTransaction(reference);
    const events = (await t.repository.listEvents({ limit: 10, reference })).items.map((e) => e.type);
    await reconciler.close();
    assert.deepEqual(
      { state: after?.state, needsAttention: after?.needsAttention ?? false, events },
      { state: 'expired', needsAttention: false, events: [] },
    );
  });
});
