/**
 * `DELETE /api/aliases/:id` on a server whose payments are disabled (OGONE_ENVIRONMENT=disabled:
 * no DirectLink, nothing can be sent to Ogone). Review r1160 found it answered
 * `200 { deleted: true, deletionStatus: "deleted", deletedAt }` with `alias.deleted` — the
 * answer and the event the README and the OpenAPI document reserve for a card deleted at Ogone
 * ("forget it (deleted at Ogone too: 200 once confirmed, 202 `deletion_pending` while retried";
 * OpenAPI: 200 "deleted at the platform"; server/aliases/deletion.ts: "`alias.deleted` goes out
 * once, when the platform has confirmed"). The alias is still stored at Ogone; only the operator's
 * log says "delete it in the Ogone back office". A merchant honouring a customer's erasure request
 * is told it is done.
 *
 * Now (docs/ogone-protocol.md §14): no answer or event claiming the platform's confirmation while nothing was sent
 * (202 `deletion_pending`, or a refusal naming what to do), and no `alias.deleted`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, paidWithSavedCard, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/databases.ts';

describe('forgetting a saved card on a server that cannot reach Ogone', () => {
  let database: TestDatabase;
  let t: TestApp | undefined;
  before(async () => {
    database = await createTestDatabase('sqlite');
  });
  after(async () => {
    await t?.close();
    await database?.drop();
  });

  it('is not answered "deleted" (200, deletionStatus deleted) nor announced alias.deleted', async () => {
    // The card is saved while payments run.
    const enabled = await createTestApp(database);
    const { card } = await paidWithSavedCard(enabled, 'cust-r1160-del');
    await enabled.close();

    // The same database under OGONE_ENVIRONMENT=disabled (README: a documented environment).
    t = await createTestApp(database, { env: { OGONE_ENVIRONMENT: 'disabled' } });
    const response = await t.api(`/api/aliases/${card.id}`, { method: 'DELETE' });
    const body = (await response.json()) as { deleted?: boolean; deletionStatus?: string };
    const events = (await (await t.api('/api/events?type=alias.deleted')).json()) as { data: Array<{ data: { id?: string } }> };
    const announced = events.data.filter((event) => event.data.id === card.id).length;
    assert.ok(
      !(response.status === 200 && body.deletionStatus === 'deleted'),
      `answered ${response.status} ${JSON.stringify(body)}: "deleted at the platform", though nothing was sent to Ogone`,
    );
    assert.equal(announced, 0, 'alias.deleted announced without the platform confirming');
  });
});
