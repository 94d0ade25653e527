/**
 * Aliases: created on the hosted page (with the shopper's consent) or by DirectLink, returned in
 * the feedback and the XML, reused (hosted page prefilled with the masked card, DirectLink with
 * ALIAS alone), updated, expired (ALIASPERSISTEDAFTERUSE=N), unknown → 50001111.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { shaVerify } from '../../../server/ogone/sha.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { asRecord, cardOrder, directLink, hostedOrder, locationParameters, openCheckout, orderId, submitCard } from './helpers.ts';

let clock = new Date('2030-03-01T10:00:00Z');
let running: RunningSandbox;
before(async () => {
  running = await startSandbox({ ...SANDBOX_ACCOUNT, now: () => clock });
});
after(() => running.close());

const URLS = { ACCEPTURL: 'https://shop.example/ok', DECLINEURL: 'https://shop.example/ko' };

async function payWithAlias(extra: Record<string, string>, card: Record<string, string>) {
  const order = hostedOrder({ ...URLS, ...extra });
  const { token, html } = await openCheckout(running.url, order);
  const response = await submitCard(running.url, token, card);
  return {
    order,
    html,
    response,
    feedback: asRecord(locationParameters(response).parameters),
    parameters: locationParameters(response).parameters,
  };
}

function aliasNamed(name: string) {
  return running.sandbox.aliases().find((alias) => alias.alias === name);
}

describe('aliases on the hosted page', () => {
  it('stores the card under ALIAS (masked) and returns ALIAS in the signed feedback', async () => {
    const { feedback, parameters } = await payWithAlias(
      { ALIAS: 'customer-1', ALIASUSAGE: 'One-click payments', ALIASPERSISTEDAFTERUSE: 'Y' },
      { CARDNO: '4111111111111111', ALIAS_STORE: 'Y' },
    );
    assert.equal(feedback.ALIAS, 'customer-1');
    assert.deepEqual(
      shaVerify(asRecord(parameters), { passphrase: SANDBOX_ACCOUNT.shaOut, algorithm: SANDBOX_ACCOUNT.hashAlgorithm, direction: 'out' }),
      { valid: true },
    );
    const alias = aliasNamed('customer-1');
    assert.deepEqual(
      {
        status: alias?.status,
        cardNo: alias?.cardNo,
        brand: alias?.brand,
        ed: alias?.ed,
        cn: alias?.cn,
        usage: alias?.usage,
        expiresAt: alias?.expiresAt,
      },
      {
        status: 'Active',
        cardNo: 'XXXXXXXXXXXX1111',
        brand: 'VISA',
        ed: '1239',
        cn: 'Jane Doe',
        usage: 'One-click payments',
        expiresAt: null,
      },
    );
    assert.doesNotMatch(JSON.stringify(running.sandbox.aliases()), /4111111111111111/);
  });

  it('prefills the saved card next time and pays with it when left as shown', async () => {
    const { html, feedback } = await payWithAlias({ ALIAS: 'customer-1' }, { CARDNO: 'XXXXXXXXXXXX1111', ED: '12/39', CVC: '321' });
    assert.match(html, /Saved card: VISA XXXXXXXXXXXX1111, expires 12\/39\./);
    assert.match(html, /name="CARDNO" value="XXXXXXXXXXXX1111"/);
    assert.match(html, /One-click payments/, 'the ALIASUSAGE of the creation is shown again');
    assert.equal(feedback.STATUS, '9');
    assert.equal(feedback.ALIAS, 'customer-1');
    assert.equal(feedback.CARDNO, 'XXXXXXXXXXXX1111');
  });

  it('new card details typed over the saved card update the alias', async () => {
    const { feedback } = await payWithAlias({ ALIAS: 'customer-1' }, { CARDNO: '5399999999999999', ED: '03/38' });
    assert.equal(feedback.ALIAS, 'customer-1');
    assert.equal(feedback.BRAND, 'MasterCard');
    assert.equal(aliasNamed('customer-1')?.cardNo, 'XXXXXXXXXXXX9999');
    await payWithAlias({ ALIAS: 'customer-1' }, { CARDNO: '4111111111111111', ED: '12/39' });
    assert.equal(aliasNamed('customer-1')?.cardNo, 'XXXXXXXXXXXX1111');
  });

  it('stores nothing when the shopper unticks the consent box', async () => {
    const { feedback } = await payWithAlias({ ALIAS: 'customer-2' }, { CARDNO: '4111111111111111' });
    assert.equal(feedback.ALIAS, '');
    assert.equal(aliasNamed('customer-2'), undefined);
  });

  it('ALIASOPERATION=BYPSP: the platform names the alias', async () => {
    const { feedback } = await payWithAlias({ ALIASOPERATION: 'BYPSP' }, { CARDNO: '5399999999999999', ALIAS_STORE: 'Y' });
    assert.match(feedback.ALIAS ?? '', /^[0-9A-F]{24}$/);
    assert.equal(aliasNamed(feedback.ALIAS!)?.brand, 'MasterCard');
  });

  it('a refused first payment still creates the alias, in status Error (after the last try)', async () => {
    // A refused try the shopper may follow with another stores nothing yet (docs/ogone-protocol.md §13).
    const { token } = await openCheckout(running.url, hostedOrder({ ...URLS, ALIAS: 'customer-3' }));
    const stayed = await submitCard(running.url, token, { CARDNO: '4000000000000200', ALIAS_STORE: 'Y' });
    assert.equal(stayed.status, 200, 'the shopper stays on the card page');
    assert.equal(aliasNamed('customer-3'), undefined);
    running.sandbox.updateSettings({ paymentTries: 1 });
    try {
      const { feedback } = await payWithAlias({ ALIAS: 'customer-3' }, { CARDNO: '4000000000000200', ALIAS_STORE: 'Y' });
      assert.equal(feedback.STATUS, '2');
      assert.equal(feedback.ALIAS, 'customer-3');
      assert.equal(aliasNamed('customer-3')?.status, 'Error');
    } finally {
      running.sandbox.updateSettings({ paymentTries: 10 });
    }
  });

  it('refuses a card number used as the alias name', async () => {
    const order = hostedOrder({ ALIAS: '4111111111111111' });
    const { token } = await openCheckout(running.url, order);
    const response = await submitCard(running.url, token, { CARDNO: '4111111111111111', ALIAS_STORE: 'Y' });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /The alias must be different than the card number/);
    assert.equal(aliasNamed('4111111111111111'), undefined);
  });

  it('ALIASPERSISTEDAFTERUSE=N: the alias is deleted after 2 hours', async () => {
    await payWithAlias({ ALIAS: 'one-off', ALIASPERSISTEDAFTERUSE: 'N' }, { CARDNO: '4111111111111111', ALIAS_STORE: 'Y' });
    assert.equal(aliasNamed('one-off')?.expiresAt, new Date(clock.getTime() + 2 * 3600_000).toISOString());
    clock = new Date(clock.getTime() + 2 * 3600_000 + 1);
    assert.equal(aliasNamed('one-off'), undefined);
    const xml = await directLink(running.url, 'orderdirect', { ORDERID: orderId('DL'), AMOUNT: '100', CURRENCY: 'EUR', ALIAS: 'one-off' });
    assert.equal(xml.NCERROR, '50001111');
  });
});

describe('aliases with DirectLink', () => {
  it('creates with ALIAS + card data, returns ALIAS in the XML', async () => {
    const xml = await directLink(running.url, 'orderdirect', cardOrder({ ALIAS: 'dl-customer', OPERATION: 'RES' }));
    assert.equal(xml.STATUS, '5');
    assert.equal(xml.ALIAS, 'dl-customer');
    assert.equal(aliasNamed('dl-customer')?.cardNo, 'XXXXXXXXXXXX1111');
  });

  it('pays with ALIAS alone (merchant-initiated, ECI 9, no CVC)', async () => {
    const xml = await directLink(running.url, 'orderdirect', {
      ORDERID: orderId('DL'),
      AMOUNT: '2500',
      CURRENCY: 'EUR',
      ALIAS: 'dl-customer',
      ECI: '9',
      OPERATION: 'SAL',
    });
    assert.equal(xml.STATUS, '9');
    assert.equal(xml.ALIAS, 'dl-customer');
    assert.equal(xml.BRAND, 'VISA');
    assert.equal(xml.ECI, '9');
    const query = await directLink(running.url, 'querydirect', { PAYID: xml.PAYID ?? '' });
    assert.equal(query.CARDNO, 'XXXXXXXXXXXX1111');
    assert.equal(query.ALIAS, 'dl-customer');
  });

  it('uses an alias created on the hosted page', async () => {
    const xml = await directLink(running.url, 'orderdirect', {
      ORDERID: orderId('DL'),
      AMOUNT: '100',
      CURRENCY: 'EUR',
      ALIAS: 'customer-1',
      ECI: '9',
    });
    assert.equal(xml.STATUS, '9');
  });

  it('updates the alias with new card data when the payment is accepted', async () => {
    const xml = await directLink(running.url, 'orderdirect', cardOrder({ ALIAS: 'dl-customer', CARDNO: '5399999999999999', ED: '0138' }));
    assert.equal(xml.STATUS, '9');
    const alias = aliasNamed('dl-customer');
    assert.equal(alias?.brand, 'MasterCard');
    assert.equal(alias?.ed, '0138');
  });

  it('unknown alias: 50001111, Alias "…" not Found, nothing paid', async () => {
    const before = running.sandbox.payments().length;
    const id = orderId('DL');
    const xml = await directLink(running.url, 'orderdirect', { ORDERID: id, AMOUNT: '100', CURRENCY: 'EUR', ALIAS: 'nobody' });
    assert.equal(xml.STATUS, '0');
    assert.equal(xml.NCSTATUS, '5');
    assert.equal(xml.NCERROR, '50001111');
    assert.equal(xml.NCERRORPLUS, 'Alias "nobody" not Found');
    assert.equal(xml.PAYID, '0');
    assert.equal(running.sandbox.payments().length, before);
  });

  it('the alias must differ from the card number: 50001216', async () => {
    const xml = await directLink(running.url, 'orderdirect', cardOrder({ ALIAS: '4111111111111111' }));
    assert.equal(xml.NCERROR, '50001216');
    assert.equal(xml.NCERRORPLUS, 'The alias must be different than the card number');
  });
});

/** A Batch automatic upload as the Batch advanced guide describes it (multipart POST of the file). */
async function uploadBatch(file: string, extra: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries({
    PSPID: SANDBOX_ACCOUNT.pspid,
    USERID: SANDBOX_ACCOUNT.userId,
    PSWD: SANDBOX_ACCOUNT.password,
    FILE_REFERENCE: 'DEL-1',
    REPLY_TYPE: 'XML',
    MODE: 'SYNC',
    PROCESS_MODE: 'CHECKANDPROCESS',
    ...extra,
  })) {
    form.set(name, value);
  }
  form.set('FILE', new Blob([file], { type: 'text/plain' }), 'aliases.txt');
  return fetch(`${running.url}/ncol/test/AFU_agree.asp`, { method: 'POST', body: form });
}

