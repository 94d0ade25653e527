/**
 * On the hosted page, a shopper who keeps the saved (masked) card number but edits the prefilled
 * expiry date or holder's name pays with the details typed, and the accepted payment updates the
 * alias with them (review r1363 found the sandbox paying with the old ones and keeping them).
 *
 * Alias Manager guide §3.1 (e-Commerce): "Si l'ALIAS existe, le nom du titulaire de la carte, le
 * numéro masqué de la carte de crédit et la date d'expiration sont initialisés pour validation dans
 * la page des détails de paiement. … Édition de détails pendant l'usage (mise à jour de l'alias):
 * Le titulaire de la carte peut éditer les champs initialisés s'il souhaite mettre à jour certains
 * détails comme la date d'expiration. Si la transaction a été acceptée par l'institution
 * financière, nous actualisons les détails financiers du client en conséquence."
 *
 * The guide's own example is the expiry date: the card number stays the saved one, the date is
 * edited, the payment is accepted → the alias carries the new date, and the payment was made with
 * it (the feedback's ED, [ADV] §9.2.3.1 "ED Expiry date").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { asRecord, hostedOrder, locationParameters, openCheckout, submitCard } from './helpers.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox({ ...SANDBOX_ACCOUNT, now: () => new Date('2030-03-01T10:00:00Z') });
});
after(() => running.close());

const URLS = { ACCEPTURL: 'https://shop.example/ok', DECLINEURL: 'https://shop.example/ko' };

async function pay(extra: Record<string, string>, card: Parameters<typeof submitCard>[2]) {
  const { token, html } = await openCheckout(running.url, hostedOrder({ ...URLS, ...extra }));
  assert.ok(token, html);
  const response = await submitCard(running.url, token, card);
  return { html, feedback: asRecord(locationParameters(response).parameters) };
}

const aliasNamed = (name: string) => running.sandbox.aliases().find((alias) => alias.alias === name);

describe('editing the prefilled details of a saved card on the hosted page ([ALIAS] §3.1)', () => {
  it('a new expiry date typed beside the saved card number is used and updates the alias', async () => {
    const created = await pay(
      { ALIAS: 'edited-expiry', ALIASUSAGE: 'One-click' },
      { CARDNO: '4111111111111111', ED: '04/30', CN: 'Jane Doe', ALIAS_STORE: 'Y' },
    );
    assert.equal(created.feedback.STATUS, '9');
    assert.equal(aliasNamed('edited-expiry')?.ed, '0430');

    // The card was renewed: same number, new expiry. The shopper leaves the masked number as shown
    // and corrects the prefilled date.
    const { html, feedback } = await pay(
      { ALIAS: 'edited-expiry' },
      { CARDNO: 'XXXXXXXXXXXX1111', ED: '03/34', CVC: '321', CN: 'Jane Doe' },
    );
    assert.match(html, /name="CARDNO" value="XXXXXXXXXXXX1111"/, 'the saved card is prefilled');
    assert.equal(feedback.STATUS, '9');
    // The payment made with the edited expiry, and the alias updated to it.
    assert.equal(feedback.ED, '0334', 'the feedback reports the expiry the payment was made with');
    assert.equal(aliasNamed('edited-expiry')?.ed, '0334', 'the accepted payment updates the alias');
  });

  it("an edited card holder's name beside the saved card number updates the alias", async () => {
    await pay({ ALIAS: 'edited-holder' }, { CARDNO: '4111111111111111', ED: '12/39', CN: 'Jane Doe', ALIAS_STORE: 'Y' });
    const { feedback } = await pay({ ALIAS: 'edited-holder' }, { CARDNO: 'XXXXXXXXXXXX1111', ED: '12/39', CVC: '321', CN: 'Jane Smith' });
    assert.equal(feedback.STATUS, '9');
    // CN=Jane Smith in the feedback and the alias.
    assert.equal(feedback.CN, 'Jane Smith');
    assert.equal(aliasNamed('edited-holder')?.cn, 'Jane Smith');
  });
});
