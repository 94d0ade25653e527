/**
 * Found by review r1687 (2026-12-07), now fixed.
 * The fix: customer.id carries the pattern [^.] in the OpenAPI document, the server's refusal of all-dot ids
 *
 * r1687 — the OpenAPI document declares valid a `customer.id` the server always refuses.
 *
 * README "Merchant API": the OpenAPI 3.1 document at GET /api/openapi.json is "generated from the
 * same zod schemas the server validates with … Feed it to a code generator for another language,
 * or to an API console". `customer.id` "." and ".." are refused with 400 naming `customer.id`
 * ("it names the customer in /api/customers/{id}/aliases", review r1160) by a `.refine` in
 * shared/schemas/api.ts customerSchema — a rule the document never carries (zod's toJSONSchema
 * drops refinements): the document's customer.id is `{ type: string, minLength: 1, maxLength: 100 }`.
 * The charge's `reference`, refused for the same reason, had its rule written as a pattern for the
 * document (review r1566); the customer id, on both session modes, did not.
 *
 * Why it matters: a generated client or an API console validates against the document and sends
 * what it calls valid; the merchant whose customer ids come from elsewhere learns only from a live
 * 400, at checkout time, that the documented request never was — the shopper cannot pay.
 *
 * Expected: each body the server refuses 400 naming `customer.id` is not valid against the
 * documented request schema of POST /api/checkout-sessions.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../../server/api-docs/openapi.ts';
import { useTestApp } from '../../support/app.ts';

const ID = 'https://docs.invalid/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...JSON.parse(JSON.stringify(openApiDocument('0.0.0-test'))), $id: ID });

const CASES: ReadonlyArray<Record<string, unknown>> = [
  { amount: 1999, currency: 'EUR', customer: { id: '..' } },
  { amount: 1999, currency: 'EUR', customer: { id: '.' } },
  { mode: 'setup', customer: { id: '..' } },
];

describe('r1687: a customer.id the server always refuses is not valid in the OpenAPI document', () => {
  const t = useTestApp('sqlite');

  for (const body of CASES) {
    it(`POST /api/checkout-sessions ${JSON.stringify(body)}`, async () => {
      const response = await t.api('/api/checkout-sessions', { method: 'POST', json: body });
      const answer = (await response.json()) as { error?: { field?: string; message?: string } };
      assert.equal(response.status, 400, `precondition: the server refuses it: ${JSON.stringify(answer)}`);
      assert.equal(answer.error?.field, 'customer.id', `precondition: the refusal names customer.id: ${JSON.stringify(answer)}`);
      const validate = ajv.getSchema(
        `${ID}#/paths/${encodeURIComponent('~1api~1checkout-sessions')}/post/requestBody/content/application~1json/schema`,
      );
      assert.ok(validate, 'the request schema of POST /api/checkout-sessions');
      assert.equal(
        validate(body),
        false,
        `the OpenAPI document declares valid a body the server always refuses (400 ${answer.error?.field}: ${answer.error?.message})`,
      );
    });
  }
});
