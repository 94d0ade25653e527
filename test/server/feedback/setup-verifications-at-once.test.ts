/**
 * A setup session (save a card, issue 19) in two tabs whose card verifications are
 * authorised at the same moment (both 3-D Secure pages approved; PostgreSQL, where the two
 * payments' row locks do not serialise them).
 *
 * Both feedbacks read the session `open`; the repository's `status = 'open'` UPDATE lets exactly
 * one complete it and save its card (mutate-transaction.ts deletes the other's alias), and
 * feedback/apply.ts hands the route the session as that write left it (`sessionMarked`), not as
 * the decision asked: built from the request, it sent the losing tab to the shop's success URL —
 * the shop told a card was saved that never was (the sequential case, and the FlexCheckout
 * return in test/flows/setup-two-tabs.test.ts, send that tab to the failure URL).
 *
 * The interleaving is made deterministic by holding the session row locked from a third
 * connection while both feedbacks run: both read the session `open` (a plain read), then wait on
 * the session's UPDATE.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withSessionRowHeld } from '../../support/session-row-held.ts';
import { useTestApp } from '../../support/app.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { BROWSER_HEADERS } from '../../support/headers.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const SUCCESS = 'https://shop.example.com/card-saved';
const FAILURE = 'https://shop.example.com/card-not-saved';

describe('two card verifications of one setup session authorised at once (postgres)', () => {
  const t = useTestApp('postgres');

  const browserFeedback = (params: Record<string, string>) =>
    t.app.request(`/payment/ogone/return?${new URLSearchParams(params)}`, { headers: BROWSER_HEADERS });

  it('the tab whose card was not saved is not sent to the success URL', async () => {
    const customerId = 'cust-setup-race';
    const session = sessionRecord({
      mode: 'setup',
      customer: { id: customerId, name: 'Zoë Test' },
      successUrl: SUCCESS,
      failureUrl: FAILURE,
    });
    await t.repository.createSession(session);
    const tabs = ['A', 'B'].map((tab) =>
      transactionRecord(session.id, { customerId, aliasRequest: `OC-AT-ONCE-${tab}`, operation: 'RES', state: 'pending' }),
    );
    for (const tx of tabs) await t.repository.createTransaction(tx);

    const answers = await withSessionRowHeld(t.database.env.DATABASE_URL!, session.id, 2, () =>
      Promise.all(tabs.map((tx, i) => browserFeedback(feedbackFor(tx.reference, 5, { ALIAS: tx.aliasRequest!, PAYID: `300000${i + 1}` })))),
    );

    const stored = await t.repository.getSession(session.id);
    assert.equal(stored?.status, 'paid');
    const winner = stored!.paidReference!;
    const loserIndex = tabs.findIndex((tx) => tx.reference !== winner);
    const loser = tabs[loserIndex]!;
    assert.notEqual(loserIndex, -1);

    const saved = (await (await t.api(`/api/customers/${customerId}/aliases`)).json()) as { data: Array<{ alias: string }> };
    assert.deepEqual(
      saved.data.map((a) => a.alias),
      [tabs.find((tx) => tx.reference === winner)!.aliasRequest],
      'only the winning tab’s card is saved',
    );

    for (const answer of answers) assert.equal(answer.status, 303);
    const location = answers[loserIndex]!.headers.get('location') ?? '';
    assert.ok(
      !location.startsWith(SUCCESS),
      `tab ${loser.reference}, whose card ${loser.aliasRequest} was not saved (session completed by ${winner}), ` +
        `was redirected to the success URL: ${location}`,
    );
  });
});
