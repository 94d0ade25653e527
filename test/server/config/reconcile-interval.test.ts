/**
 * RECONCILE_INTERVAL_SECONDS had no upper bound but its 7 digits: from 2147484 s (24.9 days) on,
 * the interval exceeds setInterval's limit (2^31 − 1 ms), and Node prints a TimeoutOverflowWarning
 * and runs it every millisecond — an operator asking for a round a month got 272 rounds in
 * 300 ms, each querying DirectLink for every due payment (Ogone forbids systematic queries). At
 * most a day now (settings.ts), refused naming the setting by serve and doctor alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectConfigErrors } from '../../../server/config/env.ts';
import { reconcilerSettings } from '../../../server/config/reconciler-settings.ts';

test('RECONCILE_INTERVAL_SECONDS above a day is refused, naming it; a day is accepted', () => {
  for (const value of ['86401', '2147484', '9999999']) {
    assert.throws(() => reconcilerSettings({ RECONCILE_INTERVAL_SECONDS: value }), /RECONCILE_INTERVAL_SECONDS/, value);
    assert.ok(
      collectConfigErrors({ RECONCILE_INTERVAL_SECONDS: value }).some((error) => error.variable === 'RECONCILE_INTERVAL_SECONDS'),
      `${value}: reported with the other settings`,
    );
  }
  assert.equal(reconcilerSettings({ RECONCILE_INTERVAL_SECONDS: '86400' }).intervalMs, 86_400_000);
});
