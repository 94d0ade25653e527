/**
 * `GET /api/events?type=…` takes only the webhook event types (shared/webhook-events.ts, the one
 * list): a typo such as `payment.capture`, or `payment.paid`, is a 400 naming `type`, as a state
 * that is none is on `GET /api/transactions` — never a 200 with an empty list, which would tell a
 * shop polling for its captures that there are none. The OpenAPI document lists the values. Review
 * r1364 found that any dotted lower-case word was taken.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/webhook-events.ts';
import { openApiDocument } from '../../../server/api-docs/openapi.ts';

describe('GET /api/events with a type that is no event type', () => {
  const t = useTestApp('sqlite');
  before(async () => {
    await t.repository.insertEvents([{ type: 'payment.captured', reference: 'EVT-TYPE-1', data: { reference: 'EVT-TYPE-1' } }]);
  });

  for (const typo of ['payment.capture', 'payment.paid', 'captured']) {
    it(`type=${typo}: 400 naming type, not an empty 200`, async () => {
      const real = await t.api('/api/events?type=payment.captured');
      assert.equal(((await real.json()) as { data: unknown[] }).data.length, 1, 'precondition: a real type finds the event');
      const response = await t.api(`/api/events?type=${typo}`);
      const body = (await response.json()) as { data?: unknown[]; error?: { field?: string } };
      assert.equal(
        response.status,
        400,
        `type=${typo} is no event type (shared/webhook-events.ts) yet answered ${response.status} ${JSON.stringify(body)}`,
      );
      assert.equal(body.error?.field, 'type');
    });
  }

  it("the OpenAPI document lists the event types as type's values", () => {
    const document = openApiDocument('0.0.0') as unknown as {
      paths: Record<string, { get?: { parameters?: Array<{ name: string; in: string; schema?: { enum?: string[] } }> } }>;
    };
    const type = document.paths['/api/events']?.get?.parameters?.find((p) => p.name === 'type' && p.in === 'query');
    assert.deepEqual(type?.schema?.enum, [...WEBHOOK_EVENT_TYPES]);
  });
});
