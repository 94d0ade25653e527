/**
 * A saved card (ALIAS) goes through the card-data checks a typed card gets (review r1363 found the
 * DirectLink and hosted-page alias paths skipping them: an expired saved card paid, and a bad ED or
 * an over-long CN sent with ALIAS was written into the alias).
 *
 * What the guides say, and what this guards:
 * - Alias Manager guide §3.2 (DirectLink, "Édition de détails pendant l'usage"): with ALIAS the
 *   merchant may send "une nouvelle date d'expiration … afin d'actualiser l'ALIAS existant" — card
 *   data like any other, checked like the card's own (DirectLink guide §3.1.2: ED "Expiry date
 *   (MM/YY or MMYY)"; §3.3: STATUS 0 "At least one of the payment data fields is invalid or
 *   missing", NCERROR 500…). So ALIAS with a past ED → 50001183 "Expiration date must be in the
 *   future", with ED=1399 → 50001182 "Invalid expiration month", with a CN over 35 characters
 *   (CN is AN 35, "Request a new order") → 50001174 "Card Holder Name is too long" — and the alias
 *   keeps its details.
 * - Alias Manager guide §2.5, REMARQUE 1: an alias whose card data "ont indiqué que la carte avait
 *   expiré" is in error, "l'alias ne sera pas fonctionnel avant que les données de la carte aient
 *   été mises à jour": a saved card that has expired since does not pay, by DirectLink nor on the
 *   hosted page where its expiry is left prefilled.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { asRecord, cardOrder, directLink, hostedOrder, locationParameters, openCheckout, orderId, submitCard } from './helpers.ts';

let clock = new Date('2030-03-15T10:00:00Z');
let running: RunningSandbox;
before(async () => {
  running = await startSandbox({ ...SANDBOX_ACCOUNT, now: () => clock });
});
after(() => running.close());

const ACCEPTED = ['5', '9'];
/** Codes the platform's list has for an expiry that cannot be used. */
const EXPIRY_CODES = ['50001183', '50001182', '50001005', '30331001', '30541001'];

async function createAlias(name: string, ed: string): Promise<void> {
  const xml = await directLink(running.url, 'orderdirect', cardOrder({ ALIAS: name, ED: ed, OPERATION: 'RES' }));
  assert.equal(xml.STATUS, '5', `the alias ${name} is created by an accepted order`);
  assert.equal(xml.ALIAS, name);
}

function aliasNamed(name: string) {
  return running.sandbox.aliases().find((alias) => alias.alias === name);
}

