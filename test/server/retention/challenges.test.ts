/**
 * A 3-D Secure challenge page (the issuer's form the platform answered, kept to serve
 * /payment/challenge/:token) serves while its payment waits on it and answers 410 after; it was
 * kept for good, in no retention table (review r1100). The retention pass now deletes the pages
 * older than a day (docs/deploy.md §10), a batch at a time on SQLite, and keeps the younger ones.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHALLENGE_KEPT_MS, createRetentionPurger } from '../../../server/retention/purger.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';

const quiet = { info() {}, warn() {} };

for (const kind of DATABASE_KINDS) {
  describe(`3-D Secure challenge pages over time on ${kind}`, () => {
    const t = useTestApp(kind);

    it('deleted a day after they were made, younger ones kept', async () => {
      const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR' });
      const old = Array.from({ length: 1203 }, (_, i) => `chl_old_${i}`);
      for (const token of old) await t.repository.saveChallenge({ token, reference, html: '<form action="https://acs.example/">' });
      t.clock.advance(CHALLENGE_KEPT_MS - 60_000);
      await t.repository.saveChallenge({ token: 'chl_young', reference, html: '<form action="https://acs.example/">' });
      t.clock.advance(120_000);

      const purger = createRetentionPurger({ repository: t.repository, clock: t.clock, retentionDays: 400, intervalMs: 0, logger: quiet });
      await purger.runOnce();
      await purger.close();
      for (const token of [old[0]!, old[600]!, old.at(-1)!]) assert.equal(await t.repository.getChallenge(token), undefined, token);
      assert.equal((await t.repository.getChallenge('chl_young'))?.reference, reference);
      assert.equal((await t.repository.getChallengeOfPayment(reference))?.token, 'chl_young');
    });
  });
}
