/**
 * `GET /checkout/sessions/:id` lists the customer's saved cards only while the session can be
 * paid: an expired session's id (kept in shop pages, browser history, logs) no longer shows them,
 * nor the cards saved since — as deleting a card through it answers 410. It used to list them for
 * any session, however long ago it ended.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { savedCardRecord, sessionRecord } from '../../support/records.ts';

describe('public session view of an ended session', () => {
  const t = useTestApp('sqlite');

  it("an expired session no longer discloses the customer's saved cards", async () => {
    const session = sessionRecord({
      customer: { id: 'victim-1', name: 'Victim', email: 'v@example.com' },
      expiresAt: new Date(t.clock.now().getTime() + 60_000).toISOString(),
    });
    await t.repository.createSession(session);
    t.clock.advance(3600_000);
    // A card the customer saves later, long after this session ended.
    await savedCardRecord(t.repository, 'victim-1', 'A-LATER');

    const deletion = await t.app.request(`/checkout/sessions/${session.id}/saved-cards/whatever`, { method: 'DELETE' });
    assert.equal(deletion.status, 410, 'the deletion endpoint: an expired session proves nothing');

    // While open, a session of the same customer lists it.
    const open = sessionRecord({ customer: { id: 'victim-1', name: 'Victim' } });
    await t.repository.createSession(open);
    const openView = (await (await t.app.request(`/checkout/sessions/${open.id}`)).json()) as { savedCards: unknown[] };
    assert.equal(openView.savedCards.length, 1, 'an open session lists the customer’s card');

    const response = await t.app.request(`/checkout/sessions/${session.id}`);
    assert.equal(response.status, 200);
    const view = (await response.json()) as { status: string; savedCards: Array<{ id: string; last4: string; expiry: string }> };
    assert.equal(view.status, 'expired');
    assert.deepEqual(view.savedCards, [], `saved cards still listed for an expired session: ${JSON.stringify(view.savedCards)}`);
  });
});
