/**
 * `payment.mismatch`'s `data.received.amount` is the AMOUNT Ogone sent in minor units of the
 * CURRENCY it sent (99 for 0.99 EUR), an integer like `data.amount` beside it — in the event the
 * merchant API lists and in the body the dispatcher POSTs — and null when it cannot be read so
 * (missing, more decimals than the currency has, an unknown currency). Ogone writes AMOUNT in
 * major units (docs/ogone-protocol.md §2 "What comes back", §5 "AMOUNT in major units"): its text
 * "0.99" beside 1999 read as the API's unit said 0.19 EUR paid. Review r1364 found the raw string.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SERVER_HEADERS } from '../../support/headers.ts';
import { feedbackFor } from '../../support/feedback.ts';
import { newHostedAttempt, useTestApp } from '../../support/app.ts';
import { createWebhookDispatcher } from '../../../server/webhooks/dispatcher.ts';
import { silentLogger } from '../../../server/logger.ts';
import { decideFeedback } from '../../../server/feedback/decide.ts';
import { sessionRecord, transactionRecord } from '../../support/records.ts';

const SECRET = 'whsec_mismatch_0123456789abcdef';

describe('payment.mismatch reports the received amount in the API unit', () => {
  let receiver: Server;
  let url: string;
  const bodies: string[] = [];

  after(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
  });
  const t = useTestApp('sqlite');
  before(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });

  it('data.received.amount is an integer of minor units, like data.amount', async () => {
    const reference = await newHostedAttempt(t, { amount: 1999, currency: 'EUR', successUrl: 'https://shop.example.com/ok' });
    // Ogone reports 0.99 EUR paid for this 19.99 EUR order (AMOUNT in major units, [ADV] §9.2.3.1).
    const response = await t.app.request('/payment/ogone/return', {
      method: 'POST',
      body: new URLSearchParams(feedbackFor(reference, 9, { amount: '0.99' })).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SERVER_HEADERS },
    });
    assert.equal(response.status, 200);

    const listed = (await (await t.api(`/api/events?reference=${reference}&type=payment.mismatch`)).json()) as {
      data: Array<{ data: { amount: unknown; received: { amount: unknown; currency: unknown } } }>;
    };
    assert.equal(listed.data.length, 1, 'one payment.mismatch');
    const data = listed.data[0]!.data;
    assert.equal(data.amount, 1999, 'the payment amount, in minor units');
    assert.deepEqual(
      { amount: data.received.amount, currency: data.received.currency },
      { amount: 99, currency: 'EUR' },
      `GET /api/events: received.amount is ${JSON.stringify(data.received.amount)} (major units, a string) beside amount ${JSON.stringify(data.amount)} (minor units)`,
    );
  });

  it('the webhook body the merchant receives says the same', async () => {
    const dispatcher = createWebhookDispatcher({ repository: t.repository, url, secret: SECRET, clock: t.clock, logger: silentLogger() });
    try {
      await dispatcher.runOnce();
    } finally {
      await dispatcher.close();
    }
    const mismatch = bodies
      .map((body) => JSON.parse(body) as { type: string; data: { amount: unknown; received: { amount: unknown } } })
      .find((event) => event.type === 'payment.mismatch');
    assert.ok(mismatch, 'the payment.mismatch was delivered');
    assert.equal(
      mismatch.data.received.amount,
      99,
      `webhook: received.amount ${JSON.stringify(mismatch.data.received.amount)} beside amount ${JSON.stringify(mismatch.data.amount)}`,
    );
  });
});

describe('payment.mismatch: received.amount read in the CURRENCY received', () => {
  const session = sessionRecord({ status: 'open' });
  const payment = transactionRecord(session.id, { state: 'pending', amount: 1999, currency: 'EUR' });
  const received = (extra: Record<string, string | undefined>) => {
    const params: Record<string, string> = { ORDERID: payment.reference, AMOUNT: '19.99', CURRENCY: 'EUR', STATUS: '9' };
    for (const [name, value] of Object.entries(extra)) {
      if (value === undefined) delete params[name];
      else params[name] = value;
    }
    const decision = decideFeedback(payment, session, { params, status: 9, channel: 'server' });
    const event = decision.events?.find((e) => e.type === 'payment.mismatch');
    assert.ok(event, 'a payment.mismatch');
    return (event.data as { received: { amount: unknown; currency: unknown } }).received;
  };

  for (const [what, extra, amount] of [
    ['¥1,500 for a EUR order: 1500 JPY minor units', { AMOUNT: '1500', CURRENCY: 'JPY' }, 1500],
    ['1.23 KWD: 1230 minor units (three decimals)', { AMOUNT: '1.23', CURRENCY: 'KWD' }, 1230],
    ['0.990 EUR: trailing zeros are the same amount', { AMOUNT: '0.990', CURRENCY: 'EUR' }, 99],
    ['no AMOUNT', { AMOUNT: undefined }, null],
    ['an AMOUNT with more decimals than EUR has', { AMOUNT: '19.995' }, null],
    ['an AMOUNT that is no number', { AMOUNT: '19,99' }, null],
    ['an unknown CURRENCY', { CURRENCY: 'XXQ' }, null],
  ] as const) {
    it(`${what} → ${String(amount)}`, () => {
      assert.equal(received(extra).amount, amount);
    });
  }
});
