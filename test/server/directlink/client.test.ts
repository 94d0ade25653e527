/**
 * The DirectLink client against a real HTTP server that records the form posts and answers
 * canned XML: request signing and encoding, parsing over the wire, encodings, and each way a
 * call can fail.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { shaSign, shaVerify } from '../../../server/ogone/sha.ts';
import { assertAccepted, createDirectLinkClient, type DirectLinkClientOptions } from '../../../server/directlink/client.ts';
import { DirectLinkError, DirectLinkRequestError } from '../../../server/directlink/errors.ts';
import { NCERROR } from '../../../shared/ncerror.ts';
import { isDuplicateOrder, needsQuery, statusResolution } from '../../../server/directlink/statuses.ts';
import { DIRECTLINK_SECRETS, providerConfig } from '../../support/accounts.ts';
import { freePort } from '../../support/listen.ts';
import {
  ACCEPTED_ATTRIBUTES,
  base64Lines,
  REJECTED_ATTRIBUTES,
  startFakePlatform,
  THREE_DS_HTML,
  xml,
  type FakePlatform,
} from './helpers.ts';

const CARD_ORDER = {
  orderId: 'ORD-1001',
  amount: 1999,
  currency: 'EUR',
  operation: 'SAL' as const,
  card: { number: DIRECTLINK_SECRETS.cardNumber, expiry: '12/30', cvc: DIRECTLINK_SECRETS.cvc },
};

let platform: FakePlatform;

before(async () => {
  platform = await startFakePlatform();
});
after(async () => {
  await platform.close();
});
beforeEach(() => {
  platform.posts.length = 0;
  platform.respond = () => ({ body: xml(ACCEPTED_ATTRIBUTES) });
});

function client(overrides: Partial<DirectLinkClientOptions> = {}) {
  return createDirectLinkClient({ config: providerConfig(platform.baseUrl), ...overrides });
}

function lastPost() {
  const post = platform.posts.at(-1);
  assert.ok(post, 'the platform received a request');
  return post;
}

/** Recomputes SHASIGN over everything received but SHASIGN, with the account's SHA-IN passphrase. */
function assertSigned(form: Record<string, string>, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha512') {
  const { SHASIGN, ...rest } = form;
  assert.equal(SHASIGN, shaSign(rest, { passphrase: DIRECTLINK_SECRETS.shaIn, algorithm, direction: 'in' }));
  assert.deepEqual(shaVerify(form, { passphrase: DIRECTLINK_SECRETS.shaIn, algorithm, direction: 'in' }), { valid: true });
}

