/**
 * Feedback as Ogone sends it, signed with SHA-OUT by the test itself: mixed-case names, AMOUNT
 * in major units, as a redirected browser (expects a 303) or the server-to-server request
 * (expects 200 OK), by GET or POST.
 */
import { toFeedbackAmount } from '../../shared/money.ts';
import { shaSign } from '../../server/ogone/sha.ts';
import { SCALE_ACCOUNT, TEST_ENV } from './accounts.ts';
import { BROWSER_HEADERS, PLATFORM_HEADERS } from './headers.ts';

export interface FeedbackFields {
  reference: string;
  /** Minor units, as stored; sent in major units like Ogone. */
  amount: number;
  currency: string;
  status: number;
  payId?: string;
  alias?: string;
  extra?: Record<string, string>;
}

export function feedbackParams(fields: FeedbackFields, passphrase: string = SCALE_ACCOUNT.OGONE_SHA_OUT): Record<string, string> {
  const params: Record<string, string> = {
    orderID: fields.reference,
    currency: fields.currency,
    amount: toFeedbackAmount(fields.amount, fields.currency),
    PM: 'CreditCard',
    ACCEPTANCE: fields.status === 5 || fields.status === 9 ? 'TEST42' : '',
    STATUS: String(fields.status),
    CARDNO: 'XXXXXXXXXXXX1111',
    ED: '1230',
    CN: 'Zoë Scale',
    TRXDATE: '06/01/25',
    PAYID: fields.payId ?? '3000001',
    NCERROR: fields.status === 2 ? '30001001' : '0',
    BRAND: 'VISA',
    IP: '127.0.0.1',
    ...(fields.alias ? { ALIAS: fields.alias } : {}),
    ...fields.extra,
  };
  params.SHASIGN = shaSign(params, { passphrase, algorithm: 'sha512', direction: 'out' });
  return params;
}

/** Signs feedback parameters with TEST_ENV's SHA-OUT (the in-process app's account) unless told otherwise. */
export function signedFeedback(params: Record<string, string>, passphrase: string = TEST_ENV.OGONE_SHA_OUT): Record<string, string> {
  return { ...params, SHASIGN: shaSign(params, { passphrase, algorithm: 'sha512', direction: 'out' }) };
}

/** A feedback of 19.99 EUR with `status` for the in-process app (`createTestApp`), signed. */
export function feedbackFor(reference: string, status: number, extra: Record<string, string> = {}): Record<string, string> {
  return signedFeedback({
    orderID: reference,
    amount: '19.99',
    currency: 'EUR',
    PM: 'CreditCard',
    ACCEPTANCE: 'test123',
    STATUS: String(status),
    CARDNO: 'XXXXXXXXXXXX1111',
    ED: '1230',
    CN: 'Bárbara Souza',
    TRXDATE: '06/01/25',
    PAYID: '3014726',
    NCERROR: status === 2 ? '30001001' : '0',
    BRAND: 'VISA',
    IP: '127.0.0.1',
    ...extra,
  });
}

export type FeedbackChannel = 'server' | 'browser';

/** Sends feedback to `${base}/payment/ogone/return`; returns the HTTP status (0: no answer). */
export async function sendFeedback(
  base: string,
  params: Record<string, string>,
  options: { channel: FeedbackChannel; method: 'GET' | 'POST' },
): Promise<number> {
  const query = new URLSearchParams(params).toString();
  const headers: Record<string, string> = { ...(options.channel === 'server' ? PLATFORM_HEADERS : BROWSER_HEADERS) };
  const url = `${base}/payment/ogone/return${options.method === 'GET' ? `?${query}` : ''}`;
  if (options.method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
  try {
    const response = await fetch(url, {
      method: options.method,
      headers,
      redirect: 'manual',
      ...(options.method === 'POST' ? { body: query } : {}),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}
