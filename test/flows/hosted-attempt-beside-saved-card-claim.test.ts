/**
 * A hosted-page attempt handed out beside a saved-card payment that holds the session.
 *
 * Review r1220 found the hosted-page path (payments/attempts.ts createHostedPageAttempt) checking
 * the session's saved-card claim (assertUnclaimed) only on the session row read at the start of
 * the request, then writing its draft and answering a signed hosted-page form: a saved-card
 * attempt (aliases/pay.ts) that claimed the session in between was not seen, and both answered
 * 201 — the saved card charged through DirectLink while the shopper held a signed form for a
 * second payment of the same session.
 *
 * What the shopper / merchant suffers: two payments of one checkout session (a double click on
 * "pay with my saved card" and "pay with another card", or two tabs). The second is charged and,
 * at best, given back later as a duplicate (DES / RFS); with DUPLICATE_PAYMENTS=keep it stays
 * charged until someone notices.
 *
 * Promise broken: docs/ogone-protocol.md §8 "One paid payment per checkout session": saved-card
 * attempts are serialised by the claim, "and so does a hosted-page attempt while the claim holds"
 * answer 409 `attempt_in_progress` (also server/payments/session-claims.ts assertUnclaimed).
 *
 * Made deterministic on PostgreSQL: another connection holds an EXCLUSIVE lock on `transactions`
 * (reads pass, inserts wait). The hosted-page attempt passes its checks and waits on its INSERT;
 * the saved-card attempt then claims the session (an UPDATE of checkout_sessions, not blocked) and
 * waits on its own INSERT. The lock is let go: the claim was held when the hosted draft was
 * written and its form handed out.
 *
 * The checks now run again once the draft is written (assertStillPayable): a claim made before
 * the write is seen, and the draft is withdrawn with 409.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { postAttempt, saveCard, startFlowServer, type FlowServer } from '../flows/helpers.ts';
import { answerChallenge, isChallenge, payOnHostedPage } from '../support/hosted-page.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { eventually } from '../support/waiting.ts';

describe('a hosted-page attempt racing a saved-card claim (PostgreSQL)', { timeout: 60_000 }, () => {
  let flow: FlowServer;
  let cardId: string;
  before(async () => {
    flow = await startFlowServer('postgres');
    cardId = await saveCard(flow, 'cust-claim-race', '4111111111111111');
  });
  after(() => flow?.close());

  it('answers 409 attempt_in_progress to the hosted-page attempt once the saved-card claim holds the session', async () => {
    const created = await flow.api('/api/checkout-sessions', {
      amount: 2500,
      currency: 'EUR',
      customer: { id: 'cust-claim-race', name: 'Zoë Test' },
      saveCard: 'optional',
    });
    assert.equal(created.status, 201);
    const sessionId = created.body.id as string;

    const url = flow.database.env.DATABASE_URL!;
    const blocker = new pg.Client({ connectionString: url });
    const watcher = new pg.Client({ connectionString: url });
    await blocker.connect();
    await watcher.connect();
    const waitingInserts = async (n: number) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const { rows } = await watcher.query(
          `select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "transactions"%'`,
        );
        if (rows[0].n >= n) return;
        if (Date.now() > deadline) throw new Error(`setup: ${rows[0].n} of ${n} inserts waiting`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    let hosted: Promise<Response>;
    let saved: Promise<Response>;
    try {
      await blocker.query('begin');
      await blocker.query('lock table transactions in exclusive mode');
      // The shopper's "pay with another card": past its checks, its draft waits to be written.
      hosted = postAttempt(flow, sessionId, { saveCard: false });
      await waitingInserts(1);
      // The same shopper's "pay with my saved card": claims the session, then waits to write too.
      saved = postAttempt(flow, sessionId, { aliasId: cardId });
      await waitingInserts(2);
      const { rows } = await watcher.query('select claim_reference from checkout_sessions where id = $1', [sessionId]);
      assert.ok(rows[0].claim_reference, 'setup: the saved-card attempt holds the session');
      await blocker.query('commit');
    } finally {
      await blocker.end();
      await watcher.end();
    }
    const [hostedAnswer, savedAnswer] = await Promise.all([hosted!, saved!]);
    const savedBody = (await savedAnswer.json()) as { kind?: string; state?: string };
    assert.equal(savedAnswer.status, 201, JSON.stringify(savedBody));
    assert.equal(savedBody.state, 'captured', 'setup: the saved card was charged');
    const hostedBody = (await hostedAnswer.json()) as Record<string, any>;
    // What the shopper can do with what was handed out: pay the session a second time.
    let secondPayment = 'none';
    if (hostedAnswer.status === 201 && hostedBody.kind === 'redirect') {
      const location = await payOnHostedPage(hostedBody as never, '5555555555554444');
      if (isChallenge(location)) {
        const challenge = new URL(location);
        await answerChallenge(`${challenge.origin}${challenge.pathname}`, challenge.searchParams.get('TOKEN')!, 'approve');
      } else if (location) await (await fetch(location, { headers: BROWSER_HEADERS, redirect: 'manual' })).arrayBuffer();
      secondPayment = await eventually(
        async () => (await flow.api(`/api/transactions/${hostedBody.reference}`)).body.state as string,
        (state) => state !== 'draft',
        'the second payment decided',
        { timeoutMs: 10_000 },
      ).catch(() => 'draft');
    }
    // Refused as a claim or a paid session refuses a hosted-page attempt (either is right: the
    // saved-card payment may have been marked paid by the time the claim is re-checked).
    const code = hostedBody.error?.code ?? hostedBody.kind;
    assert.deepEqual(
      { status: hostedAnswer.status, refused: code === 'attempt_in_progress' || code === 'session_paid' ? 'refused' : code, secondPayment },
      { status: 409, refused: 'refused', secondPayment: 'none' },
      'a signed hosted-page form was handed out while the saved-card payment held the session, and it charged the shopper again',
    );
  });
});
