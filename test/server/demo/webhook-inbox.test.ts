/** The demo's webhook receiver: verified with verifyWebhookSignature, each event id handled once. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { webhookInbox } from '../../../server/demo/webhook-inbox.ts';
import { signatureHeader } from '../../../server/webhooks/signature.ts';

const SECRET = 'whsec_demo_test_0123456789';

function post(app: ReturnType<typeof webhookInbox>['app'], body: string, header: string | undefined) {
  return app.request('/demo/webhooks', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...(header ? { 'ogone-checkout-signature': header } : {}) },
  });
}

describe('demo webhook receiver', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const event = JSON.stringify({
    id: 'evt_1',
    type: 'payment.captured',
    created: '2025-01-01T00:00:00Z',
    data: { reference: 'OC1', state: 'captured' },
  });

  it('stores a verified event once and counts a redelivery as a duplicate', async () => {
    const { app, inbox } = webhookInbox({ secret: SECRET });
    assert.equal((await post(app, event, signatureHeader([SECRET], now(), event))).status, 200);
    const again = await post(app, event, signatureHeader([SECRET], now(), event));
    assert.deepEqual(await again.json(), { received: true, duplicate: true });
    const events = inbox.events();
    assert.equal(events.length, 1);
    assert.deepEqual(
      { ...events[0], receivedAt: undefined },
      {
        id: 'evt_1',
        type: 'payment.captured',
        created: '2025-01-01T00:00:00Z',
        reference: 'OC1',
        state: 'captured',
        receivedAt: undefined,
        duplicates: 1,
      },
    );
    const listed = (await (await app.request('/demo/events')).json()) as { events: unknown[]; rejected: number };
    assert.equal(listed.events.length, 1);
    assert.equal(listed.rejected, 0);
  });

  it('refuses a wrong secret, a changed body, a missing or stale header, storing nothing', async () => {
    const { app, inbox } = webhookInbox({ secret: SECRET });
    const tampered = event.replace('captured', 'refunded');
    const cases: Array<[string, string | undefined, string]> = [
      [event, signatureHeader(['whsec_someone_else_000000'], now(), event), 'signature mismatch'],
      [tampered, signatureHeader([SECRET], now(), event), 'signature mismatch'],
      [event, undefined, 'missing header'],
      [event, signatureHeader([SECRET], now() - 3600, event), 'timestamp outside tolerance'],
    ];
    for (const [body, header, reason] of cases) {
      const response = await post(app, body, header);
      assert.equal(response.status, 400);
      const problem = (await response.json()) as { error: { code: string; message: string; field: string } };
      assert.deepEqual(problem.error, { code: 'invalid_signature', message: reason, field: 'Ogone-Checkout-Signature' });
    }
    assert.equal(inbox.events().length, 0);
    assert.equal(inbox.rejected(), 4);
  });
});
