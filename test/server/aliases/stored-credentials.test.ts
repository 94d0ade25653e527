/**
 * The credential-on-file flags (docs/ogone-protocol.md §11): literal values per request, and the
 * OGONE_COF_SCHEDULE setting — validated with one error naming it, `none` sending no schedule.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { firstStorage, merchantSubsequent, shopperSubsequent, storedCredentialFields } from '../../../server/aliases/stored-credentials.ts';
import { ConfigError, parseServerConfig } from '../../../server/config/env.ts';
import { buildHostedPageRequest } from '../../../server/payments/hosted-page.ts';
import { sessionRecord } from '../../support/records.ts';
import { TEST_ENV } from '../../support/accounts.ts';

describe('stored credentials', () => {
  it('the three requests carry the literal values', () => {
    const config = parseServerConfig(TEST_ENV);
    assert.equal(config.cofSchedule, 'UNSCHED');
    assert.deepEqual(storedCredentialFields(firstStorage(config)), {
      COF_INITIATOR: 'CIT',
      COF_TRANSACTION: 'FIRST',
      COF_SCHEDULE: 'UNSCHED',
    });
    assert.deepEqual(storedCredentialFields(shopperSubsequent()), { COF_INITIATOR: 'CIT', COF_TRANSACTION: 'SUBSEQ' });
    assert.deepEqual(merchantSubsequent(config), { initiator: 'MIT', transaction: 'SUBSEQ', schedule: 'UNSCHED' });
  });

  it('OGONE_COF_SCHEDULE: SCHED or none change the schedule; anything else is refused naming the setting', () => {
    assert.deepEqual(merchantSubsequent(parseServerConfig({ ...TEST_ENV, OGONE_COF_SCHEDULE: 'SCHED' })).schedule, 'SCHED');
    const none = parseServerConfig({ ...TEST_ENV, OGONE_COF_SCHEDULE: 'none' });
    assert.equal(none.cofSchedule, null);
    assert.deepEqual(merchantSubsequent(none), { initiator: 'MIT', transaction: 'SUBSEQ' });
    assert.throws(
      () => parseServerConfig({ ...TEST_ENV, OGONE_COF_SCHEDULE: 'monthly' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.variable, 'OGONE_COF_SCHEDULE');
        assert.match(error.message, /UNSCHED, SCHED or none/);
        return true;
      },
    );
  });

  it('the hosted page signs the COF fields only when it saves the card', () => {
    const config = parseServerConfig(TEST_ENV);
    const options = {
      provider: config.provider,
      publicUrl: 'https://pay.example.com',
      operation: 'SAL' as const,
      merchantName: 'Shop',
      cofSchedule: config.cofSchedule,
    };
    const session = sessionRecord();
    const saving = buildHostedPageRequest(options, session, {
      reference: 'ORD-1',
      amount: session.amount,
      locale: 'fr-BE',
      alias: 'OC-abc',
    }).fields;
    assert.deepEqual([saving.COF_INITIATOR, saving.COF_TRANSACTION, saving.COF_SCHEDULE], ['CIT', 'FIRST', 'UNSCHED']);
    const plain = buildHostedPageRequest(options, session, {
      reference: 'ORD-2',
      amount: session.amount,
      locale: 'fr-BE',
      alias: null,
    }).fields;
    assert.equal(
      Object.keys(plain).some((name) => name.startsWith('COF_')),
      false,
    );
  });
});
