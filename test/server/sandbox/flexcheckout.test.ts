/**
 * FlexCheckout, the hosted tokenization page (docs/ogone-protocol.md §15), against the guide
 * ("Integrating FlexCheckout as a tokenization page", §3.1–3.4): the request is written out with
 * the guide's field names and signed here from the literal string the guide describes — never
 * with our signer or the sandbox's own functions; the return's SHASign is checked the same way.
 * Then the alias is used like any other: DirectLink orders with ALIAS=… (accepted, refused, 3-D
 * Secure through the sandbox's challenge page).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';
import { asRecord, directLink, locationParameters, orderId, postForm } from './helpers.ts';

const clock = new Date('2030-03-01T10:00:00Z');
let running: RunningSandbox;
before(async () => {
  running = await startSandbox({ ...SANDBOX_ACCOUNT, now: () => clock });
});
after(() => running.close());

// The sandbox account's passphrases (test/support/accounts.ts), written out.
const IN = 'Sandbox-SHA-IN-key-16';
const OUT = 'Sandbox-SHA-OUT-key-16';

function sha512(text: string): string {
  return createHash('sha512').update(text, 'utf8').digest('hex').toUpperCase();
}

/** The guide's rule, written here: names uppercased, sorted, NAME=value + passphrase after each. */
function guideString(fields: Record<string, string>, passphrase: string): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => [name.toUpperCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}${passphrase}`)
    .join('');
}

const ACCEPT = 'https://shop.example/flex/accept';
const EXCEPTION = 'https://shop.example/flex/exception';

/** The fields of the first example, in the guide's names. */
const FIRST = {
  'ACCOUNT.PSPID': 'TESTPSPID',
  'ALIAS.ALIASID': 'flex-customer-1',
  'ALIAS.ORDERID': 'FLEX-0001',
  'ALIAS.STOREPERMANENTLY': 'Y',
  'CARD.PAYMENTMETHOD': 'CreditCard',
  'LAYOUT.LANGUAGE': 'en_US',
  'PARAMETERS.ACCEPTURL': ACCEPT,
  'PARAMETERS.EXCEPTIONURL': EXCEPTION,
};
const FIRST_STRING =
  'ACCOUNT.PSPID=TESTPSPIDSandbox-SHA-IN-key-16' +
  'ALIAS.ALIASID=flex-customer-1Sandbox-SHA-IN-key-16' +
  'ALIAS.ORDERID=FLEX-0001Sandbox-SHA-IN-key-16' +
  'ALIAS.STOREPERMANENTLY=YSandbox-SHA-IN-key-16' +
  'CARD.PAYMENTMETHOD=CreditCardSandbox-SHA-IN-key-16' +
  'LAYOUT.LANGUAGE=en_USSandbox-SHA-IN-key-16' +
  'PARAMETERS.ACCEPTURL=https://shop.example/flex/acceptSandbox-SHA-IN-key-16' +
  'PARAMETERS.EXCEPTIONURL=https://shop.example/flex/exceptionSandbox-SHA-IN-key-16';

/** The page's URL with the fields in the query string, as the guide's redirect integration builds it. */
function pageUrl(base: string, fields: Record<string, string>): string {
  return `${base}/Tokenization/HostedPage?${new URLSearchParams(fields).toString()}`;
}

function signedFields(fields: Record<string, string>): Record<string, string> {
  return { ...fields, 'SHASIGNATURE.SHASIGN': sha512(guideString(fields, IN)) };
}

async function openPage(fields: Record<string, string>): Promise<{ status: number; html: string; token: string; csp: string }> {
  const response = await fetch(pageUrl(running.url, fields), { redirect: 'manual' });
  const html = await response.text();
  return {
    status: response.status,
    html,
    token: /name="TOKEN" value="([^"]+)"/.exec(html)?.[1] ?? '',
    csp: response.headers.get('content-security-policy') ?? '',
  };
}

const CARD = { ED: '12/39', CVC: '123', CN: 'Jane Doe' };

/** Opens the page with signed fields, submits a card (or Cancel), returns the redirect's fields. */
async function tokenize(fields: Record<string, string>, entry: Record<string, string>) {
  const { token } = await openPage(signedFields(fields));
  assert.ok(token, 'the page opened');
  const response = await postForm(`${running.url}/Tokenization/sandbox_save`, { TOKEN: token, ACTION: 'save', ...CARD, ...entry });
  assert.equal(response.status, 303);
  const { url, parameters } = locationParameters(response);
  return { url, parameters, fields: asRecord(parameters), response, token };
}

describe('FlexCheckout request (guide §3.1, §3.2)', () => {
  it('the test helper composes the guide string exactly as written out', () => {
    assert.equal(guideString(FIRST, IN), FIRST_STRING);
  });

  it('a signed request shows the card page: fields, Save, Cancel, nothing charged, frameable', async () => {
    const page = await openPage({ ...FIRST, 'SHASIGNATURE.SHASIGN': sha512(FIRST_STRING) });
    assert.equal(page.status, 200);
    assert.match(page.html, /<h1>Save your card<\/h1>/);
    assert.match(page.html, /Nothing is charged now\./);
    assert.match(page.html, /<dd>FLEX-0001<\/dd>/);
    for (const name of ['CARDNO', 'ED', 'CVC', 'CN']) assert.match(page.html, new RegExp(`name="${name}"`));
    assert.match(page.html, /autocomplete="cc-number"/);
    assert.match(page.html, /value="save">Save card</);
    assert.match(page.html, /value="cancel" formnovalidate>Cancel</);
    assert.match(page.html, /TEST PLATFORM/);
    // The guide's second integration is an iframe (§3): the page may be framed, runs no script.
    assert.match(page.csp, /frame-ancestors \*/);
    assert.match(page.csp, /default-src 'none'/);
  });

  it('a POST with the same fields is accepted too, and the signature is case-insensitive hex', async () => {
    const response = await postForm(`${running.url}/Tokenization/HostedPage`, {
      ...FIRST,
      'SHASIGNATURE.SHASIGN': sha512(FIRST_STRING).toLowerCase(),
    });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Save your card/);
  });

  it('LAYOUT.LANGUAGE chooses the page language (fr_FR)', async () => {
    const page = await openPage(signedFields({ ...FIRST, 'LAYOUT.LANGUAGE': 'fr_FR' }));
    assert.match(page.html, /<html lang="fr">/);
    assert.match(page.html, /Enregistrer votre carte/);
    assert.match(page.html, /Rien n'est débité maintenant\.|Rien n&#39;est débité maintenant\./);
  });

  it("a wrong signature is refused with the platform's error (unknown order/1/s), nothing shown", async () => {
    const page = await openPage({ ...FIRST, 'SHASIGNATURE.SHASIGN': sha512(FIRST_STRING.replace('FLEX-0001', 'FLEX-0002')) });
    assert.equal(page.status, 400);
    assert.match(page.html, /unknown order\/1\/s/);
    assert.equal(page.token, '');
  });

  it('a field changed after signing is refused (every field sent is signed)', async () => {
    const page = await openPage({
      ...FIRST,
      'PARAMETERS.ACCEPTURL': 'https://evil.example/steal',
      'SHASIGNATURE.SHASIGN': sha512(FIRST_STRING),
    });
    assert.equal(page.status, 400);
    assert.match(page.html, /unknown order\/1\/s/);
  });

  it('no signature → unknown order/0/s; an unknown PSPID → PSPID not found or not active', async () => {
    const unsigned = await openPage(FIRST);
    assert.equal(unsigned.status, 400);
    assert.match(unsigned.html, /unknown order\/0\/s/);
    const other = { ...FIRST, 'ACCOUNT.PSPID': 'NOSUCHPSPID' };
    const unknown = await openPage(signedFields(other));
    assert.equal(unknown.status, 400);
    assert.match(unknown.html, /PSPID not found or not active/);
  });

  it("an e-Commerce style SHASIGN field is not FlexCheckout's signature field", async () => {
    const page = await openPage({ ...FIRST, SHASIGN: sha512(FIRST_STRING) });
    assert.equal(page.status, 400);
    assert.match(page.html, /unknown order\/1\/s|unknown order\/0\/s/);
  });

  it('missing return URL or payment method, too long ALIAS.ALIASID → the platform-style texts', async () => {
    const { 'PARAMETERS.ACCEPTURL': _accept, ...noAccept } = FIRST;
    assert.match((await openPage(signedFields(noAccept))).html, /no PARAMETERS\.ACCEPTURL/);
    const { 'CARD.PAYMENTMETHOD': _method, ...noMethod } = FIRST;
    assert.match((await openPage(signedFields(noMethod))).html, /no CARD\.PAYMENTMETHOD/);
    assert.match((await openPage(signedFields({ ...FIRST, 'ALIAS.ALIASID': 'A'.repeat(51) }))).html, /alias\.aliasid too long/);
    assert.match((await openPage(signedFields({ ...FIRST, 'CARD.PAYMENTMETHOD': 'PayPal' }))).html, /PAYMENT METHOD NOT FOUND FOR: PayPal/);
  });
});

describe('FlexCheckout return (guide §3.3, §3.4) and the alias in DirectLink', () => {
  it('a valid card: 303 to ACCEPTURL with Alias.* and Card.* fields and a verifiable SHASign', async () => {
    const { url, parameters, fields } = await tokenize(FIRST, { CARDNO: '4111 1111 1111 1111' });
    assert.equal(`${url.origin}${url.pathname}`, ACCEPT);
    assert.deepEqual(
      parameters.map(([name]) => name),
      [
        'Alias.AliasId',
        'Card.Bin',
        'Card.Brand',
        'Card.CardNumber',
        'Card.CardHolderName',
        'Card.Cvc',
        'Card.ExpiryDate',
        'Alias.NCError',
        'Alias.NCErrorCardNo',
        'Alias.NCErrorCN',
        'Alias.NCErrorCVC',
        'Alias.NCErrorED',
        'Alias.OrderId',
        'Alias.Status',
        'Alias.StorePermanently',
        'SHASign',
      ],
    );
    assert.deepEqual(fields, {
      'Alias.AliasId': 'flex-customer-1',
      'Card.Bin': '411111',
      'Card.Brand': 'VISA',
      'Card.CardNumber': 'XXXXXXXXXXXX1111',
      'Card.CardHolderName': 'Jane Doe',
      'Card.Cvc': 'XXX',
      'Card.ExpiryDate': '1239',
      'Alias.NCError': '0',
      'Alias.NCErrorCardNo': '0',
      'Alias.NCErrorCN': '0',
      'Alias.NCErrorCVC': '0',
      'Alias.NCErrorED': '0',
      'Alias.OrderId': 'FLEX-0001',
      'Alias.Status': '0',
      'Alias.StorePermanently': 'Y',
      SHASign: fields.SHASign,
    });
    const expected =
      'ALIAS.ALIASID=flex-customer-1Sandbox-SHA-OUT-key-16' +
      'ALIAS.NCERROR=0Sandbox-SHA-OUT-key-16' +
      'ALIAS.NCERRORCARDNO=0Sandbox-SHA-OUT-key-16' +
      'ALIAS.NCERRORCN=0Sandbox-SHA-OUT-key-16' +
      'ALIAS.NCERRORCVC=0Sandbox-SHA-OUT-key-16' +
      'ALIAS.NCERRORED=0Sandbox-SHA-OUT-key-16' +
      'ALIAS.ORDERID=FLEX-0001Sandbox-SHA-OUT-key-16' +
      'ALIAS.STATUS=0Sandbox-SHA-OUT-key-16' +
      'ALIAS.STOREPERMANENTLY=YSandbox-SHA-OUT-key-16' +
      'CARD.BIN=411111Sandbox-SHA-OUT-key-16' +
      'CARD.BRAND=VISASandbox-SHA-OUT-key-16' +
      'CARD.CARDHOLDERNAME=Jane DoeSandbox-SHA-OUT-key-16' +
      'CARD.CARDNUMBER=XXXXXXXXXXXX1111Sandbox-SHA-OUT-key-16' +
      'CARD.CVC=XXXSandbox-SHA-OUT-key-16' +
      'CARD.EXPIRYDATE=1239Sandbox-SHA-OUT-key-16';
    assert.equal(guideString(Object.fromEntries(parameters.filter(([name]) => name !== 'SHASign')), OUT), expected);
    assert.equal(fields.SHASign, sha512(expected));

    const alias = running.sandbox.aliases().find((a) => a.alias === 'flex-customer-1');
    assert.deepEqual(
      { status: alias?.status, cardNo: alias?.cardNo, brand: alias?.brand, ed: alias?.ed, cn: alias?.cn, expiresAt: alias?.expiresAt },
      { status: 'Active', cardNo: 'XXXXXXXXXXXX1111', brand: 'VISA', ed: '1239', cn: 'Jane Doe', expiresAt: null },
    );
    assert.doesNotMatch(JSON.stringify(running.sandbox.aliases()), /4111111111111111/);
  });

  it('then a DirectLink order with ALIAS=flex-customer-1 alone is accepted, like an alias saved in a payment', async () => {
    const order = { ORDERID: orderId('FLEXDL'), AMOUNT: '1999', CURRENCY: 'EUR', ALIAS: 'flex-customer-1', OPERATION: 'SAL', ECI: '9' };
    const xml = await directLink(running.url, 'orderdirect', order);
    assert.equal(xml.NCERROR, '0');
    assert.equal(xml.STATUS, '9');
    assert.equal(xml.ALIAS, 'flex-customer-1');
    const query = await directLink(running.url, 'querydirect', { PAYID: xml.PAYID ?? '' });
    assert.equal(query.CARDNO, 'XXXXXXXXXXXX1111');
  });

  it('the same ALIAS.ALIASID with another card updates the alias: Alias.Status 2', async () => {
    const { url, fields } = await tokenize({ ...FIRST, 'ALIAS.ORDERID': 'FLEX-0003' }, { CARDNO: '5399999999999999', ED: '03/38' });
    assert.equal(`${url.origin}${url.pathname}`, ACCEPT);
    assert.equal(fields['Alias.Status'], '2');
    assert.equal(fields['Card.Brand'], 'MasterCard');
    assert.equal(running.sandbox.aliases().find((a) => a.alias === 'flex-customer-1')?.cardNo, 'XXXXXXXXXXXX9999');
  });

  it('no ALIAS.ALIASID: the platform names the alias; STOREPERMANENTLY=N keeps it 2 hours', async () => {
    const { fields } = await tokenize(
      { ...FIRST, 'ALIAS.ALIASID': '', 'ALIAS.STOREPERMANENTLY': 'N', 'ALIAS.ORDERID': 'FLEX-0004' },
      { CARDNO: '4111111111111111' },
    );
    assert.equal(fields['Alias.Status'], '0');
    assert.equal(fields['Alias.StorePermanently'], 'N');
    assert.match(fields['Alias.AliasId'] ?? '', /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    const alias = running.sandbox.aliases().find((a) => a.alias === fields['Alias.AliasId']);
    assert.equal(alias?.expiresAt, '2030-03-01T12:00:00.000Z');
  });

  // "If an Alias is created with the N value and the transaction is completed within a two-hour
  // timeframe, the transaction too must include this parameter/value combination for the alias to
  // be deleted. If the transaction does not contain this parameter/value combination, the alias
  // will be retained for future use." (Ingenico's Alias Gateway guide, step 1, §3.1, the
  // ALIASPERSISTEDAFTERUSE note; review r890)
  for (const [sent, expiresAt] of [
    [{}, null],
    [{ ALIASPERSISTEDAFTERUSE: 'N' }, '2030-03-01T12:00:00.000Z'],
  ] as const) {
    it(`a temporary alias used by DirectLink within its 2 hours${'ALIASPERSISTEDAFTERUSE' in sent ? ' with ALIASPERSISTEDAFTERUSE=N is still deleted' : ' is kept for good'}`, async () => {
      const name = `flex-temporary-${expiresAt === null ? 'kept' : 'deleted'}`;
      const { fields } = await tokenize(
        {
          ...FIRST,
          'ALIAS.ALIASID': name,
          'ALIAS.STOREPERMANENTLY': 'N',
          'ALIAS.ORDERID': expiresAt === null ? 'FLEX-0021' : 'FLEX-0022',
        },
        { CARDNO: '4111111111111111' },
      );
      assert.equal(fields['Alias.StorePermanently'], 'N');
      const order = { ORDERID: orderId('FLEXTMP'), AMOUNT: '1999', CURRENCY: 'EUR', ALIAS: name, OPERATION: 'SAL', ECI: '9', ...sent };
      const xml = await directLink(running.url, 'orderdirect', order);
      assert.deepEqual([xml.NCERROR, xml.STATUS], ['0', '9']);
      assert.equal(running.sandbox.aliases().find((a) => a.alias === name)?.expiresAt, expiresAt);
    });
  }

  it('a card the acquirer refuses is still tokenized (format check only); the DirectLink order is refused', async () => {
    const { fields } = await tokenize(
      { ...FIRST, 'ALIAS.ALIASID': 'flex-refused', 'ALIAS.ORDERID': 'FLEX-0005' },
      { CARDNO: '4000000000000200' },
    );
    assert.equal(fields['Alias.Status'], '0');
    assert.equal(fields['Alias.NCError'], '0');
    const xml = await directLink(running.url, 'orderdirect', {
      ORDERID: orderId('FLEXDL'),
      AMOUNT: '1999',
      CURRENCY: 'EUR',
      ALIAS: 'flex-refused',
      ECI: '9',
    });
    assert.equal(xml.STATUS, '2');
    assert.equal(xml.NCERROR, '30001001');
  });

  it('a 3-D Secure card: tokenized, then the DirectLink order with FLAG3D=Y goes through the challenge page', async () => {
    const { fields } = await tokenize(
      { ...FIRST, 'ALIAS.ALIASID': 'flex-3ds', 'ALIAS.ORDERID': 'FLEX-0006' },
      { CARDNO: '4000000000000002' },
    );
    assert.equal(fields['Alias.Status'], '0');
    const order = {
      ORDERID: orderId('FLEXDL'),
      AMOUNT: '1999',
      CURRENCY: 'EUR',
      ALIAS: 'flex-3ds',
      OPERATION: 'SAL',
      FLAG3D: 'Y',
      WIN3DS: 'MAINW',
      ACCEPTURL: 'https://shop.example/ok',
      DECLINEURL: 'https://shop.example/ko',
    };
    const xml = await directLink(running.url, 'orderdirect', order);
    assert.equal(xml.STATUS, '46');
    const form = Buffer.from(xml.HTML_ANSWER ?? '', 'base64').toString('utf8');
    const token = /name="TOKEN" value="([^"]+)"/.exec(form)?.[1] ?? '';
    assert.ok(token, 'the HTML_ANSWER carries the challenge');
    const approved = await postForm(`${running.url}/ncol/test/sandbox_3ds.asp`, { TOKEN: token, RESULT: 'approve' });
    assert.equal(approved.status, 303);
    const result = locationParameters(approved);
    assert.equal(result.url.pathname, '/ok');
    assert.equal(asRecord(result.parameters).STATUS, '9');
    assert.equal(asRecord(result.parameters).ALIAS, 'flex-3ds');
  });

  it("a card number failing the format check: 303 to EXCEPTIONURL, Alias.Status 1, the field's NCError, no alias", async () => {
    const { url, fields, parameters } = await tokenize(
      { ...FIRST, 'ALIAS.ALIASID': 'flex-bad', 'ALIAS.ORDERID': 'FLEX-0007' },
      { CARDNO: '4111111111111112' },
    );
    assert.equal(`${url.origin}${url.pathname}`, EXCEPTION);
    assert.equal(fields['Alias.Status'], '1');
    assert.equal(fields['Alias.NCErrorCardNo'], '50001068');
    assert.equal(fields['Alias.NCError'], '50001068');
    assert.equal(fields['Alias.NCErrorED'], '0');
    assert.equal(fields['Card.CardNumber'], '');
    const expected =
      'ALIAS.ALIASID=flex-badSandbox-SHA-OUT-key-16' +
      'ALIAS.NCERROR=50001068Sandbox-SHA-OUT-key-16' +
      'ALIAS.NCERRORCARDNO=50001068Sandbox-SHA-OUT-key-16' +
      'ALIAS.NCERRORCN=0Sandbox-SHA-OUT-key-16' +
      'ALIAS.NCERRORCVC=0Sandbox-SHA-OUT-key-16' +
      'ALIAS.NCERRORED=0Sandbox-SHA-OUT-key-16' +
      'ALIAS.ORDERID=FLEX-0007Sandbox-SHA-OUT-key-16' +
      'ALIAS.STATUS=1Sandbox-SHA-OUT-key-16' +
      'ALIAS.STOREPERMANENTLY=YSandbox-SHA-OUT-key-16';
    assert.equal(guideString(Object.fromEntries(parameters.filter(([name]) => name !== 'SHASign')), OUT), expected);
    assert.equal(fields.SHASign, sha512(expected));
    assert.equal(
      running.sandbox.aliases().find((a) => a.alias === 'flex-bad'),
      undefined,
    );
  });

  it('CARD.BRAND=VISA and a MasterCard typed: Alias.Status 1, NCErrorCardNo 50001001, no alias', async () => {
    const { url, fields } = await tokenize(
      { ...FIRST, 'ALIAS.ALIASID': 'flex-brand', 'ALIAS.ORDERID': 'FLEX-0010', 'CARD.BRAND': 'VISA' },
      { CARDNO: '5399999999999999' },
    );
    assert.equal(`${url.origin}${url.pathname}`, EXCEPTION);
    assert.equal(fields['Alias.Status'], '1');
    assert.equal(fields['Alias.NCErrorCardNo'], '50001001');
    assert.equal(
      running.sandbox.aliases().find((a) => a.alias === 'flex-brand'),
      undefined,
    );
  });

  it('an ALIAS.ALIASID equal to the card number is refused: NCErrorCardNo 50001216', async () => {
    const { fields } = await tokenize(
      { ...FIRST, 'ALIAS.ALIASID': '4111111111111111', 'ALIAS.ORDERID': 'FLEX-0011' },
      { CARDNO: '4111111111111111' },
    );
    assert.equal(fields['Alias.Status'], '1');
    assert.equal(fields['Alias.NCErrorCardNo'], '50001216');
    assert.equal(
      running.sandbox.aliases().find((a) => a.alias === '4111111111111111'),
      undefined,
    );
  });

  it('Cancel: 303 to EXCEPTIONURL with Alias.Status 3, no alias; a second submit goes to the same place', async () => {
    const { url, fields, token } = await tokenize(
      { ...FIRST, 'ALIAS.ALIASID': 'flex-cancel', 'ALIAS.ORDERID': 'FLEX-0008' },
      { ACTION: 'cancel' },
    );
    assert.equal(`${url.origin}${url.pathname}`, EXCEPTION);
    assert.equal(fields['Alias.Status'], '3');
    assert.equal(
      running.sandbox.aliases().find((a) => a.alias === 'flex-cancel'),
      undefined,
    );
    const again = await postForm(`${running.url}/Tokenization/sandbox_save`, {
      TOKEN: token,
      ACTION: 'save',
      CARDNO: '4111111111111111',
      ...CARD,
    });
    assert.equal(again.headers.get('location'), url.toString());
  });

  it('PARAMETERS.PARAMPLUS comes back as its own fields, outside SHASign', async () => {
    const { parameters, fields } = await tokenize(
      { ...FIRST, 'ALIAS.ALIASID': 'flex-plus', 'ALIAS.ORDERID': 'FLEX-0009', 'PARAMETERS.PARAMPLUS': 'session=abc&Alias.Status=9' },
      { CARDNO: '4111111111111111' },
    );
    assert.equal(fields.session, 'abc');
    assert.equal(fields['Alias.Status'], '0', 'a pair named like an output field is dropped');
    assert.deepEqual(
      parameters.slice(-2).map(([name]) => name),
      ['session', 'SHASign'],
    );
    const signedPart = Object.fromEntries(parameters.filter(([name]) => name !== 'SHASign' && name !== 'session'));
    assert.equal(fields.SHASign, sha512(guideString(signedPart, OUT)));
  });
});

describe('FlexCheckout: a published SHA-IN vector', () => {
  it("accepts the request of an open-source FlexCheckout client's test (SHA-256, its passphrase)", async () => {
    // ACCOUNT.PSPID=test, CARD.PAYMENTMETHOD=CreditCard, the two URLs, passphrase f8p8NRVhPt6CjnrK,
    // SHA-256 DE447683…EC1: the vector as published, reproduced from the literal string.
    const literal =
      'ACCOUNT.PSPID=testf8p8NRVhPt6CjnrK' +
      'CARD.PAYMENTMETHOD=CreditCardf8p8NRVhPt6CjnrK' +
      'PARAMETERS.ACCEPTURL=http://ya.ru/succf8p8NRVhPt6CjnrK' +
      'PARAMETERS.EXCEPTIONURL=http://ya.ru/errf8p8NRVhPt6CjnrK';
    const published = 'DE447683BE328B12BD00CD8A1F53790518F4CAF029EA65D8A7CB3D3DEB6B1EC1';
    assert.equal(createHash('sha256').update(literal).digest('hex').toUpperCase(), published);
    const other = await startSandbox({
      pspid: 'test',
      userId: 'api',
      password: 'api-password-42',
      shaIn: 'f8p8NRVhPt6CjnrK',
      shaOut: 'Another-SHA-OUT-phrase',
      hashAlgorithm: 'sha256',
    });
    try {
      const url =
        `${other.url}/Tokenization/HostedPage?ACCOUNT.PSPID=test&CARD.PAYMENTMETHOD=CreditCard&PARAMETERS.ACCEPTURL=http://ya.ru/succ` +
        `&PARAMETERS.EXCEPTIONURL=http://ya.ru/err&SHASIGNATURE.SHASIGN=${published}`;
      const response = await fetch(url);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /Save your card/);
    } finally {
      await other.close();
    }
  });
});
