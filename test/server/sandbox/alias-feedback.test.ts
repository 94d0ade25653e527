/**
 * The ALIAS returned in the e-Commerce feedback of an uncertain (92) payment: none.
 *
 * Alias Manager guide v3.2.3 (FR), §2.5 "Gestion des erreurs", REMARQUE 2:
 *   "Dans e-Commerce, l'alias n'est renvoyé dans le retour de transaction que si l'autorisation
 *    est acceptée ou si l'autorisation est toujours refusée après le nombre maximal de nouvelles
 *    tentatives (configuré dans le back-office du commerçant)."
 * An uncertain payment (STATUS 92, §2.5: "Si la transaction est refusée ou incertaine, l'alias est
 * quand même créé, mais il reçoit l'état « Error »") is neither accepted nor finally refused, so
 * the feedback on the EXCEPTIONURL must not carry ALIAS (or carry it empty).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { asRecord, hostedOrder, locationParameters, openCheckout, submitCard } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox({ ...SANDBOX_ACCOUNT });
});
after(() => running.close());

describe('ALIAS in the feedback of an uncertain hosted payment', () => {
  it('does not return ALIAS for STATUS 92 (Alias Manager guide §2.5, REMARQUE 2)', async () => {
    const order = hostedOrder({
      ACCEPTURL: 'https://shop.example/ok',
      DECLINEURL: 'https://shop.example/ko',
      EXCEPTIONURL: 'https://shop.example/unsure',
      ALIAS: `rev-alias-${process.pid}`,
      ALIASUSAGE: 'one-click',
    });
    const { token } = await openCheckout(running.url, order);
    assert.ok(token);
    const response = await submitCard(running.url, token, { CARDNO: '4000000000009292', ALIAS_STORE: 'Y' });
    const { url, parameters } = locationParameters(response);
    const feedback = asRecord(parameters);
    assert.equal(url.pathname, '/unsure');
    assert.equal(feedback.STATUS, '92');
    // Guide: the alias is returned only when accepted, or refused after the last retry.
    assert.equal(feedback.ALIAS ?? '', '');
  });
});
