/**
 * Which cards a request lets the sandbox take, from the guides' literal words: EXCLPMLIST refuses a
 * card of an excluded brand with "Card number incorrect or incompatible" on DirectLink and on the
 * payment page; BRAND (with PM) lets the payment page take that brand only; the guide's own PM
 * example, "CreditCard " with its trailing space, opens the page. Requests are signed here with a
 * hand-written SHA-IN (DirectLink guide §3.5: names uppercased, empty values left out, sorted,
 * NAME=value+passphrase, hex uppercase), never with the project's signer. Every name signed below
 * is on the SHA-IN list and has no "_", so plain sorting is the list's order.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox(SANDBOX_ACCOUNT);
});
after(() => running.close());

let counter = 0;
const newOrderId = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

/** SHA-IN as DirectLink guide §3.5 / e-Commerce Basic §"SHA-IN" describe it. */
function signIn(params: Record<string, string>): Record<string, string> {
  const text = Object.entries(params)
    .map(([name, value]) => [name.toUpperCase(), value] as const)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}${SANDBOX_ACCOUNT.shaIn}`)
    .join('');
  return { ...params, SHASIGN: createHash(SANDBOX_ACCOUNT.hashAlgorithm).update(text, 'utf8').digest('hex').toUpperCase() };
}

function post(path: string, params: Record<string, string>): Promise<Response> {
  return fetch(`${running.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
    redirect: 'manual',
  });
}

function attributes(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of xml.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

async function orderDirect(extra: Record<string, string>): Promise<Record<string, string>> {
  const body = signIn({
    PSPID: SANDBOX_ACCOUNT.pspid,
    USERID: SANDBOX_ACCOUNT.userId,
    PSWD: SANDBOX_ACCOUNT.password,
    ORDERID: newOrderId('RVDL'),
    AMOUNT: '1999',
    CURRENCY: 'EUR',
    CARDNO: '4111111111111111',
    ED: '1239',
    CVC: '123',
    CN: 'Jane Doe',
    OPERATION: 'SAL',
    ...extra,
  });
  const response = await post('/ncol/test/orderdirect_utf8.asp', body);
  return attributes(await response.text());
}

/** Opens the hosted page (signed here) and returns the response and the card form's token. */
async function openHosted(extra: Record<string, string>): Promise<{ status: number; html: string; token: string }> {
  const params = signIn({
    PSPID: SANDBOX_ACCOUNT.pspid,
    ORDERID: newOrderId('RVHP'),
    AMOUNT: '1999',
    CURRENCY: 'EUR',
    LANGUAGE: 'en_US',
    ACCEPTURL: 'https://shop.example/accept',
    DECLINEURL: 'https://shop.example/decline',
    EXCEPTIONURL: 'https://shop.example/exception',
    CANCELURL: 'https://shop.example/cancel',
    ...extra,
  });
  const response = await post('/ncol/test/orderstandard_utf8.asp', params);
  const html = await response.text();
  return { status: response.status, html, token: /name="TOKEN" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

function payCard(token: string, cardNo: string): Promise<Response> {
  return post('/ncol/test/sandbox_pay.asp', { TOKEN: token, ACTION: 'pay', CARDNO: cardNo, ED: '12/39', CVC: '123', CN: 'Jane Doe' });
}

describe('EXCLPMLIST (DirectLink guide §3.1.4; e-Commerce Advanced §10.1.3)', () => {
  it('DirectLink: a card of an excluded brand is refused with NCERRORPLUS "Card number incorrect or incompatible"', async () => {
    // directlink-guide.txt §3.1.4 "Excluding specific payment methods": "If a customer tries paying
    // with a card linked to a payment method and/or (sub)brand you've excluded using the EXCLPMLIST
    // parameter, the error message “Card number incorrect or incompatible” will be returned with the
    // NCERRORPLUS return field."
    const answer = await orderDirect({ EXCLPMLIST: 'VISA' });
    assert.equal(answer.NCERRORPLUS, 'Card number incorrect or incompatible', `answer: ${JSON.stringify(answer)}`);
    assert.notEqual(answer.STATUS, '9', 'an excluded brand must not be charged');
  });

  it('hosted page: a card of an excluded brand is refused next to the number, and another brand pays', async () => {
    // ecommerce-advanced.txt §10.1.3: EXCLPMLIST = "List of payment methods and/or credit card brands
    // that should NOT be shown" … "the error message “Card number incorrect or incompatible” will be
    // returned with the NCERRORPLUS return field. The customer will see a similar message on the
    // payment page."
    const { token } = await openHosted({ EXCLPMLIST: 'VISA;American Express' });
    assert.ok(token, 'the page opened');
    const refused = await payCard(token, '4111111111111111');
    assert.equal(refused.status, 400);
    assert.equal(refused.headers.get('location'), null);
    assert.match(await refused.text(), /Card number incorrect or incompatible/);
    const paid = await payCard(token, '5399999999999999');
    const location = new URL(paid.headers.get('location') ?? 'http://none/');
    assert.equal(location.searchParams.get('STATUS'), '9', String(location));
    assert.equal(location.searchParams.get('BRAND'), 'MasterCard');
  });

  it('DirectLink: "CreditCard" in the list excludes every card', async () => {
    const answer = await orderDirect({ EXCLPMLIST: 'CreditCard' });
    assert.equal(answer.NCERROR, '50001054', JSON.stringify(answer));
    assert.equal(answer.STATUS, '0');
  });

  it('DirectLink: a brand not in the list is charged', async () => {
    const answer = await orderDirect({ EXCLPMLIST: 'American Express' });
    assert.equal(answer.STATUS, '9', JSON.stringify(answer));
  });
});

describe('PM / BRAND lock the hosted page (e-Commerce Advanced §10.1.1.1)', () => {
  it('BRAND=VISA: a MasterCard is refused next to the number, a VISA pays', async () => {
    // ecommerce-advanced.txt §10.1.1.1 "Showing a specific payment method": "he can send us the
    // payment method name and brand … so we will only show this particular payment method on our
    // payment page and will only allow payment by this payment method."
    const { token } = await openHosted({ PM: 'CreditCard', BRAND: 'VISA' });
    assert.ok(token, 'the page opened');
    const refused = await payCard(token, '5399999999999999');
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Card number incorrect or incompatible/);
    const paid = await payCard(token, '4111111111111111');
    const location = new URL(paid.headers.get('location') ?? 'http://none/');
    assert.equal(location.searchParams.get('STATUS'), '9', String(location));
    assert.equal(location.searchParams.get('BRAND'), 'VISA');
  });

  it('the guide\'s own example PM value "CreditCard " (trailing space) opens the page', async () => {
    // ecommerce-advanced.txt §10.1.1.1, Examples: "Hidden fields in the event that your customer has
    // selected VISA on your site: <input type="hidden" name="PM" value="CreditCard ">
    // <input type="hidden" name="BRAND" value="VISA">"
    const opened = await openHosted({ PM: 'CreditCard ', BRAND: 'VISA' });
    assert.equal(opened.status, 200, /<main[^]*?<\/main>|<p[^>]*>[^<]*<\/p>/.exec(opened.html)?.[0] ?? opened.html.slice(-400));
    assert.ok(opened.token, 'the card page is shown');
  });
});
