import { test } from 'node:test';
import assert from 'node:assert/strict';
import { providerConfigSchema, platformUrl } from '../../shared/schemas/config.ts';
import { hostedPageRequestSchema } from '../../shared/schemas/hosted-page.ts';
import { feedbackSchema, normalizeFeedback } from '../../shared/schemas/feedback.ts';
import { createCheckoutSessionSchema } from '../../shared/schemas/api.ts';
import { describeProblems } from '../../shared/schemas/errors.ts';
import { toOgoneLanguage } from '../../shared/languages.ts';

const goodConfig = {
  pspid: 'MyPSPID',
  userId: 'apiuser',
  password: 'secret-password',
  shaIn: 'Mysecretsig1875!?',
  shaOut: 'Myothersig1875!?x',
  environment: 'test',
};

function problems(result: { success: boolean; error?: unknown }) {
  assert.equal(result.success, false);
  return describeProblems(result.error as never);
}

test("provider configuration: defaults and the seeds' rules", () => {
  const config = providerConfigSchema.parse(goodConfig);
  assert.equal(config.hashAlgorithm, 'sha512');
  assert.deepEqual(problems(providerConfigSchema.safeParse({ ...goodConfig, shaOut: goodConfig.shaIn })), [
    { field: 'shaOut', message: 'SHA-OUT passphrase must differ from the SHA-IN passphrase' },
  ]);
  assert.deepEqual(problems(providerConfigSchema.safeParse({ ...goodConfig, shaIn: 'short' })), [
    { field: 'shaIn', message: 'SHA-IN passphrase must be 16 to 32 characters long' },
  ]);
  assert.deepEqual(problems(providerConfigSchema.safeParse({ ...goodConfig, shaIn: 'x'.repeat(33) })), [
    { field: 'shaIn', message: 'SHA-IN passphrase must be 16 to 32 characters long' },
  ]);
  assert.equal(problems(providerConfigSchema.safeParse({ ...goodConfig, pspid: 'P'.repeat(31) }))[0]?.field, 'pspid');
  assert.equal(
    problems(providerConfigSchema.safeParse({ ...goodConfig, userId: 'a' }))[0]?.message,
    'API user id must be 2 to 20 characters',
  );
  assert.equal(
    problems(providerConfigSchema.safeParse({ ...goodConfig, hashAlgorithm: 'md5' }))[0]?.message,
    'hash algorithm must be sha1, sha256 or sha512',
  );
  assert.equal(problems(providerConfigSchema.safeParse({ ...goodConfig, environment: 'live' }))[0]?.field, 'environment');
  assert.equal(problems(providerConfigSchema.safeParse({ ...goodConfig, baseUrl: 'ftp://x' }))[0]?.field, 'baseUrl');
});

test('platform URLs: Ogone by environment, overridable for white labels', () => {
  assert.equal(
    platformUrl({ environment: 'test' }, 'orderstandard_utf8.asp'),
    'https://ogone.test.v-psp.com/ncol/test/orderstandard_utf8.asp',
  );
  assert.equal(
    platformUrl({ environment: 'production' }, 'orderdirect_utf8.asp'),
    'https://secure.ogone.com/ncol/prod/orderdirect_utf8.asp',
  );
  assert.equal(
    platformUrl({ environment: 'production', baseUrl: 'https://payments.epdq.co.uk/' }, 'querydirect_utf8.asp'),
    'https://payments.epdq.co.uk/ncol/prod/querydirect_utf8.asp',
  );
});

