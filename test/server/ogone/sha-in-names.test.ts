/**
 * Every name we send to Ogone is on the official SHA-IN list — so every value we send is covered
 * by the signature — except PAYIDSUB, which the list lacks and which is therefore sent unhashed
 * (docs/ogone-protocol.md §3). A new name off the list would silently go unsigned: this test
 * makes it a decision.
 *
 * And every two names we send sort the same by the SDK's collation (`_` first, shared/signature.ts)
 * as by their places in the printed list, which [ADV] §11.1 says to follow "if in doubt": the
 * printed list is not one order (OR_INVORDERID after ORDERID, ITEM_COUNT before ITEMID1), so a
 * new name in a disputed pair must be a decision too (§3).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  maintenanceParameters,
  newOrderParameters,
  queryParameters,
  newOrderRequestSchema,
  maintenanceRequestSchema,
  queryRequestSchema,
} from '../../../server/directlink/requests.ts';
import { buildHostedPageRequest } from '../../../server/payments/hosted-page.ts';
import { parseServerConfig } from '../../../server/config/env.ts';
import { compareParameterNames, composeSha } from '../../../shared/signature.ts';
import { isShaInParameter, SHA_IN_PARAMETER_NAMES } from '../../../shared/sha-in-parameters.ts';
import { sessionRecord } from '../../support/records.ts';
import { TEST_ENV } from '../../support/accounts.ts';

/** Names of `params` that SHA-IN leaves out because they are not on the list. */
const unlisted = (params: Record<string, string>) =>
  composeSha(params, 'in')
    .dropped.filter((d) => d.reason === 'not in the SHA-IN list')
    .map((d) => d.name);

/** Every name the cases below send, gathered for the order check at the end. */
const sent = new Set<string>();

describe('the names we send and the SHA-IN list', () => {
  it('a DirectLink order with every optional field: all listed', () => {
    const order = newOrderRequestSchema.parse({
      orderId: 'ORD-1',
      amount: 1999,
      currency: 'EUR',
      operation: 'RES',
      card: { number: '4111111111111111', expiry: '12/30', cvc: '123' },
      alias: { name: 'OC-1', operation: 'BYMERCHANT', persistedAfterUse: true, usage: 'Saved card' },
      eci: 7,
      storedCredential: {
        initiator: 'CIT',
        schedule: 'UNSCHED',
        transaction: 'FIRST',
        recurringExpiry: '20301231',
        recurringFrequency: '30',
      },
      threeDSecure: {
        window: 'MAINW',
        httpAccept: 'text/html',
        httpUserAgent: 'Mozilla/5.0',
        browser: {
          acceptHeader: 'text/html',
          userAgent: 'Mozilla/5.0',
          colorDepth: 24,
          javaEnabled: false,
          javascriptEnabled: true,
          language: 'fr-BE',
          screenHeight: 900,
          screenWidth: 1440,
          timezoneOffset: -120,
        },
      },
      returnUrls: {
        accept: 'https://p.example/r',
        decline: 'https://p.example/r',
        exception: 'https://p.example/r',
        cancel: 'https://p.example/r',
      },
      language: 'fr_FR',
      customer: { name: 'Zoë', email: 'z@example.com', address: 'Rue 1', zip: '1000', town: 'Bruxelles', country: 'BE', phone: '+32' },
      description: 'Tea',
      complus: 'x',
      paramplus: 'a=1',
      remoteAddr: '192.0.2.1',
      globalOrderId: 'G-1',
      creditDebit: 'C',
    });
    const params = { PSPID: 'p', USERID: 'u', PSWD: 'w', ...newOrderParameters(order) };
    for (const name of Object.keys(params)) sent.add(name.toUpperCase());
    assert.ok(Object.keys(params).length >= 45, 'every optional field is present');
    assert.deepEqual(unlisted(params), []);
  });

  it('maintenance: all listed; a query by PAYID and PAYIDSUB: PAYIDSUB only is sent unhashed', () => {
    const maintenance = maintenanceParameters(
      maintenanceRequestSchema.parse({ payId: '3000001', orderId: 'ORD-1', operation: 'SAL', amount: 500, currency: 'EUR' }),
    );
    assert.deepEqual(unlisted({ PSPID: 'p', USERID: 'u', PSWD: 'w', ...maintenance }), []);
    for (const name of Object.keys(maintenance)) sent.add(name.toUpperCase());
    const query = queryParameters(queryRequestSchema.parse({ payId: '3000001', payIdSub: 2 }));
    assert.equal(query.PAYIDSUB, '2', 'PAYIDSUB is sent');
    assert.deepEqual(unlisted({ PSPID: 'p', USERID: 'u', PSWD: 'w', ...query }), ['PAYIDSUB']);
  });

  it('the hosted page request, with and without saving the card: all listed', () => {
    const config = parseServerConfig(TEST_ENV);
    const options = {
      provider: config.provider,
      publicUrl: 'https://pay.example.com',
      operation: 'SAL' as const,
      merchantName: 'Shop',
      cofSchedule: config.cofSchedule,
    };
    const session = sessionRecord();
    for (const alias of ['OC-abc', null]) {
      const { fields } = buildHostedPageRequest(options, session, { reference: 'ORD-1', amount: session.amount, locale: 'fr-BE', alias });
      const names = Object.keys(fields).filter((name) => name !== 'SHASIGN');
      for (const name of names) sent.add(name.toUpperCase());
      assert.deepEqual(
        names.filter((name) => !isShaInParameter(name)),
        [],
        `alias ${alias}`,
      );
    }
  });

  it('every two of them sort the same by the SDK collation as by their places in the printed list', () => {
    const place = (name: string) => SHA_IN_PARAMETER_NAMES.indexOf(name as (typeof SHA_IN_PARAMETER_NAMES)[number]);
    const names = [...sent].filter((name) => place(name) >= 0);
    assert.ok(names.length >= 50, `${names.length} names gathered`);
    const disagreements: string[] = [];
    for (const a of names)
      for (const b of names)
        if (a < b && Math.sign(compareParameterNames(a, b)) !== Math.sign(place(a) - place(b))) disagreements.push(`${a} / ${b}`);
    assert.deepEqual(disagreements, []);
  });
});
