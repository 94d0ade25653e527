/**
 * Found by review r760: a server started with payments disabled (OGONE_ENVIRONMENT=disabled: no
 * API user, no DirectLink client) "confirmed" every pending alias deletion its background deleter
 * could claim, without sending anything: deletions requested while payments were enabled whose
 * DELALIAS failed, and repeats of saved cards, were recorded done with `alias.deleted` while the
 * platform still held the aliases, and nothing was left to retry them.
 *
 * Now expected (docs/ogone-protocol.md §10: deleted here only once the platform confirms; §14
 * "`DELETE` without an API user"):
 * the deleter runs no claims without a DirectLink client (server/aliases/deletion.ts
 * createAliasDeleter), so the deletion stays pending, unannounced, for a server that can send it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAliasDeleter, DEFAULT_ALIAS_DELETION, forgetAlias, retryDelayMs } from '../../../server/aliases/deletion.ts';
import { manualClock } from '../../../server/clock.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createAppContext } from '../../../server/create-app-context.ts';
import { createLogger } from '../../../server/logger.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { logCollector } from '../../support/logs.ts';
import { savedCardRecord } from '../../support/records.ts';
import { useTestRepository } from '../../support/test-repository.ts';

const START = new Date('2025-03-01T12:00:00.000Z');

describe('a pending alias deletion on a server whose payments are disabled', () => {
  const clock = manualClock(START);
  const store = useTestRepository('sqlite', clock);

  it('is not recorded as deleted (nor announced) without a DELALIAS', async () => {
    const { repository } = store;
    const now = () => clock.now().toISOString();
    const id = await savedCardRecord(repository, 'cust-deleter-disabled', 'OC-DELETER-DISABLED');
    // Forgotten while payments were enabled; its DELALIAS failed (platform down): retried later.
    await repository.requestAliasDeletion(id, now());
    const [claim] = await repository.claimAliasDeletions({ now: now(), limit: 1, leaseMs: 60_000, id });
    assert.ok(claim);
    const nextAttemptAt = new Date(clock.now().getTime() + retryDelayMs(DEFAULT_ALIAS_DELETION, 1)).toISOString();
    assert.equal(await repository.recordAliasDeletion(id, { ok: false, error: 'HTTP 503', nextAttemptAt, claim }), true);

    // The instance is restarted with OGONE_ENVIRONMENT=disabled: no API user, no DirectLink.
    const config = parseServerConfig({ ...TEST_ENV, OGONE_ENVIRONMENT: 'disabled' });
    const logs: string[] = [];
    const ctx = createAppContext({
      config: { ...config, publicUrl: config.publicUrl! },
      repository,
      clock,
      logger: createLogger({ level: 'debug', destination: logCollector(logs) }),
      aliasDeletion: { ...DEFAULT_ALIAS_DELETION, intervalMs: 0 },
    });
    assert.equal(ctx.directLink, undefined, 'precondition: nothing can be sent to the platform');
    clock.advance(retryDelayMs(DEFAULT_ALIAS_DELETION, 1) + 1000);
    const deleter = createAliasDeleter(ctx);
    const confirmed = await deleter.runOnce();
    await deleter.close();

    const after = await repository.getAlias(id);
    const deletedEvents = (await repository.listEvents({ limit: 50, type: 'alias.deleted' })).items.filter(
      (e) => (e.data as { id?: string }).id === id,
    );
    assert.deepEqual(
      { confirmed, status: after?.deletionStatus, deletedAt: after?.deletedAt, events: deletedEvents.length },
      { confirmed: [], status: 'pending', deletedAt: null, events: 0 },
      'the alias is still stored at the platform: its deletion must stay pending, not be confirmed and announced',
    );

    // A DELETE of the card on that server forgets it here (no longer listed nor chargeable) and
    // leaves its deletion at the platform pending too, unannounced (§14; review r1160: it was
    // answered "deleted" and announced while the platform still held the card).
    const forgotten = await forgetAlias(ctx, id);
    assert.deepEqual({ status: forgotten.status, deletion: forgotten.body.deletionStatus }, { status: 202, deletion: 'deletion_pending' });
    assert.ok(
      logs.some((line) => line.includes('waits for a server with an API user')),
      'the DELETE warns that the deletion at the platform waits',
    );
  });
});
