/**
 * RECONCILE_MAX_AGE_DAYS had no upper bound (review r950): RECONCILE_MAX_AGE_DAYS=1000000, meant
 * as "never stop reconciling", started a server whose every reconciler round on PostgreSQL then
 * failed — `new Date(now - maxAgeMs)` is a year before 0, which PostgreSQL refuses — and only a
 * warn line said so, while lost feedbacks were never reconciled. Now the start refuses it naming
 * the setting (at most 3650 days); either that, or a reconciler that runs, is what is asserted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, collectConfigErrors } from '../../../server/config/env.ts';
import { reconcilerSettings } from '../../../server/config/reconciler-settings.ts';
import { createReconciler } from '../../../server/reconciler/reconciler.ts';
import { systemClock } from '../../../server/clock.ts';
import { createTestDatabase, openTestRepository, type TestDatabase } from '../../support/databases.ts';
import { serverEnv } from '../../support/accounts.ts';
import type { Repository } from '../../../server/repository/types.ts';

describe('RECONCILE_MAX_AGE_DAYS out of the range dates can hold (postgres)', () => {
  let database: TestDatabase;
  let repository: Repository;
  before(async () => {
    database = await createTestDatabase('postgres');
    ({ repository } = await openTestRepository(database));
  });
  after(async () => {
    await repository?.close();
    await database?.drop();
  });

  it('is refused at start naming the setting, or the reconciler still runs its rounds', async () => {
    const env = serverEnv('http://127.0.0.1:9', { ...database.env, RECONCILE_MAX_AGE_DAYS: '1000000' });
    const refused = collectConfigErrors(env).some((error) => error instanceof ConfigError && error.variable === 'RECONCILE_MAX_AGE_DAYS');
    if (refused) return;
    const settings = reconcilerSettings(env);
    const warnings: string[] = [];
    const reconciler = createReconciler({
      repository,
      clock: systemClock,
      ...settings,
      sync: async () => undefined,
      logger: { info() {}, warn: (details) => void warnings.push(JSON.stringify(details)) },
    });
    try {
      await assert.doesNotReject(
        reconciler.runOnce(),
        'the start accepted RECONCILE_MAX_AGE_DAYS=1000000, yet every reconciliation round fails on PostgreSQL',
      );
      await assert.doesNotReject(reconciler.backlog(10), 'the reconciler backlog (metrics) fails too');
    } finally {
      await reconciler.close();
    }
  });
});
