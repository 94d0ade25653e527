/**
 * A test app whose DirectLink client talks to a fake platform: each call is answered with the
 * ncresponse attributes `answer` gives for its page and form (a throw for a page the test does not
 * expect), and signed server-to-server feedback is posted to the app. For tests of what the
 * platform's later STATUS does to a payment (its before/after hooks are the describe's).
 */
import { after, before } from 'node:test';
import { parseServerConfig } from '../../../server/config/env.ts';
import { createDirectLinkClient } from '../../../server/directlink/client.ts';
import { TEST_ENV } from '../../support/accounts.ts';
import { createTestApp, postServerFeedback, type TestApp } from '../../support/app.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../../support/databases.ts';
import { xml } from '../directlink/helpers.ts';

export type PlatformAnswer = (path: string, form: Record<string, string>) => Record<string, string> | Promise<Record<string, string>>;

export function appWithFakePlatform(kind: DatabaseKind, answer: PlatformAnswer, options: { env?: Record<string, string> } = {}) {
  let database: TestDatabase | undefined;
  let t: TestApp | undefined;
  before(async () => {
    database = await createTestDatabase(kind);
    const config = parseServerConfig({ ...TEST_ENV, ...options.env });
    const fetchFromPlatform: typeof fetch = async (input, init) => {
      const form = Object.fromEntries(new URLSearchParams(String(init?.body ?? '')));
      const attributes = await answer(new URL(String(input)).pathname, form);
      return new Response(xml(attributes), { status: 200, headers: { 'content-type': 'text/xml' } });
    };
    t = await createTestApp(database, {
      ...(options.env ? { env: options.env } : {}),
      deps: { directLink: createDirectLinkClient({ config: { ...config.provider }, fetch: fetchFromPlatform }) },
    });
  });
  after(async () => {
    await t?.close();
    await database?.drop();
  });
  return {
    get t(): TestApp {
      return t!;
    },
    /** The test's database, for a test that writes a row as an earlier release did. */
    get database(): TestDatabase {
      return database!;
    },
    /** A signed feedback posted server to server. */
    feedback: (params: Record<string, string>) => postServerFeedback(t!, params),
  };
}

/** The attributes of a DirectLink answer a test names: orderID, PAYID, STATUS and amount always. */
export interface AnswerFields {
  orderID: string;
  PAYID: string;
  STATUS: string;
  amount: string;
  /** Any other attribute (PAYIDSUB, ACCEPTANCE, PM, BRAND, …), or NCSTATUS, NCERROR, NCERRORPLUS, currency in place of the default. */
  [attribute: string]: string;
}

/**
 * The attributes of the fake platform's DirectLink answer (a new order's, a maintenance's or a
 * query's, [DL] §3.2): `fields`, with NCSTATUS "0", NCERROR "0", NCERRORPLUS "!" and currency "EUR"
 * unless `fields` names them. Nothing else is added: PAYIDSUB, ACCEPTANCE, PM and BRAND are there
 * only where `fields` names them. The attributes come in the order the platform sends them (orderID,
 * PAYID, PAYIDSUB, NCSTATUS, NCERROR, NCERRORPLUS, ACCEPTANCE, STATUS, amount, currency, then the
 * rest as named).
 */
export function platformAnswer(fields: AnswerFields): Record<string, string> {
  const { orderID, PAYID, PAYIDSUB, ACCEPTANCE, STATUS, amount, ...rest } = fields;
  return {
    orderID,
    PAYID,
    ...(PAYIDSUB === undefined ? {} : { PAYIDSUB }),
    NCSTATUS: '0',
    NCERROR: '0',
    NCERRORPLUS: '!',
    ...(ACCEPTANCE === undefined ? {} : { ACCEPTANCE }),
    STATUS,
    amount,
    currency: 'EUR',
    ...rest,
  };
}

/** A query's answer: STATUS 8, level 1 the full refund of 19.99 EUR (captured, then refunded). */
export function refundedInFull(orderID: string, PAYID: string): Record<string, string> {
  return platformAnswer({
    orderID,
    PAYID,
    PAYIDSUB: '1',
    ACCEPTANCE: 'test123',
    STATUS: '8',
    amount: '19.99',
    PM: 'CreditCard',
    BRAND: 'VISA',
  });
}
