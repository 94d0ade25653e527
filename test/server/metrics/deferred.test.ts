/**
 * The registry is built after the server is ready (metrics/deferred.ts): what was observed before
 * is counted all the same, once, in order, and a scrape before the registry exists waits for it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deferredMetrics } from '../../../server/metrics/deferred.ts';
import { createMetrics } from '../../../server/metrics/metrics.ts';

function sample(body: string, name: string): string | undefined {
  return body
    .split('\n')
    .find((line) => line.startsWith(name))
    ?.split(' ')
    .at(-1);
}

test('observations made before the registry exists are counted once it does', async () => {
  let built = 0;
  const metrics = deferredMetrics(async () => {
    built++;
    return createMetrics();
  });
  metrics.paymentTransition('pending', 'authorized');
  metrics.paymentTransition('pending', 'authorized');
  metrics.webhooks.delivered();
  metrics.observeRequest('POST', '/payment/ogone/return', 200, 0.004);
  assert.equal(built, 0, 'nothing is loaded before load() or a scrape');

  const { body } = await metrics.render();
  metrics.webhooks.delivered();
  const after = (await metrics.render()).body;
  assert.equal(built, 1);
  assert.equal(sample(body, 'ogone_checkout_payment_transitions_total{from="pending",to="authorized"}'), '2');
  assert.equal(sample(body, 'ogone_checkout_webhook_deliveries_total'), '1');
  assert.equal(sample(body, 'ogone_checkout_http_requests_total{method="POST",route="/payment/ogone/return",status="200"}'), '1');
  assert.equal(sample(after, 'ogone_checkout_webhook_deliveries_total'), '2');
});

test('load() builds one registry however often it is asked', async () => {
  let built = 0;
  const metrics = deferredMetrics(async () => {
    built++;
    return createMetrics();
  });
  const [a, b] = await Promise.all([metrics.load(), metrics.load(), metrics.render()]);
  assert.equal(a, b);
  assert.equal(built, 1);
});
