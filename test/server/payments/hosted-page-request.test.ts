/**
 * The hosted page form, parameter by parameter and byte for byte: the golden file holds the forms
 * (names, their order, values and SHASIGN) and the refusals built before issue 17 rebuilt the
 * function for speed, so a faster build cannot change what the widget posts to Ogone. And the
 * memoised check of the parameters (hostedPageFieldsAccepted) accepts exactly what the schema
 * accepts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hostedPageRequestSchema } from '../../../shared/schemas/hosted-page.ts';
import {
  buildHostedPageRequest,
  hostedPageFieldsAccepted,
  type HostedPageAttempt,
  type HostedPageOptions,
} from '../../../server/payments/hosted-page.ts';
import type { CheckoutSessionRecord } from '../../../server/repository/types.ts';
import { sessionRecord } from '../../support/records.ts';

const golden = JSON.parse(readFileSync(new URL('./hosted-page-request.golden.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const base: HostedPageOptions = {
  provider: {
    pspid: 'shopPSPID',
    shaIn: 'Mysecretsig1875!?',
    shaOut: 'Mysecretsig1875!?',
    hashAlgorithm: 'sha512',
    environment: 'test',
    userId: 'api',
    password: 'x',
  } as HostedPageOptions['provider'],
  publicUrl: 'https://pay.shop.example',
  operation: 'SAL',
  merchantName: 'Le Shop',
};

const attempt = (reference: string, amount: number, locale: string | undefined, alias: string | null): HostedPageAttempt => ({
  reference,
  amount,
  locale,
  alias,
});

const cases: Array<[string, HostedPageOptions, Partial<CheckoutSessionRecord>, HostedPageAttempt]> = [
  ['plain', base, { customer: null, description: null, locale: null }, attempt('OC20261202-ABCDEFGH', 1999, undefined, null)],
  [
    'customer',
    { ...base, provider: { ...base.provider, hashAlgorithm: 'sha256' } },
    {
      customer: {
        id: 'c1',
        name: 'Bárbara Souza de Oliveira Mendes Carvalho Júnior',
        email: 'b@example.com',
        phone: '+33 1 23 45 67 89',
        address: { line1: '12 rue de la Paix', zip: '75002', town: 'Paris', country: 'FR' },
      },
      description: 'Commande 42 — café',
      locale: 'fr-BE',
    },
    attempt('REF-42-XYZ', 1500, undefined, null),
  ],
  [
    'alias',
    { ...base, operation: 'RES', platformBaseUrl: 'http://127.0.0.1:4000' },
    { currency: 'JPY' },
    attempt('OC1-A', 1500, 'de', 'OC-ABCDEFGHIJKLMNOPQRST'),
  ],
  [
    'alias-null-cof',
    { ...base, cofSchedule: null, provider: { ...base.provider, hashAlgorithm: 'sha1', environment: 'production' } },
    {},
    attempt('OC1-B', 1230, 'nl-be', 'OC-X'),
  ],
  [
    'alias-sched',
    {
      ...base,
      cofSchedule: 'SCHED',
      merchantName: 'A very long merchant name that goes on and on and on and on and on and on and on and on',
    },
    { currency: 'KWD' },
    attempt('OC1-C', 1230, 'xx', 'OC-Y'),
  ],
  ['bad-amount', base, { currency: 'KWD' }, attempt('OC1-D', 1234, undefined, null)],
  ['bad-email', base, { customer: { id: 'c', email: `${'x'.repeat(60)}@example.com` } }, attempt('OC1-E', 100, undefined, null)],
  ['bad-country', base, { customer: { id: 'c', address: { country: 'fr' } } }, attempt('OC1-F', 100, undefined, null)],
  ['bad-orderid', base, {}, attempt('OC 1 G', 100, undefined, null)],
  ['empty-strings', base, { customer: { id: 'c', name: '', email: '' }, description: '' }, attempt('OC1-H', 100, '', null)],
];

function built(options: HostedPageOptions, session: Partial<CheckoutSessionRecord>, value: HostedPageAttempt): unknown {
  try {
    return buildHostedPageRequest(options, sessionRecord({ id: 'cs_1', ...session }), value);
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

describe('buildHostedPageRequest', () => {
  it('builds the very forms and refusals it built before, twice in a row (memo warm)', () => {
    for (let round = 0; round < 2; round++) {
      for (const [name, options, session, value] of cases) {
        // JSON text: the order of the parameters is part of what is compared.
        assert.equal(JSON.stringify(built(options, session, value)), JSON.stringify(golden[name]), `${name}, round ${round + 1}`);
      }
    }
  });
});

describe('hostedPageFieldsAccepted', () => {
  const good: Record<string, string> = {
    PSPID: 'shopPSPID',
    ORDERID: 'OC1-A',
    AMOUNT: '1999',
    CURRENCY: 'EUR',
    LANGUAGE: 'fr_FR',
    ACCEPTURL: 'https://pay.shop.example/payment/ogone/return',
    OPERATION: 'SAL',
    ALIAS: 'OC-ABC',
  };
  const variants: Array<[string, Record<string, string>]> = [
    ['good', good],
    ['another ORDERID after a good one', { ...good, ORDERID: 'OC2-B' }],
    ['a bad ORDERID after good ones', { ...good, ORDERID: 'OC 2' }],
    ['a bad ALIAS after a good one', { ...good, ALIAS: 'x'.repeat(200) }],
    ['an unknown name', { ...good, FOO: 'bar' }],
    ['a name of the object prototype', { ...good, constructor: 'x' }],
    ['a missing required name', Object.fromEntries(Object.entries(good).filter(([name]) => name !== 'CURRENCY'))],
    ['a bad CURRENCY', { ...good, CURRENCY: 'EURO' }],
    ['a bad URL', { ...good, ACCEPTURL: 'ftp://x' }],
    ['a bad OPERATION', { ...good, OPERATION: 'XXX' }],
    ['good again', good],
  ];
  it('accepts exactly what hostedPageRequestSchema accepts, with the memo cold and warm', () => {
    for (let round = 0; round < 2; round++) {
      for (const [name, fields] of variants) {
        assert.equal(hostedPageFieldsAccepted(fields), hostedPageRequestSchema.safeParse(fields).success, `${name}, round ${round + 1}`);
      }
    }
  });
});
