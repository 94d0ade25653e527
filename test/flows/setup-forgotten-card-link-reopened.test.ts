/**
 * A setup session's card is saved, then forgotten (`DELETE /api/aliases/:id`, or the widget's
 * `DELETE /checkout/sessions/:id/saved-cards/:aliasId`): deleted at the platform, `alias.deleted`.
 * The shopper then goes back in the browser's history to the session's signed FlexCheckout link
 * and types a card again. FlexCheckout stores the alias again under the same name (the sandbox, as
 * docs/ogone-protocol.md §15 allows: "the signed link opened again" updates or re-creates it), and
 * the return comes back to /payment/flex/return after the verification.
 *
 * §10 / §15 handle exactly this for a repeat ("a setup session's signed FlexCheckout link reopened
 * after its repeat was deleted makes the platform store that alias again: any return after the
 * verification deletes it again") and for a replaced card ("the alias is forgotten (deleted at the
 * platform)"). For a card that was forgotten, nothing does: setup-return.ts afterVerification only
 * calls deleteRepeatAgain (rows with same_card_as) and replacedCard looks the alias up with
 * listAliases, which leaves out deleted cards. The alias stays stored permanently at the platform —
 * a card the customer asked to be forgotten, or one nobody verified — with no row of ours to ever
 * delete it, while the same card typed again sends the shopper to the success URL for a session
 * whose saved card is gone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { eventually } from '../support/waiting.ts';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { events, FAILURE, land, navigate, setupSession, SUCCESS, typeCard } from './setup-helpers.ts';

describe('a setup session whose saved card was forgotten, its FlexCheckout link reopened', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite', { aliasDeletion: { intervalMs: 50, firstRetryMs: 50 } });
  });
  after(() => flow?.close());

  const platformAliases = async () =>
    ((await (await fetch(`${flow.url}/sandbox/aliases`)).json()) as { aliases: Array<{ alias: string }> }).aliases.map((a) => a.alias);

  for (const [what, card] of [
    ['the same card', '4111111111111111'],
    ['another card', '5399999999999999'],
  ] as const) {
    it(`${what} typed again: the alias FlexCheckout stores again is deleted at the platform again`, async () => {
      const customer = `cust-forgot-${card.slice(-4)}`;
      const id = await setupSession(flow, customer);
      const attempt = await navigate(flow, id);
      const first = await land(await typeCard(attempt.url, '4111111111111111'));
      assert.equal(first.location, `${SUCCESS}&reference=${attempt.reference}`, first.text);
      const [saved] = (await flow.api(`/api/customers/${customer}/aliases`)).body.data as Array<{ id: string; alias: string }>;
      assert.ok(saved, 'the card was saved');

      // The merchant (or the shopper from the widget) forgets it: deleted at the platform.
      const deleted = await flow.api(`/api/aliases/${saved.id}`, 'DELETE');
      assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
      assert.equal((await platformAliases()).includes(saved.alias), false, 'DELALIAS reached the platform');

      // History, Back: the session's signed FlexCheckout link; the platform stores the alias again.
      const again = await land(await typeCard(attempt.url, card));
      assert.equal(again.status, 303, again.text);
      // The card this checkout saved is gone: not "saved", whichever card was typed.
      assert.equal(again.location, `${FAILURE}&reference=${attempt.reference}`, again.text);

      assert.deepEqual((await flow.api(`/api/customers/${customer}/aliases`)).body.data, [], 'nothing saved here');
      await eventually(
        () => platformAliases(),
        (names) => !names.includes(saved.alias),
        `the alias ${saved.alias} deleted at the platform again (the shopper landed on ${again.location}; ` +
          `the customer has no saved card here, yet the platform keeps a card stored permanently under our alias ` +
          `that nothing of ours will ever delete)`,
        { timeoutMs: 4000 },
      );
      // Deleted again quietly: the merchant was told once that this card is gone.
      const db = new Database((flow.database.options as { file: string }).file, { readonly: true });
      try {
        await eventually(
          async () => db.prepare('select deletion_status from aliases where id = ?').get(saved.id) as { deletion_status: string },
          (row) => row.deletion_status === 'done',
          'the deletion done again',
          { timeoutMs: 4000 },
        );
      } finally {
        db.close();
      }
      const announced = (await events(flow, 'alias.deleted', attempt.reference)).filter((event) => event.data?.id === saved.id);
      assert.equal(announced.length, 1, JSON.stringify(announced));
    });
  }
});