describe('new order', () => {
  test('posts a signed form with credentials, amount in minor units and card data to orderdirect_utf8.asp', async () => {
    const result = await client().newOrder(CARD_ORDER);
    const post = lastPost();
    assert.equal(post.method, 'POST');
    assert.equal(post.path, '/ncol/test/orderdirect_utf8.asp');
    assert.match(post.contentType, /^application\/x-www-form-urlencoded/);
    assert.deepEqual(
      { ...post.form, SHASIGN: undefined },
      {
        PSPID: 'TESTPSPID',
        USERID: 'api-user',
        PSWD: DIRECTLINK_SECRETS.password,
        ORDERID: 'ORD-1001',
        AMOUNT: '1999',
        CURRENCY: 'EUR',
        OPERATION: 'SAL',
        CARDNO: DIRECTLINK_SECRETS.cardNumber,
        ED: '12/30',
        CVC: DIRECTLINK_SECRETS.cvc,
        RTIMEOUT: '30',
        SHASIGN: undefined,
      },
    );
    assert.equal(post.form['SHASIGN']?.length, 128);
    assertSigned(post.form);
    // The signature covers the amount: the same form with another AMOUNT no longer verifies.
    assert.equal(
      shaVerify({ ...post.form, AMOUNT: '1' }, { passphrase: DIRECTLINK_SECRETS.shaIn, algorithm: 'sha512', direction: 'in' }).valid,
      false,
    );

    assert.equal(result.status, 5);
    assert.equal(result.ok, true);
    assert.equal(result.ncError, '0');
    assert.equal(result.ncErrorMessage, 'No error');
    assert.equal(result.payId, '3014726');
    assert.equal(result.orderId, 'ORD-1001');
    assert.equal(result.acceptance, 'test123');
    assert.equal(result.amountMinor, 1250, 'amount="12.5" EUR is 1250 minor units');
    assert.equal(result.currency, 'EUR');
    assert.equal(result.brand, 'VISA');
    assert.equal(result.pm, 'CreditCard');
    assert.equal(result.eci, '7');
    assert.equal(result.raw['CVCCheck'], 'NO', 'unknown attributes are kept with their original names');
    assert.equal(statusResolution(result.status), 'final');
  });

  test('signs with the configured algorithm and sends accented names as UTF-8 that verify', async () => {
    await client({ config: providerConfig(platform.baseUrl, { hashAlgorithm: 'sha1' }) }).newOrder({
      ...CARD_ORDER,
      customer: { name: 'Bárbara Souza', town: 'São Paulo', country: 'BR', email: 'b@example.com' },
      description: 'Café & crème',
    });
    const { form, body } = lastPost();
    assert.equal(form['CN'], 'Bárbara Souza');
    assert.equal(form['OWNERTOWN'], 'São Paulo');
    assert.equal(form['COM'], 'Café & crème');
    assert.match(body, /CN=B%C3%A1rbara\+Souza/, 'UTF-8 percent-encoding');
    assert.equal(form['SHASIGN']?.length, 40);
    assertSigned(form, 'sha1');
  });

  test('alias payment with 3-D Secure: FLAG3D, WIN3DS, browser data, return URLs; STATUS 46 gives the decoded HTML_ANSWER', async () => {
    platform.respond = () => ({
      body: xml(
        { ...ACCEPTED_ATTRIBUTES, orderID: 'ORD-3DS', STATUS: '46', ALIAS: 'cust-42', ACCEPTANCE: '' },
        `\n <HTML_ANSWER>${base64Lines(THREE_DS_HTML)}</HTML_ANSWER>`,
      ),
    });
    const result = await client().newOrder({
      orderId: 'ORD-3DS',
      amount: 1250,
      currency: 'EUR',
      operation: 'RES',
      alias: { name: 'cust-42' },
      eci: 7,
      storedCredential: { initiator: 'CIT', transaction: 'SUBSEQ', schedule: 'UNSCHED' },
      threeDSecure: {
        httpAccept: 'text/html,application/xhtml+xml',
        httpUserAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
        browser: {
          colorDepth: 24,
          javaEnabled: false,
          javascriptEnabled: true,
          language: 'fr-BE',
          screenHeight: 1080,
          screenWidth: 1920,
          timezoneOffset: -120,
        },
      },
      returnUrls: {
        accept: 'https://shop.example/payment/ogone/return',
        decline: 'https://shop.example/payment/ogone/return',
        exception: 'https://shop.example/payment/ogone/return',
        cancel: 'https://shop.example/payment/ogone/return',
      },
      language: 'fr_FR',
      paramplus: 'session=cs_1&attempt=2',
      complus: 'cs_1',
      remoteAddr: '203.0.113.7',
    });
    const { form } = lastPost();
    assert.equal(form['ALIAS'], 'cust-42');
    assert.equal(form['CARDNO'], undefined, 'an alias payment sends no card data');
    assert.equal(form['CVC'], undefined);
    assert.equal(form['OPERATION'], 'RES');
    assert.equal(form['ECI'], '7');
    assert.equal(form['FLAG3D'], 'Y');
    assert.equal(form['WIN3DS'], 'MAINW', 'MAINW is the default window');
    assert.equal(form['HTTP_ACCEPT'], 'text/html,application/xhtml+xml');
    assert.equal(form['HTTP_USER_AGENT'], 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0');
    assert.equal(form['BROWSERACCEPTHEADER'], 'text/html,application/xhtml+xml', 'defaults to the HTTP_ACCEPT header');
    assert.equal(form['BROWSERUSERAGENT'], 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0');
    assert.equal(form['BROWSERCOLORDEPTH'], '24');
    assert.equal(form['BROWSERJAVAENABLED'], 'false');
    assert.equal(form['BROWSERJAVASCRIPTENABLED'], 'true');
    assert.equal(form['BROWSERLANGUAGE'], 'fr-BE');
    assert.equal(form['BROWSERSCREENHEIGHT'], '1080');
    assert.equal(form['BROWSERSCREENWIDTH'], '1920');
    assert.equal(form['BROWSERTIMEZONE'], '-120');
    assert.equal(form['ACCEPTURL'], 'https://shop.example/payment/ogone/return');
    assert.equal(form['CANCELURL'], 'https://shop.example/payment/ogone/return');
    assert.equal(form['LANGUAGE'], 'fr_FR');
    assert.equal(form['PARAMPLUS'], 'session=cs_1&attempt=2');
    assert.equal(form['COMPLUS'], 'cs_1');
    assert.equal(form['REMOTE_ADDR'], '203.0.113.7');
    assert.equal(form['COF_INITIATOR'], 'CIT');
    assert.equal(form['COF_TRANSACTION'], 'SUBSEQ');
    assert.equal(form['COF_SCHEDULE'], 'UNSCHED');
    assertSigned(form);

    assert.equal(result.status, 46);
    assert.equal(result.ok, true);
    assert.equal(result.alias, 'cust-42');
    assert.equal(result.htmlAnswer, THREE_DS_HTML, 'base64 with line breaks decodes to the issuer form, UTF-8 intact');
    assert.equal(statusResolution(result.status), 'awaiting-authentication');
    assert.equal(needsQuery(result.status), true);
  });

  test('WITHROOT=Y is sent on request and the wrapped answer is read', async () => {
    platform.respond = () => ({
      body: `<?xml version="1.0"?><response>${xml(ACCEPTED_ATTRIBUTES).replace(/^<\?xml[^>]*>/, '')}</response>`,
    });
    const result = await client({ withRoot: true }).newOrder(CARD_ORDER);
    assert.equal(lastPost().form['WITHROOT'], 'Y');
    assert.equal(result.status, 5);
    assert.equal(result.payId, '3014726');
  });

  test('production uses /ncol/prod/ under the configured base URL', async () => {
    await client({ config: providerConfig(platform.baseUrl, { environment: 'production' }) }).newOrder(CARD_ORDER);
    assert.equal(lastPost().path, '/ncol/prod/orderdirect_utf8.asp');
  });
});

describe('maintenance and query', () => {
  test('partial capture: PAYID, OPERATION and AMOUNT to maintenancedirect_utf8.asp; 91 with PAYIDSUB needs a query', async () => {
    platform.respond = () => ({
      body: xml({
        orderID: 'ORD-1001',
        PAYID: '3048326',
        PAYIDSUB: '1',
        NCSTATUS: '0',
        NCERROR: '0',
        NCERRORPLUS: '!',
        ACCEPTANCE: '',
        STATUS: '91',
        amount: '5',
        currency: 'EUR',
      }),
    });
    const result = await client().maintenance({ payId: '3048326', operation: 'SAL', amount: 500, currency: 'EUR' });
    const post = lastPost();
    assert.equal(post.path, '/ncol/test/maintenancedirect_utf8.asp');
    assert.deepEqual(
      { ...post.form, SHASIGN: undefined },
      {
        PSPID: 'TESTPSPID',
        USERID: 'api-user',
        PSWD: DIRECTLINK_SECRETS.password,
        PAYID: '3048326',
        OPERATION: 'SAL',
        AMOUNT: '500',
        SHASIGN: undefined,
      },
    );
    assertSigned(post.form);
    assert.equal(result.status, 91);
    assert.equal(result.payIdSub, 1);
    assert.equal(result.amountMinor, 500);
    assert.equal(statusResolution(91), 'pending');
  });

  test('AMOUNT is the amount × 100 for every currency: ¥1,500 → 150000, 1.230 KWD → 123 (new order and maintenance)', async () => {
    platform.respond = () => ({ body: xml({ ...ACCEPTED_ATTRIBUTES, orderID: 'ORD-JPY', amount: '1500', currency: 'JPY' }) });
    const yen = await client().newOrder({ ...CARD_ORDER, orderId: 'ORD-JPY', amount: 1500, currency: 'JPY' });
    assert.equal(lastPost().form.AMOUNT, '150000');
    assert.equal(yen.amountMinor, 1500, 'amount="1500" JPY is ¥1,500');
    platform.respond = () => ({ body: xml({ ...ACCEPTED_ATTRIBUTES, orderID: 'ORD-KWD', amount: '1.23', currency: 'KWD' }) });
    const dinar = await client().newOrder({ ...CARD_ORDER, orderId: 'ORD-KWD', amount: 1230, currency: 'KWD' });
    assert.equal(lastPost().form.AMOUNT, '123');
    assert.equal(dinar.amountMinor, 1230, 'amount="1.23" KWD is 1.230 KWD');
    platform.respond = () => ({ body: xml({ ...ACCEPTED_ATTRIBUTES, PAYID: '3048326', STATUS: '91' }) });
    await client().maintenance({ payId: '3048326', operation: 'SAL', amount: 500, currency: 'JPY' });
    assert.equal(lastPost().form.AMOUNT, '50000');
    await client().maintenance({ payId: '3048326', operation: 'RFD', amount: 10, currency: 'KWD' });
    assert.equal(lastPost().form.AMOUNT, '1');
  });

  test('full refund by ORDERID without an amount sends no AMOUNT', async () => {
    await client().maintenance({ orderId: 'ORD-1001', operation: 'RFS' });
    const { form } = lastPost();
    assert.equal(form['ORDERID'], 'ORD-1001');
    assert.equal(form['OPERATION'], 'RFS');
    assert.equal('AMOUNT' in form, false);
    assert.equal('RTIMEOUT' in form, false, 'RTIMEOUT belongs to new orders only');
  });

  test('a query answered with an NCERROR and no STATUS failed at the platform (kind platform, NCERROR named); a new order answered so is malformed', async () => {
    platform.respond = () => ({
      body: xml({ orderID: 'ORD-1001', PAYID: '0', NCSTATUS: '5', NCERROR: '50001119', NCERRORPLUS: 'password incorrect' }),
    });
    const error = await client()
      .query({ payId: '1111111' })
      .then(
        () => assert.fail('should fail'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof DirectLinkError);
    assert.equal(error.kind, 'platform');
    assert.equal(error.ncError, '50001119');
    assert.equal(error.outcomeUnknown, false, 'a query changes nothing');
    const order = await client({ rtimeoutSeconds: false })
      .newOrder(CARD_ORDER)
      .then(
        () => assert.fail('should fail'),
        (e: unknown) => e,
      );
    assert.ok(order instanceof DirectLinkError);
    assert.equal(order.kind, 'malformed', 'a new order without STATUS may have been processed');
    assert.equal(order.outcomeUnknown, true);
  });

  test('query by PAYID with PAYIDSUB, and by ORDERID, to querydirect_utf8.asp; the masked card number is returned', async () => {
    platform.respond = () => ({
      body: xml({
        orderID: 'ORD-1001',
        PAYID: '1111111',
        PAYIDSUB: '3',
        NCSTATUS: '0',
        NCERROR: '',
        NCERRORPLUS: '',
        ACCEPTANCE: '12345',
        STATUS: '9',
        ECI: '7',
        amount: '125',
        currency: 'EUR',
        PM: 'CreditCard',
        BRAND: 'VISA',
        CARDNO: 'XXXXXXXXXXXX1111',
        IP: '212.33.102.55',
      }),
    });
    const byPayId = await client().query({ payId: '1111111', payIdSub: 3 });
    let post = lastPost();
    assert.equal(post.path, '/ncol/test/querydirect_utf8.asp');
    assert.equal(post.form['PAYID'], '1111111');
    assert.equal(post.form['PAYIDSUB'], '3');
    assertSigned(post.form);
    assert.equal(byPayId.status, 9);
    assert.equal(byPayId.ncError, '0', "an empty NCERROR (the guide's own example) means no error");
    assert.equal(byPayId.ok, true);
    assert.equal(byPayId.amountMinor, 12500);
    assert.equal(byPayId.cardNumber, 'XXXXXXXXXXXX1111');
    assert.equal(byPayId.raw['IP'], '212.33.102.55');

    await client().query({ orderId: 'ORD-1001' });
    post = lastPost();
    assert.equal(post.form['ORDERID'], 'ORD-1001');
    assert.equal('PAYID' in post.form, false);
  });

  test("a query's currency reads an answer's amount that comes without one, and is not sent", async () => {
    platform.respond = () => ({ body: xml({ orderID: 'ORD-1001', PAYID: '1111111', NCERROR: '0', STATUS: '9', amount: '0.01' }) });
    const answer = await client().query({ payId: '1111111', currency: 'EUR' });
    assert.equal('CURRENCY' in lastPost().form, false);
    assert.equal(answer.amountMinor, 1, 'amount="0.01" read in EUR: 1 cent, checkable against the payment');
    assert.equal(answer.currency, 'EUR');
  });

  test('an answer about another order, payment or history level is refused, never returned', async () => {
    const cases: Array<[string, Record<string, string>, () => Promise<unknown>, RegExp, boolean]> = [
      [
        'new order',
        { ...ACCEPTED_ATTRIBUTES, orderID: 'SOMEONE-ELSE' },
        () => client().newOrder(CARD_ORDER),
        /ORDERID SOMEONE-ELSE, not ORD-1001/,
        true,
      ],
      [
        'query by ORDERID',
        { ...ACCEPTED_ATTRIBUTES, orderID: 'SOMEONE-ELSE', STATUS: '9' },
        () => client().query({ orderId: 'ORD-1001' }),
        /ORDERID SOMEONE-ELSE/,
        false,
      ],
      [
        'query by PAYID',
        { ...ACCEPTED_ATTRIBUTES, PAYID: '3999999', STATUS: '9' },
        () => client().query({ payId: '3014726' }),
        /PAYID 3999999, not 3014726/,
        false,
      ],
      [
        'query of a history level',
        { ...ACCEPTED_ATTRIBUTES, PAYIDSUB: '2', STATUS: '8' },
        () => client().query({ payId: '3014726', payIdSub: 1 }),
        /history level 2, not 1/,
        false,
      ],
      [
        'maintenance',
        { ...ACCEPTED_ATTRIBUTES, PAYID: '3999999', STATUS: '91' },
        () => client().maintenance({ payId: '3014726', operation: 'SAS' }),
        /PAYID 3999999/,
        true,
      ],
    ];
    for (const [name, attributes, call, named, mutating] of cases) {
      platform.respond = () => ({ body: xml(attributes) });
      const error = await call().then(
        () => assert.fail(`${name}: answered`),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof DirectLinkError, name);
      assert.equal(error.kind, 'malformed', name);
      assert.match(error.message, named, name);
      assert.match(error.message, /it is not applied/, name);
      assert.equal(error.outcomeUnknown, mutating, `${name}: a request that may have changed the payment has an unknown outcome`);
    }
    // The same ORDERID in another case is the same order.
    platform.respond = () => ({ body: xml({ ...ACCEPTED_ATTRIBUTES, orderID: 'ord-1001' }) });
    assert.equal((await client().newOrder(CARD_ORDER)).status, 5);
  });
});

describe('platform rejections are results, not exceptions', () => {
  const cases: Array<{ name: string; attributes: Record<string, string> & { NCERROR: string; NCERRORPLUS: string }; message: string }> = [
    {
      name: 'duplicate ORDERID',
      attributes: {
        ...REJECTED_ATTRIBUTES,
        orderID: 'ORD-1001',
        PAYID: '3014726',
        ACCEPTANCE: 'test123',
        NCERROR: '50001113',
        NCERRORPLUS: 'This order has already been processed',
      },
      message: 'This order has already been processed',
    },
    {
      name: 'unknown alias',
      attributes: { ...REJECTED_ATTRIBUTES, NCERROR: '50001111', NCERRORPLUS: 'Alias "cust-9" not Found' },
      message: 'Data validation error',
    },
    {
      name: 'SHA mismatch',
      attributes: { ...REJECTED_ATTRIBUTES, NCERROR: '50001184', NCERRORPLUS: 'unknown order/1/s' },
      message: 'SHA Mismatch',
    },
    {
      name: 'wrong API password',
      attributes: { ...REJECTED_ATTRIBUTES, NCERROR: '50001119', NCERRORPLUS: 'Password incorrect' },
      message: 'Password incorrect or disabled due to numbers of errors',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      platform.respond = () => ({ body: xml(c.attributes) });
      const result = await client().newOrder(CARD_ORDER);
      assert.equal(result.status, 0);
      assert.equal(result.ok, false);
      assert.equal(result.ncError, c.attributes.NCERROR);
      assert.equal(result.ncErrorMessage, c.message);
      assert.equal(result.ncErrorPlus, c.attributes.NCERRORPLUS);
      assert.throws(
        () => assertAccepted(result, 'new order'),
        (error: unknown) => {
          assert.ok(error instanceof DirectLinkError);
          assert.equal(error.kind, 'platform');
          assert.equal(error.ncError, c.attributes.NCERROR);
          assert.equal(error.outcomeUnknown, false);
          assert.match(error.message, new RegExp(`NCERROR ${c.attributes.NCERROR} \\(${c.message}`));
          assert.match(error.message, /Nothing was changed on our side/);
          return true;
        },
      );
    });
  }

  test('a duplicate carries the original PAYID', async () => {
    platform.respond = () => ({ body: xml(cases[0]!.attributes) });
    const result = await client().newOrder(CARD_ORDER);
    assert.equal(isDuplicateOrder(result), true);
    assert.equal(result.payId, '3014726');
    assert.equal(result.acceptance, 'test123');
  });

  test('PAYID="0" of a rejected request means no payment', async () => {
    platform.respond = () => ({ body: xml(REJECTED_ATTRIBUTES) });
    const result = await client().newOrder(CARD_ORDER);
    assert.equal(result.payId, undefined);
    assert.equal(result.amountMinor, undefined, 'amount="" is no amount');
    assert.equal(result.ncError, NCERROR.DATA_VALIDATION);
    assert.equal(result.ncErrorPlus, ' no orderid');
  });
});

describe('response encodings', () => {
  const plus = 'Carte refusée — réessayez';
  test('ISO-8859-1 body, as the Content-Type says (text/XML; Charset=iso-8859-1)', async () => {
    platform.respond = () => ({
      headers: { 'content-type': 'text/XML; Charset=iso-8859-1' },
      body: Buffer.from(
        xml({ ...REJECTED_ATTRIBUTES, NCERROR: '30001001', NCSTATUS: '3', STATUS: '2', NCERRORPLUS: 'Carte refusée' }),
        'latin1',
      ),
    });
    const result = await client().newOrder(CARD_ORDER);
    assert.equal(result.ncErrorPlus, 'Carte refusée');
    assert.equal(result.status, 2);
  });

  test('UTF-8 body when the Content-Type says UTF-8', async () => {
    platform.respond = () => ({
      headers: { 'content-type': 'text/xml; charset=UTF-8' },
      body: Buffer.from(xml({ ...REJECTED_ATTRIBUTES, NCERRORPLUS: plus }), 'utf8'),
    });
    assert.equal((await client().newOrder(CARD_ORDER)).ncErrorPlus, plus);
  });

  test("the XML declaration's encoding when the Content-Type has no charset", async () => {
    platform.respond = () => ({
      headers: { 'content-type': 'text/xml' },
      body: Buffer.from(
        xml({ ...REJECTED_ATTRIBUTES, NCERRORPLUS: 'Carte refusée' }).replace(
          '<?xml version="1.0"?>',
          '<?xml version="1.0" encoding="ISO-8859-1"?>',
        ),
        'latin1',
      ),
    });
    assert.equal((await client().newOrder(CARD_ORDER)).ncErrorPlus, 'Carte refusée');
  });

  test('UTF-8 by default', async () => {
    platform.respond = () => ({
      headers: { 'content-type': 'text/xml' },
      body: Buffer.from(xml({ ...REJECTED_ATTRIBUTES, NCERRORPLUS: plus }), 'utf8'),
    });
    assert.equal((await client().newOrder(CARD_ORDER)).ncErrorPlus, plus);
  });
});

describe('failures: nothing usable came back', () => {
  async function failure(promise: Promise<unknown>): Promise<DirectLinkError> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof DirectLinkError, `expected a DirectLinkError, got ${String(error)}`);
      return error;
    }
    assert.fail('the call should have failed');
  }

  test('timeout: a platform that never answers', async () => {
    platform.respond = () => 'hang';
    const quick = client({ timeoutMs: 150, rtimeoutSeconds: false });
    const error = await failure(quick.newOrder(CARD_ORDER));
    assert.equal(error.kind, 'timeout');
    assert.equal(error.call, 'new order');
    assert.equal(error.outcomeUnknown, true, 'the order may have been processed');
    assert.match(error.message, /new order ORD-1001 .*no answer within 150 ms/);
    assert.match(error.message, /Nothing was changed on our side/);
    assert.match(error.message, /query the order before sending it again/);
    assert.equal('RTIMEOUT' in lastPost().form, false, 'rtimeoutSeconds: false sends no RTIMEOUT');

    const queryError = await failure(quick.query({ payId: '3014726' }));
    assert.equal(queryError.kind, 'timeout');
    assert.equal(queryError.outcomeUnknown, false, 'a query changes nothing');
  });

  test('HTTP 500: outcome unknown for a refund; HTTP 404: not processed', async () => {
    platform.respond = () => ({ status: 500, headers: { 'content-type': 'text/html' }, body: '<html><body>Internal error</body></html>' });
    const error = await failure(client().maintenance({ payId: '3014726', operation: 'RFD', amount: 100, currency: 'EUR' }));
    assert.equal(error.kind, 'http');
    assert.equal(error.httpStatus, 500);
    assert.equal(error.outcomeUnknown, true);
    assert.match(error.message, /maintenance RFD on PAYID 3014726 was answered with HTTP 500/);
    assert.match(error.message, /Internal error/);
    assert.match(error.message, /never happens twice/);

    platform.respond = () => ({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' });
    const notFound = await failure(client().maintenance({ payId: '3014726', operation: 'RFD', amount: 100, currency: 'EUR' }));
    assert.equal(notFound.httpStatus, 404);
    assert.equal(notFound.outcomeUnknown, false);
  });

  test('a redirect is not followed: the form holds the password', async () => {
    const elsewhere = await startFakePlatform();
    try {
      platform.respond = () => ({ status: 307, headers: { location: `${elsewhere.baseUrl}/steal` }, body: '' });
      const error = await failure(client().newOrder(CARD_ORDER));
      assert.equal(error.kind, 'http');
      assert.equal(error.httpStatus, 307);
      assert.equal(elsewhere.posts.length, 0);
    } finally {
      await elsewhere.close();
    }
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['unclosed tag', '<?xml version="1.0"?><ncresponse STATUS="5"', /not well-formed XML/],
    ['empty body', '', /body is empty/],
    ['another element', '<?xml version="1.0"?><error code="1"/>', /no ncresponse element/],
    ['two ncresponse elements', '<r><ncresponse STATUS="5"/><ncresponse STATUS="9"/></r>', /more than one ncresponse/],
    ['no STATUS', xml({ PAYID: '1', NCERROR: '0' }), /STATUS is missing/],
    ['STATUS not a number', xml({ ...ACCEPTED_ATTRIBUTES, STATUS: 'OK' }), /STATUS is not a status code/],
    [
      'amount with more decimals than the currency',
      xml({ ...ACCEPTED_ATTRIBUTES, amount: '12.5', currency: 'JPY' }),
      /more decimals than JPY/,
    ],
    [
      'HTML_ANSWER not base64',
      xml({ ...ACCEPTED_ATTRIBUTES, STATUS: '46' }, '<HTML_ANSWER>not base64!</HTML_ANSWER>'),
      /HTML_ANSWER is not base64/,
    ],
    ['an HTML page', '<html><body><h1>Maintenance</h1></body></html>', /no ncresponse element/],
    // Two answers in one body, whichever of them hides in a wrapper: which one counts cannot be told.
    [
      'a wrapped ncresponse beside a root one',
      `<?xml version="1.0"?><wrapper><ncresponse orderID="ORD-1001" STATUS="2" NCERROR="30001001"/></wrapper><ncresponse orderID="ORD-1001" STATUS="9" NCERROR="0"/>`,
      /more than one (ncresponse|root) element/,
    ],
    ['an ncresponse inside another', `<ncresponse STATUS="9"><x><ncresponse STATUS="2"/></x></ncresponse>`, /more than one ncresponse/],
    ['a second root element', `<ncresponse orderID="ORD-1001" STATUS="9" NCERROR="0"/><other/>`, /more than one root element/],
    ['text after the element', `<ncresponse orderID="ORD-1001" STATUS="9" NCERROR="0"/>STATUS=2`, /text after its XML element/],
  ];
  for (const [name, body, problem] of malformed) {
    test(`malformed answer: ${name}`, async () => {
      platform.respond = () => ({ body });
      const error = await failure(client().newOrder(CARD_ORDER));
      assert.equal(error.kind, 'malformed');
      assert.equal(error.outcomeUnknown, true);
      assert.match(error.message, /not a valid ncresponse/);
      assert.match(error.message, problem);
      assert.match(error.message, /Nothing was changed on our side/);
    });
  }

  test('a plain-text refusal ("unknown order/1/s") is a platform error', async () => {
    platform.respond = () => ({ headers: { 'content-type': 'text/html' }, body: 'unknown order/1/s' });
    const error = await failure(client().newOrder(CARD_ORDER));
    assert.equal(error.kind, 'platform');
    assert.equal(error.outcomeUnknown, false);
    assert.match(error.message, /refused by the platform: "unknown order\/1\/s"/);
  });

  test('network: a port nobody listens on', async () => {
    const port = await freePort();
    const error = await failure(
      createDirectLinkClient({ config: providerConfig(`http://127.0.0.1:${port}`) }).maintenance({ payId: '3014726', operation: 'SAS' }),
    );
    assert.equal(error.kind, 'network');
    assert.equal(error.outcomeUnknown, false);
    assert.match(error.message, /could not be reached \(ECONNREFUSED\)/);
    assert.match(error.message, /never reached the platform/);
    assert.ok(error.cause instanceof Error);
    assert.equal((error.cause as Error & { code?: string }).code, 'ECONNREFUSED');
  });

  test('network: the connection drops after the request was sent', async () => {
    platform.respond = () => 'drop';
    const error = await failure(client().newOrder(CARD_ORDER));
    assert.equal(error.kind, 'network');
    assert.equal(error.outcomeUnknown, true, 'the platform may have processed the order');
  });
});

describe('invalid requests are refused before anything is sent', () => {
  const cases: Array<[string, () => Promise<unknown>, string, RegExp]> = [
    ['a decimal amount', () => client().newOrder({ ...CARD_ORDER, amount: 19.99 }), 'amount', /integer number of minor units/],
    ['an amount of 16 digits', () => client().newOrder({ ...CARD_ORDER, amount: 1_000_000_000_000_000 }), 'amount', /at most 15 digits/],
    ['an unknown currency', () => client().newOrder({ ...CARD_ORDER, currency: 'EURO' }), 'currency', /ISO 4217/],
    ['a 41-character ORDERID', () => client().newOrder({ ...CARD_ORDER, orderId: 'x'.repeat(41) }), 'orderId', /at most 40/],
    [
      'no card and no alias',
      () => client().newOrder({ orderId: 'A1', amount: 1, currency: 'EUR', operation: 'SAL' }),
      'card',
      /card or alias is required/,
    ],
    [
      'a card number with spaces',
      () => client().newOrder({ ...CARD_ORDER, card: { ...CARD_ORDER.card, number: '4111 1111 1111 1111' } }),
      'card.number',
      /12 to 19 digits/,
    ],
    [
      'an expiry of 13/30',
      () => client().newOrder({ ...CARD_ORDER, card: { ...CARD_ORDER.card, expiry: '13/30' } }),
      'card.expiry',
      /MM\/YY/,
    ],
    ['a 5-digit CVC', () => client().newOrder({ ...CARD_ORDER, card: { ...CARD_ORDER.card, cvc: '12345' } }), 'card.cvc', /3 or 4 digits/],
    ['OPERATION RFD on a new order', () => client().newOrder({ ...CARD_ORDER, operation: 'RFD' as 'SAL' }), 'operation', /RES, SAL or PAU/],
    ['ECI 5 (set by the platform)', () => client().newOrder({ ...CARD_ORDER, eci: 5 as 7 }), 'eci', /0, 1, 2, 3, 4, 7, 9/],
    [
      'a colour depth of 23',
      () =>
        client().newOrder({
          ...CARD_ORDER,
          threeDSecure: {
            httpAccept: '*/*',
            httpUserAgent: 'UA',
            browser: { colorDepth: 23 as 24, javaEnabled: false, language: 'en', screenHeight: 1, screenWidth: 1, timezoneOffset: 0 },
          },
        }),
      'threeDSecure.browser.colorDepth',
      /BROWSERCOLORDEPTH/,
    ],
    [
      'an unknown field',
      () => client().newOrder({ ...CARD_ORDER, cardNumber: '4111111111111111' } as typeof CARD_ORDER),
      'cardNumber',
      /cardNumber/,
    ],
    ['maintenance without PAYID or ORDERID', () => client().maintenance({ operation: 'SAS' }), 'payId', /payId or orderId is required/],
    [
      'maintenance operation RES',
      () => client().maintenance({ payId: '1', operation: 'RES' as 'SAS' }),
      'operation',
      /SAS, SAL, RFD, RFS, DES, DEL, REN/,
    ],
    [
      'a zero refund',
      () => client().maintenance({ payId: '1', operation: 'RFD', amount: 0, currency: 'EUR' }),
      'amount',
      /at least 1 minor unit/,
    ],
    // AMOUNT is the amount × 100 (DirectLink guide §3.1.2, §4.1.2): 1.234 KWD leaves a fraction.
    [
      '1.234 KWD',
      () => client().newOrder({ ...CARD_ORDER, amount: 1234, currency: 'KWD' }),
      'amount',
      /multiple of 10 for KWD \(0\.010 KWD\)/,
    ],
    [
      'a refund of 1.234 KWD',
      () => client().maintenance({ payId: '1', operation: 'RFD', amount: 1234, currency: 'KWD' }),
      'amount',
      /multiple of 10 for KWD/,
    ],
    [
      'a maintenance amount without its currency',
      () => client().maintenance({ payId: '1', operation: 'RFD', amount: 100 }),
      'currency',
      /amount × 100/,
    ],
    ['PAYIDSUB without PAYID', () => client().query({ orderId: 'A1', payIdSub: 2 }), 'payIdSub', /only be used with payId/],
  ];
  for (const [name, call, field, message] of cases) {
    test(name, async () => {
      await assert.rejects(call(), (error: unknown) => {
        assert.ok(error instanceof DirectLinkRequestError, String(error));
        assert.equal(error.field, field);
        assert.match(error.message, message);
        assert.match(error.message, /nothing was sent/);
        assert.equal(error.message.includes(DIRECTLINK_SECRETS.cardNumber), false);
        return true;
      });
      assert.equal(platform.posts.length, 0, 'nothing reached the platform');
    });
  }
});

describe('client options', () => {
  test('refuses a timeout that is not above RTIMEOUT, a bad RTIMEOUT, a disabled provider, a sandbox without URL', () => {
    assert.throws(() => client({ timeoutMs: 30_000 }), /timeoutMs \(30000\) must be above RTIMEOUT \(30 s\)/);
    assert.throws(() => client({ rtimeoutSeconds: 20 }), /RTIMEOUT\) must be an integer from 30 to 90/);
    assert.throws(() => client({ config: providerConfig(platform.baseUrl, { environment: 'disabled' }) }), /disabled/);
    assert.throws(() => client({ config: providerConfig('', { baseUrl: undefined }) }), /sandbox environment needs config.baseUrl/);
    assert.throws(() => client({ config: providerConfig(platform.baseUrl, { password: '' }) }), /config.password is required/);
    // A timeout above RTIMEOUT is accepted and RTIMEOUT is sent.
    assert.doesNotThrow(() => client({ timeoutMs: 60_000, rtimeoutSeconds: 45 }));
  });

  test('RTIMEOUT follows the option', async () => {
    await client({ timeoutMs: 60_000, rtimeoutSeconds: 45 }).newOrder(CARD_ORDER);
    assert.equal(lastPost().form['RTIMEOUT'], '45');
  });
});