test('hosted-page request: mandatory fields, lengths and formats named in plain words', () => {
  const ok = { PSPID: 'MyPSPID', ORDERID: 'OC-1', AMOUNT: '1999', CURRENCY: 'EUR', LANGUAGE: 'fr_FR' };
  assert.equal(hostedPageRequestSchema.safeParse(ok).success, true);
  const cases: Array<[Record<string, string>, string, RegExp]> = [
    [{ ORDERID: 'x'.repeat(41) }, 'ORDERID', /at most 40 characters/],
    [{ AMOUNT: '19.99' }, 'AMOUNT', /the amount × 100/],
    [{ AMOUNT: '1'.repeat(16) }, 'AMOUNT', /at most 15 digits/],
    [{ CURRENCY: 'EURO' }, 'CURRENCY', /ISO 4217/],
    [{ LANGUAGE: 'fr' }, 'LANGUAGE', /must be one of/],
    [{ CN: 'x'.repeat(36) }, 'CN', /at most 35/],
    [{ EMAIL: 'x'.repeat(51) }, 'EMAIL', /at most 50/],
    [{ OWNERZIP: 'x'.repeat(11) }, 'OWNERZIP', /at most 10/],
    [{ OWNERCTY: 'BEL' }, 'OWNERCTY', /two-letter/],
    [{ ACCEPTURL: 'javascript:alert(1)' }, 'ACCEPTURL', /absolute http/],
    [{ ACCEPTURL: `https://x/${'a'.repeat(260)}` }, 'ACCEPTURL', /at most 255/],
    [{ OPERATION: 'XXX' }, 'OPERATION', /RES, SAL/],
    [{ ALIASPERSISTEDAFTERUSE: 'yes' }, 'ALIASPERSISTEDAFTERUSE', /Y or N/],
    [{ ALIAS: 'a'.repeat(51) }, 'ALIAS', /at most 50/],
  ];
  for (const [patch, field, message] of cases) {
    const [first] = problems(hostedPageRequestSchema.safeParse({ ...ok, ...patch }));
    assert.equal(first?.field, field);
    assert.match(first?.message ?? '', message);
  }
  const missing = problems(hostedPageRequestSchema.safeParse({ PSPID: 'MyPSPID' })).map((p) => p.field);
  assert.deepEqual(missing.sort(), ['AMOUNT', 'CURRENCY', 'LANGUAGE', 'ORDERID']);
  assert.equal(problems(hostedPageRequestSchema.safeParse({ ...ok, FOO: '1' }))[0]?.message.includes('FOO'), true);
});

test('feedback names are case-insensitive, values kept as received', () => {
  const feedback = normalizeFeedback({ orderID: 'OC-1', amount: '15.00', currency: 'EUR', STATUS: '9', NCError: '0', ShaSign: 'AB' });
  assert.deepEqual(feedback, { ORDERID: 'OC-1', AMOUNT: '15.00', CURRENCY: 'EUR', STATUS: '9', NCERROR: '0', SHASIGN: 'AB' });
  assert.equal(feedbackSchema.safeParse(feedback).success, true);
  assert.equal(problems(feedbackSchema.safeParse({ ...feedback, STATUS: 'nine' }))[0]?.field, 'STATUS');
  assert.equal(problems(feedbackSchema.safeParse({ ...feedback, AMOUNT: '1e3' }))[0]?.field, 'AMOUNT');
  const { ORDERID: _omit, ...noOrder } = feedback;
  assert.equal(problems(feedbackSchema.safeParse(noOrder))[0]?.message, 'orderID is required');
});

test('merchant API: amounts are integers in minor units', () => {
  const parsed = createCheckoutSessionSchema.parse({ amount: 1999, currency: 'EUR' });
  assert.equal(parsed.saveCard, 'never');
  const [float] = problems(createCheckoutSessionSchema.safeParse({ amount: 19.99, currency: 'EUR' }));
  assert.deepEqual(float, { field: 'amount', message: 'amount must be an integer number of minor units (1999 for 19.99 EUR)' });
  assert.equal(problems(createCheckoutSessionSchema.safeParse({ amount: 100, currency: 'XYZ' }))[0]?.field, 'currency');
  assert.equal(
    problems(createCheckoutSessionSchema.safeParse({ amount: 100, currency: 'EUR', customer: { id: 'c', email: 'nope' } }))[0]?.field,
    'customer.email',
  );
});

test('shopper locales map to Ogone LANGUAGE values', () => {
  assert.equal(toOgoneLanguage('fr'), 'fr_FR');
  assert.equal(toOgoneLanguage('fr-BE'), 'fr_FR');
  assert.equal(toOgoneLanguage('nl-BE'), 'nl_BE');
  assert.equal(toOgoneLanguage('zh-Hans-CN'), 'zh_CN');
  assert.equal(toOgoneLanguage('es-MX'), 'es_ES');
  assert.equal(toOgoneLanguage('sv'), 'se_SE');
  assert.equal(toOgoneLanguage('xx'), 'en_US');
  assert.equal(toOgoneLanguage(undefined), 'en_US');
  assert.equal(toOgoneLanguage('de_DE'), 'de_DE');
});
