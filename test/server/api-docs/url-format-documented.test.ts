/**
 * Found by review r1596 (2026-12-07), now fixed.
 *
 * What is wrong: shared/schemas/api.ts `httpUrl` is now `z.url(…).regex(/^https?:\/\//i)`. zod's
 * toJSONSchema writes a string format or a pattern, not both, so the OpenAPI document
 * (server/api-docs/openapi.ts, GET /api/openapi.json) lost the `format: "uri"` it carried for
 * `successUrl` / `failureUrl` and now says only `pattern: "^https?:\/\/"`. Any text after
 * `https://` is now documented valid: a host with a space, a bad percent escape, an unclosed IPv6
 * bracket. The server refuses all of these with 400 "must be an absolute http(s) URL", and the
 * document refused them before this change.
 *
 * Why it matters: README "Merchant API" offers the document to code generators and API consoles.
 * This is the same class review r1566 set out to close: a merchant's integration validates a
 * request against the document, ships it, and first learns at checkout time, from a live 400, that
 * the shop's return URL was never acceptable. Those URLs are what sends the shopper back after
 * paying.
 *
 * Expectation: each body the server refuses with 400 naming successUrl/failureUrl is NOT valid
 * against the documented request schema of its path.
 *
 * The fix: shared/schemas/api.ts gives the scheme pattern as metadata, so the document keeps
 * format: uri beside it.
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

function documentedRequestSchema(template: string) {
  const pointer = encodeURIComponent(template.replaceAll('/', '~1'));
  const validate = ajv.getSchema(`${ID}#/paths/${pointer}/post/requestBody/content/application~1json/schema`);
  assert.ok(validate, `request schema of ${template} found`);
  return validate;
}

const CASES: ReadonlyArray<[string, Record<string, unknown>, string]> = [
  ['/api/checkout-sessions', { amount: 1999, currency: 'EUR', successUrl: 'https://shop example.com/thanks' }, 'successUrl'],
  ['/api/checkout-sessions', { amount: 1999, currency: 'EUR', failureUrl: 'https://%zz/cart' }, 'failureUrl'],
  ['/api/buttons', { name: 'Mug', amount: 350, currency: 'EUR', successUrl: 'http://[::1/thanks' }, 'successUrl'],
];

describe('r1595: shop URLs the server refuses are not valid in the OpenAPI document (format uri kept)', () => {
  const t = useTestApp('sqlite');

  for (const [template, body, field] of CASES) {
    it(`${template} ${JSON.stringify(body)}`, async () => {
      const response = await t.api(template, { method: 'POST', json: body });
      const answer = (await response.json()) as { error?: { field?: string; message?: string } };
      assert.equal(response.status, 400, `precondition: the server refuses it: ${JSON.stringify(answer)}`);
      assert.equal(answer.error?.field, field, `precondition: the refusal names ${field}: ${JSON.stringify(answer)}`);
      const validate = documentedRequestSchema(template);
      assert.equal(
        validate(body),
        false,
        `the OpenAPI document declares valid a body the server always refuses (400 ${answer.error?.field}: ${answer.error?.message})`,
      );
    });
  }
});
