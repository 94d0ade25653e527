/**
 * Which feedback hands its payment to the review of maintenance/duplicates.ts (`afterChange`):
 * a change, and a paid payment its session does not (yet) name as its paid one — never a repeated
 * feedback of the session's own paid payment, which the review would read the session for and
 * leave alone. Over SQLite and PostgreSQL.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AppContext } from '../../../server/app-context.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createAppContext } from '../../../server/create-app-context.ts';
import { processFeedback } from '../../../server/feedback/index.ts';
import { createLogger } from '../../../server/logger.ts';
import type { TransactionRecord } from '../../../server/repository/types.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { DATABASE_KINDS } from '../../support/databases.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { logCollector } from '../../support/logs.ts';

for (const kind of DATABASE_KINDS) {
  describe(`the review after a feedback on ${kind}`, () => {
    let ctx: AppContext;

    const t = useTestApp(kind);
    before(async () => {
      const config = parseServerConfig({ ...TEST_ENV });
      ctx = createAppContext({
        config: { ...config, publicUrl: config.publicUrl! },
        repository: t.repository,
        logger: createLogger({ level: 'debug', destination: logCollector([]) }),
        clock: t.clock,
      });
    });

    /** The references handed to the review by one feedback. */
    async function reviewed(reference: string, status: number): Promise<string[]> {
      const handed: TransactionRecord[] = [];
      const result = await processFeedback(ctx, feedbackFor(reference, status), 'server', (_ctx, transaction) => handed.push(transaction));
      assert.equal(result.kind, 'processed');
      return handed.map((transaction) => transaction.reference);
    }

    const session = { amount: 1999, currency: 'EUR', successUrl: 'https://shop.example.com/ok' };

    it('the first paid feedback is reviewed; its repeats, the session’s own paid payment, are not', async () => {
      const reference = await newHostedAttempt(t, session);
      assert.deepEqual(await reviewed(reference, 9), [reference]);
      assert.deepEqual(await reviewed(reference, 9), []);
      assert.deepEqual(await reviewed(reference, 9), []);
    });

    it('an authorised payment is reviewed; its capture, once the session names it, is not (nothing to review)', async () => {
      const reference = await newHostedAttempt(t, session);
      assert.deepEqual(await reviewed(reference, 5), [reference]);
      assert.deepEqual(await reviewed(reference, 9), []);
      assert.equal((await t.repository.getTransaction(reference))?.state, 'captured');
    });

    it('a second paid payment of a session is reviewed on every feedback, repeats included', async () => {
      const created = (await (await t.api('/api/checkout-sessions', { method: 'POST', json: session })).json()) as { id: string };
      const attempt = async () => {
        const response = await t.app.request(`/checkout/sessions/${created.id}/attempts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'https://shop.example.com' },
          body: JSON.stringify({ saveCard: false }),
        });
        assert.equal(response.status, 201, await response.clone().text());
        return ((await response.json()) as { reference: string }).reference;
      };
      const first = await attempt();
      const second = await attempt();
      assert.deepEqual(await reviewed(first, 9), [first]);
      assert.deepEqual(await reviewed(second, 9), [second]);
      assert.deepEqual(await reviewed(second, 9), [second]);
    });

    it('an unpaid end is reviewed (a saved-card claim is freed), its repeat too', async () => {
      const reference = await newHostedAttempt(t, session);
      assert.deepEqual(await reviewed(reference, 2), [reference]);
    });
  });
}
