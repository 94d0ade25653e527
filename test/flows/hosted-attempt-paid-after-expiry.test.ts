/**
 * A hosted-page attempt made shortly before its session expires, asked about by the reconciler
 * at that expiry, then paid a minute later with its feedback lost (the shop's server down for the
 * platform's retries, the tab closed). Ogone's page knows nothing of our expiry.
 *
 * "Unknown order" at the expiry only said the shopper had not paid yet. Marked `expired` on it,
 * the attempt was never asked about again (expired is none of the reconciler's reasons): the
 * platform held a paid order that we showed as expired, hidden from the default list, with no
 * webhook, and the session still open to a second payment. Now an attempt stays a draft,
 * asked about again, until HOSTED_PAGE_PAYABLE_MS after it was made (payments/hosted-page-tries.ts,
 * docs/ogone-protocol.md §9 and §14).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTED_PAGE_PAYABLE_MS } from '../../server/payments/hosted-page-tries.ts';
import { BROWSER_HEADERS } from '../support/headers.ts';
import { hostedAttempt, sandboxPayments, startFlowServer, type FlowServer } from './helpers.ts';

const FORM = { ...BROWSER_HEADERS, 'content-type': 'application/x-www-form-urlencoded' };
const MINUTE = 60_000;

describe('a hosted-page attempt unknown at its session expiry, paid a minute later (sqlite)', { timeout: 60_000 }, () => {
  let flow: FlowServer;
  let offset = 0;
  const queries: string[] = [];

  before(async () => {
    flow = await startFlowServer('sqlite', {
      clock: { now: () => new Date(Date.now() + offset) },
      reconciler: { intervalMs: 150, afterMs: 2500 },
      directLink: {
        timeoutMs: 5000,
        rtimeoutSeconds: false,
        fetch: async (input, init) => {
          if (String(input).includes('querydirect')) queries.push(new URLSearchParams(String(init?.body ?? '')).get('ORDERID') ?? '');
          return fetch(input, init);
        },
      },
    });
  });
  after(() => flow?.close());

  const transaction = async (reference: string) => (await flow.api(`/api/transactions/${reference}`)).body;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** Reconciler rounds until `reference` was asked about once more. */
  const askedAgain = async (reference: string) => {
    const before = queries.filter((q) => q === reference).length;
    const deadline = Date.now() + 8000;
    while (queries.filter((q) => q === reference).length === before && Date.now() < deadline) await sleep(50);
    assert.ok(queries.filter((q) => q === reference).length > before, `${reference} was not asked about`);
    await sleep(100);
  };
  /** The shopper's attempt, on Ogone's card page (the widget posted the form), not paid yet. */
  const onTheCardPage = async (amount: number) => {
    const session = await flow.api('/api/checkout-sessions', { amount, currency: 'EUR', expiresIn: 120 });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    const open = await hostedAttempt(flow, session.body.id as string);
    const page = await (await fetch(open.action, { method: 'POST', body: new URLSearchParams(open.fields), headers: FORM })).text();
    const token = /name="TOKEN" value="([^"]+)"/.exec(page)?.[1];
    assert.ok(token, 'the card page');
    return { sessionId: session.body.id as string, reference: open.reference, token };
  };

  it('stays a draft at the expiry, and the payment made then is found by the next query', async () => {
    const { sessionId, reference, token } = await onTheCardPage(4321);
    offset += 11 * MINUTE;
    await askedAgain(reference);
    assert.equal((await transaction(reference)).state, 'draft', 'unknown at the expiry: the shopper may still pay');

    // The shopper submits the card; the platform's feedback never reaches us.
    offset += MINUTE;
    await fetch(`${flow.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"fail":50}' });
    try {
      const paid = await fetch(`${flow.url}/ncol/test/sandbox_pay.asp`, {
        method: 'POST',
        headers: FORM,
        redirect: 'manual',
        body: new URLSearchParams({ TOKEN: token, CARDNO: '4111111111111111', ED: '12/30', CN: 'Zoë Test', CVC: '123', ACTION: 'pay' }),
      });
      await paid.arrayBuffer();
    } finally {
      await fetch(`${flow.url}/sandbox/faults`, { method: 'DELETE' });
    }
    const [atPlatform] = await sandboxPayments(flow, reference);
    assert.equal(Number(atPlatform?.status), 9, 'paid at the platform');
    assert.equal((await transaction(reference)).state, 'draft', 'precondition: the feedback was lost');

    offset += 30 * MINUTE;
    await askedAgain(reference);
    const found = await transaction(reference);
    assert.equal(found.state, 'captured');
    assert.equal(found.capturedAmount, 4321);
    const session = (await flow.api(`/api/checkout-sessions/${sessionId}`)).body;
    assert.equal(session.paidReference, reference);
    const events = ((await flow.api(`/api/events?reference=${reference}`)).body.data as Array<{ type: string }>).map((e) => e.type);
    assert.deepEqual(events, ['payment.captured']);
  });

  it('an attempt never paid is expired once it can no longer be paid, and no longer asked about', async () => {
    const { reference } = await onTheCardPage(1234);
    offset += 11 * MINUTE;
    await askedAgain(reference);
    assert.equal((await transaction(reference)).state, 'draft');
    offset += HOSTED_PAGE_PAYABLE_MS;
    await askedAgain(reference);
    assert.equal((await transaction(reference)).state, 'expired');
    const asked = queries.filter((q) => q === reference).length;
    offset += 24 * 60 * MINUTE;
    await sleep(600);
    assert.equal(queries.filter((q) => q === reference).length, asked, 'an expired attempt is not asked about again');
  });
});