describe('a saved card (ALIAS) with card data the sandbox refuses when typed', () => {
  it('ALIAS with ED in the past is refused like the typed card, and the alias keeps its expiry', async () => {
    // The same card typed with a past expiry: refused 50001183 — the sandbox knows the rule.
    const typed = await directLink(running.url, 'orderdirect', cardOrder({ ED: '0120' }));
    assert.deepEqual([typed.STATUS, typed.NCERROR], ['0', '50001183']);
    await createAlias('checked-past-ed', '1239');
    const xml = await directLink(running.url, 'orderdirect', {
      ORDERID: orderId('ALIAS-CHECK'),
      AMOUNT: '1000',
      CURRENCY: 'EUR',
      ALIAS: 'checked-past-ed',
      ED: '0120',
      ECI: '9',
    });
    // STATUS 0, NCERROR 50001183 "Expiration date must be in the future" ([DL] §3.3, the NCERROR
    // list) — not a payment, and the past date is not written into the alias.
    assert.ok(!ACCEPTED.includes(xml.STATUS!), `paid with an expiry in the past: STATUS ${xml.STATUS}, NCERROR ${xml.NCERROR}`);
    assert.ok(EXPIRY_CODES.includes(xml.NCERROR!), `NCERROR ${xml.NCERROR} does not name the expiry`);
    assert.equal(aliasNamed('checked-past-ed')?.ed, '1239', 'the alias must keep its valid expiry');
  });

  it('ALIAS with an impossible expiry month (ED=1399) is refused, not silently ignored', async () => {
    await createAlias('checked-bad-month', '1239');
    const xml = await directLink(running.url, 'orderdirect', {
      ORDERID: orderId('ALIAS-CHECK'),
      AMOUNT: '1000',
      CURRENCY: 'EUR',
      ALIAS: 'checked-bad-month',
      ED: '1399',
      ECI: '9',
    });
    // STATUS 0 with 50001182 "Invalid expiration month" (as the typed card gets), not an ED
    // dropped without a word and a payment.
    assert.ok(!ACCEPTED.includes(xml.STATUS!), `paid although ED=1399 was sent: STATUS ${xml.STATUS}, NCERROR ${xml.NCERROR}`);
    assert.ok(EXPIRY_CODES.includes(xml.NCERROR!), `NCERROR ${xml.NCERROR} does not name the expiry`);
  });

  it('an alias whose card has expired since does not pay ([ALIAS] §2.5 remarque 1)', async () => {
    await createAlias('checked-expired-since', '0430'); // valid through April 2030
    clock = new Date('2030-07-01T10:00:00Z'); // three months later: the card has expired
    try {
      const xml = await directLink(running.url, 'orderdirect', {
        ORDERID: orderId('ALIAS-CHECK'),
        AMOUNT: '1000',
        CURRENCY: 'EUR',
        ALIAS: 'checked-expired-since',
        ECI: '9',
      });
      // Not authorised — 50001183 (invalid data) or a refusal "Card expired." (30331001).
      assert.ok(!ACCEPTED.includes(xml.STATUS!), `an expired saved card was charged: STATUS ${xml.STATUS}, NCERROR ${xml.NCERROR}`);
      assert.ok(EXPIRY_CODES.includes(xml.NCERROR!), `NCERROR ${xml.NCERROR} does not name the expiry`);
    } finally {
      clock = new Date('2030-03-15T10:00:00Z');
    }
  });

  it('ALIAS with a CN over 35 characters is refused like the typed card (50001174), not stored', async () => {
    // The rule for a typed card: CN is AN 35, 50001174 "Card Holder Name is too long". The same CN
    // sent with ALIAS is refused alike, and not written into the alias.
    const longName = 'J'.repeat(36);
    const typed = await directLink(running.url, 'orderdirect', cardOrder({ CN: longName }));
    assert.deepEqual([typed.STATUS, typed.NCERROR], ['0', '50001174']);
    await createAlias('checked-long-cn', '1239');
    const xml = await directLink(running.url, 'orderdirect', {
      ORDERID: orderId('ALIAS-CHECK'),
      AMOUNT: '1000',
      CURRENCY: 'EUR',
      ALIAS: 'checked-long-cn',
      CN: longName,
      ECI: '9',
    });
    assert.deepEqual([xml.STATUS, xml.NCERROR], ['0', '50001174'], `ALIAS with a 36-character CN answered STATUS ${xml.STATUS}`);
    assert.equal(aliasNamed('checked-long-cn')?.cn, 'Jane Doe', 'the alias keeps its holder name');
  });

  it('the hosted page does not pay with a saved card that has expired since, left as prefilled', async () => {
    const urls = { ACCEPTURL: 'https://shop.example/ok', DECLINEURL: 'https://shop.example/ko' };
    const first = await openCheckout(running.url, hostedOrder({ ...urls, ALIAS: 'checked-hosted-expired' }));
    const created = await submitCard(running.url, first.token, { CARDNO: '4111111111111111', ED: '04/30', ALIAS_STORE: 'Y' });
    assert.equal(asRecord(locationParameters(created).parameters).STATUS, '9');
    clock = new Date('2030-07-01T10:00:00Z');
    try {
      const again = await openCheckout(running.url, hostedOrder({ ...urls, ALIAS: 'checked-hosted-expired' }));
      assert.match(again.html, /expires 04\/30/, 'the expired card is offered as the saved card');
      const response = await submitCard(running.url, again.token, { CARDNO: 'XXXXXXXXXXXX1111', ED: '04/30', CVC: '321' });
      // Not paid: the card page again with the expiry error, or a refusal ("Card expired.").
      const location = response.headers.get('location') ?? '';
      const status = location ? new URL(location).searchParams.get('STATUS') : null;
      assert.ok(status !== '9' && status !== '5', `an expired saved card was charged on the hosted page: ${location}`);
    } finally {
      clock = new Date('2030-03-15T10:00:00Z');
    }
  });
});
