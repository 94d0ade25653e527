/**
 * Found by review r1595 (2026-12-07), now fixed.
 *
 * What is wrong: shared/schemas/api.ts `httpUrl` gained `.regex(/^https?:\/\//i)` so the OpenAPI
 * document would refuse javascript: and ftp: URLs. The server matches that pattern without regard
 * to case (the `i` flag). zod's toJSONSchema writes only its source, `^https?:\/\/`, and JSON Schema
 * patterns are case-sensitive. So the document generated from that schema (GET /api/openapi.json,
 * server/api-docs/openapi.ts) now declares invalid a `successUrl` / `failureUrl` written
 * `HTTPS://…` or `Http://…`, which the server accepts (201) and always has. URL schemes are
 * case-insensitive (RFC 3986 §3.1).
 *
 * Why it matters: README "Merchant API" tells merchants to feed the document to a code generator or
 * an API console. A client that validates against it now refuses a request the server takes. That
 * blocks the merchant's checkout or button creation for a URL the server always accepted and
 * documented as valid (before this change the document said `format: uri`, which takes any case).
 *
 * Expectation: every body with an upper- or mixed-case http(s) scheme that the server answers with
 * 201 is valid against the documented request schema of its path.
 *
 * The fix: shared/schemas/api.ts gives the shop URLs' scheme to the document as a case-insensitive
 * pattern beside format: uri (.meta), the check itself staying z.url's protocol.
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

const CASES: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['/api/checkout-sessions', { amount: 1999, currency: 'EUR', successUrl: 'HTTPS://shop.example.com/thanks' }],
  ['/api/checkout-sessions', { amount: 1999, currency: 'EUR', failureUrl: 'Https://shop.example.com/cart' }],
  ['/api/buttons', { name: 'Mug', amount: 350, currency: 'EUR', successUrl: 'HTTP://shop.example.com/thanks' }],
];

describe('r1595: an http(s) URL with an upper-case scheme the server accepts is valid in the OpenAPI document', () => {
  const t = useTestApp('sqlite');

  for (const [template, body] of CASES) {
    it(`${template} ${JSON.stringify(body)}`, async () => {
      const response = await t.api(template, { method: 'POST', json: body });
      const answer = await response.text();
      assert.equal(response.status, 201, `precondition: the server accepts it: ${answer}`);
      const validate = documentedRequestSchema(template);
      const valid = validate(body);
      assert.equal(
        valid,
        true,
        `the OpenAPI document refuses a body the server accepts (201): ${JSON.stringify(validate.errors?.map((e) => `${e.instancePath} ${e.message}`))}`,
      );
    });
  }
});
