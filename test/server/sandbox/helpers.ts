/**
 * What only the sandbox's tests need: a tiny real feedback receiver, and signing and form
 * posting like a merchant following Ogone's documentation (docs/ogone-protocol.md §4, §8). The
 * account, the listener and the sandbox starter are in test/support/.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { XMLParser } from 'fast-xml-parser';
import { shaSign } from '../../../server/ogone/sha.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { closeServer, listen } from '../../support/listen.ts';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  /** The parameters in the order received (query string for GET, form body for POST). */
  readonly parameters: Array<[string, string]>;
  readonly userAgent: string;
}

/** A merchant's feedback endpoint: records every request and answers from a list of statuses. */
export interface Receiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Statuses of the next answers (then 200), or a number of ms to hang (then 200). */
  answers: Array<number | { hangMs: number }>;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: Array<{ count: number; resolve: (r: ReceivedRequest[]) => void }> = [];
  const receiver: Partial<Receiver> & { answers: Receiver['answers'] } = { answers: [] };
  const app = new Hono();
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const parameters = c.req.method === 'GET' ? [...url.searchParams] : [...new URLSearchParams(await c.req.text())];
    requests.push({ method: c.req.method, path: url.pathname, parameters, userAgent: c.req.header('user-agent') ?? '' });
    for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve([...requests]);
    }
    const answer = receiver.answers.shift() ?? 200;
    if (typeof answer === 'object') {
      await new Promise((resolve) => setTimeout(resolve, answer.hangMs));
      return c.text('late');
    }
    return c.text(answer === 200 ? 'OK' : 'error', answer as 200);
  });
  const { server, url } = await listen(app.fetch);
  return Object.assign(receiver, {
    url: `${url}/payment/ogone/return`,
    requests,
    waitFor(count: number) {
      if (requests.length >= count) return Promise.resolve([...requests]);
      return new Promise<ReceivedRequest[]>((resolve) => waiters.push({ count, resolve }));
    },
    close: () => closeServer(server),
  }) as Receiver;
}

/** Signs parameters with SHA-IN like the merchant's server does. */
export function signed(params: Record<string, string>, account = SANDBOX_ACCOUNT): Record<string, string> {
  return { ...params, SHASIGN: shaSign(params, { passphrase: account.shaIn, algorithm: account.hashAlgorithm, direction: 'in' }) };
}

export function postForm(url: string, params: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
    redirect: 'manual',
  });
}

let orderCounter = 0;
/** A fresh ORDERID per test (the sandbox refuses an ORDERID already processed). */
export function orderId(prefix = 'ORD'): string {
  return `${prefix}-${process.pid}-${++orderCounter}`;
}

/** The mandatory hosted-page parameters for an order of 19.99 EUR. */
export function hostedOrder(extra: Record<string, string> = {}): Record<string, string> & { ORDERID: string } {
  return { PSPID: SANDBOX_ACCOUNT.pspid, ORDERID: orderId(), AMOUNT: '1999', CURRENCY: 'EUR', LANGUAGE: 'en_US', ...extra } as Record<
    string,
    string
  > & { ORDERID: string };
}