describe('alias deletion by Batch (DELALIAS, Alias Manager guide)', () => {
  it('DELALIAS;<alias>;;;;;<PSPID>; deletes the alias: a DirectLink order with it is then refused 50001111', async () => {
    await directLink(running.url, 'orderdirect', cardOrder({ ALIAS: 'to-forget', OPERATION: 'RES' }));
    assert.ok(aliasNamed('to-forget'));
    const response = await uploadBatch(`DELALIAS;to-forget;;;;;${SANDBOX_ACCOUNT.pspid};\r\n`);
    assert.equal(response.status, 200);
    const xml = await response.text();
    assert.match(xml, /<LINE NUMBER="1" OPERATION="DELALIAS" ALIAS="to-forget" NCERROR="0"/);
    assert.equal(aliasNamed('to-forget'), undefined);
    const id = orderId('DL');
    const refused = await directLink(running.url, 'orderdirect', {
      ORDERID: id,
      AMOUNT: '100',
      CURRENCY: 'EUR',
      ALIAS: 'to-forget',
      ECI: '9',
    });
    assert.equal(refused.NCERROR, '50001111');
    assert.equal(refused.NCERRORPLUS, 'Alias "to-forget" not Found');
    assert.equal(running.sandbox.payments({ orderId: id }).length, 0);
  });

  it('a second DELALIAS of the same alias answers 50001111 on its line and changes nothing', async () => {
    const xml = await (await uploadBatch(`DELALIAS;to-forget;;;;;${SANDBOX_ACCOUNT.pspid};`)).text();
    assert.match(xml, /ALIAS="to-forget" NCERROR="50001111" NCERRORPLUS="Alias &quot;to-forget&quot; not Found"/);
  });

  it('refuses a wrong API password (50001119) and another PSPID on the line, deleting nothing', async () => {
    await directLink(running.url, 'orderdirect', cardOrder({ ALIAS: 'kept', OPERATION: 'RES' }));
    const wrongPassword = await (await uploadBatch(`DELALIAS;kept;;;;;${SANDBOX_ACCOUNT.pspid};`, { PSWD: 'not-the-password' })).text();
    assert.match(wrongPassword, /<BATCH_RESULT [^>]*NCERROR="50001119"/);
    assert.doesNotMatch(wrongPassword, new RegExp(SANDBOX_ACCOUNT.password));
    const otherAccount = await (await uploadBatch('DELALIAS;kept;;;;;SOMEONEELSE;')).text();
    assert.match(otherAccount, /ALIAS="kept" NCERROR="50001118"/);
    const add = await (await uploadBatch(`ADDALIAS;new-one;Jane Doe;XXXXXXXXXXXX1111;1239;VISA;${SANDBOX_ACCOUNT.pspid};`)).text();
    assert.match(add, /OPERATION="ADDALIAS" ALIAS="new-one" NCERROR="50001111"/);
    assert.ok(aliasNamed('kept'));
  });

  it('fault control: the next upload answers HTTP 503 and deletes nothing', async () => {
    const set = await fetch(`${running.url}/sandbox/batch/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fail: 1 }),
    });
    assert.deepEqual(await set.json(), { faults: { fail: 1 } });
    assert.equal((await uploadBatch(`DELALIAS;kept;;;;;${SANDBOX_ACCOUNT.pspid};`)).status, 503);
    assert.ok(aliasNamed('kept'));
    assert.equal((await uploadBatch(`DELALIAS;kept;;;;;${SANDBOX_ACCOUNT.pspid};`)).status, 200);
    assert.equal(aliasNamed('kept'), undefined);
    const bad = await fetch(`${running.url}/sandbox/batch/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fail: -1 }),
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { field: string } }).error.field, 'fail');
  });
});