/** Opens the hosted page with a signed POST; returns the page and the checkout token. */
export async function openCheckout(base: string, params: Record<string, string>): Promise<{ status: number; html: string; token: string }> {
  const response = await postForm(`${base}/ncol/test/orderstandard_utf8.asp`, signed(params));
  const html = await response.text();
  return { status: response.status, html, token: /name="TOKEN" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

export interface CardEntry {
  CARDNO?: string;
  ED?: string;
  CVC?: string;
  CN?: string;
  ACTION?: string;
  ALIAS_STORE?: string;
}

export const VALID_CARD = { ED: '12/39', CVC: '123', CN: 'Jane Doe' } as const;

/** Submits the card page like a browser (Pay button unless ACTION says otherwise). */
export function submitCard(base: string, token: string, entry: CardEntry): Promise<Response> {
  const fields: Record<string, string> = { TOKEN: token, ACTION: 'pay', ...VALID_CARD };
  for (const [name, value] of Object.entries(entry)) if (value !== undefined) fields[name] = value;
  return postForm(`${base}/ncol/test/sandbox_pay.asp`, fields);
}

/** Opens a checkout and pays with a card; returns the final response (303 or a page). */
export async function payHosted(base: string, params: Record<string, string>, entry: CardEntry): Promise<Response> {
  const { token } = await openCheckout(base, params);
  if (!token) throw new Error('the hosted page did not open');
  return submitCard(base, token, entry);
}

/** The query parameters of a redirect's Location, in order. */
export function locationParameters(response: Response): { url: URL; parameters: Array<[string, string]> } {
  const location = response.headers.get('location');
  if (!location) throw new Error(`no Location header (status ${response.status})`);
  const url = new URL(location);
  return { url, parameters: [...url.searchParams] };
}

export function asRecord(parameters: Array<[string, string]>): Record<string, string> {
  return Object.fromEntries(parameters);
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
});

/** The attributes (and HTML_ANSWER) of an `<ncresponse>`. */
export function parseNcResponse(text: string): Record<string, string> {
  const parsed = xml.parse(text) as { ncresponse?: Record<string, string> };
  if (!parsed.ncresponse) throw new Error(`not an ncresponse: ${text}`);
  return parsed.ncresponse;
}

/** Posts a signed DirectLink request with the account's API user; returns the parsed answer. */
export async function directLink(
  base: string,
  page: 'orderdirect' | 'maintenancedirect' | 'querydirect',
  params: Record<string, string>,
  options: { sign?: boolean } = {},
): Promise<Record<string, string>> {
  const body = { PSPID: SANDBOX_ACCOUNT.pspid, USERID: SANDBOX_ACCOUNT.userId, PSWD: SANDBOX_ACCOUNT.password, ...params };
  const response = await postForm(`${base}/ncol/test/${page}_utf8.asp`, options.sign === false ? body : signed(body));
  if (response.status !== 200) throw new Error(`${page}: HTTP ${response.status}`);
  return parseNcResponse(await response.text());
}

/** A DirectLink card order (19.99 EUR, Visa accepted unless overridden). */
export function cardOrder(extra: Record<string, string> = {}): Record<string, string> & { ORDERID: string } {
  return {
    ORDERID: orderId('DL'),
    AMOUNT: '1999',
    CURRENCY: 'EUR',
    CARDNO: '4111111111111111',
    ED: '1239',
    CVC: '123',
    CN: 'Jane Doe',
    ...extra,
  } as Record<string, string> & { ORDERID: string };
}

/** The DirectLink guide's example account (§3.5): PSPID MyPSPID, passphrase Mysecretsig1875!?, SHA-1. */
export const GUIDE_EXAMPLE_ACCOUNT = {
  pspid: 'MyPSPID',
  userId: 'MyAPIUser',
  password: 'api-password-42',
  shaIn: 'Mysecretsig1875!?',
  shaOut: 'Another-sha-out-1875',
  hashAlgorithm: 'sha1' as const,
};

/**
 * A DirectLink order for GUIDE_EXAMPLE_ACCOUNT, urlencoded, its pairs written out in alphabetical
 * order and signed SHA-1 by hand — never by our signer (`signed` above uses it).
 */
export function guideSignedOrderBody(orderId: string): string {
  const pairs: Array<[string, string]> = [
    ['AMOUNT', '1500'],
    ['CARDNO', '4111111111111111'],
    ['CURRENCY', 'EUR'],
    ['CVC', '123'],
    ['ED', '1239'],
    ['OPERATION', 'RES'],
    ['ORDERID', orderId],
    ['PSPID', 'MyPSPID'],
    ['PSWD', 'api-password-42'],
    ['USERID', 'MyAPIUser'],
  ];
  const shasign = createHash('sha1')
    .update(pairs.map(([name, value]) => `${name}=${value}Mysecretsig1875!?`).join(''), 'utf8')
    .digest('hex')
    .toUpperCase();
  return [...pairs, ['SHASIGN', shasign]].map(([name, value]) => `${name}=${value}`).join('&');
}