describe('alias update by DirectLink (Alias Manager guide §3.2)', () => {
  it('a CN sent with ALIAS alone overwrites the stored card holder once the payment is accepted', async () => {
    await directLink(running.url, 'orderdirect', cardOrder({ ALIAS: 'holder', CN: 'Card Holder', OPERATION: 'RES' }));
    assert.equal(aliasNamed('holder')?.cn, 'Card Holder');
    const plain = await directLink(running.url, 'orderdirect', {
      ORDERID: orderId('DL'),
      AMOUNT: '100',
      CURRENCY: 'EUR',
      ALIAS: 'holder',
      ECI: '9',
    });
    assert.equal(plain.STATUS, '9');
    assert.equal(aliasNamed('holder')?.cn, 'Card Holder', 'ALIAS alone changes nothing');
    const renamed = await directLink(running.url, 'orderdirect', {
      ORDERID: orderId('DL'),
      AMOUNT: '100',
      CURRENCY: 'EUR',
      ALIAS: 'holder',
      ECI: '9',
      CN: 'Shop Customer',
    });
    assert.equal(renamed.STATUS, '9');
    assert.equal(aliasNamed('holder')?.cn, 'Shop Customer');
    assert.equal(aliasNamed('holder')?.cardNo, 'XXXXXXXXXXXX1111');
  });
});
