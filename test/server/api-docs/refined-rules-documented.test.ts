/**
 * Found by review r1566 (2026-12-07), now fixed.
 *
 * Review r1566. README "Merchant API": "The whole API is described by an OpenAPI 3.1 document at
 * GET /api/openapi.json …, generated from the same zod schemas the server validates with … Feed it
 * to a code generator for another language, or to an API console."
 *
 * What is wrong: the rules the request schemas enforce through `.refine` / `.superRefine` / route
 * code never reach the document (server/api-docs/openapi.ts converts with zod's toJSONSchema,
 * which drops refinements), so the document declares valid request bodies the server ALWAYS
 * refuses with 400 — the class review r1396 fixed for `mode: "setup"` and a button's `saveCard`,
 * still open for:
 *  - `currency` on every body (CreateCheckoutSession, CreateSetupSession, CreateButton,
 *    CreateCharge) is documented as a bare `{ "type": "string" }`: "eur" (the lower case Stripe's
 *    API uses) and "EURO" are valid per the document and refused 400 "currency must be an ISO 4217
 *    code such as EUR" (shared/money.ts isCurrency in a refine);
 *  - `successUrl` / `failureUrl` are `format: uri`, which "javascript:alert(1)" and
 *    "ftp://shop.example.com/x" satisfy; the server refuses every non-http(s) URL;
 *  - a button's `minQuantity` is documented up to 2^53−1 while `maxQuantity` is at most 100 and
 *    must be ≥ minQuantity: every minQuantity above 100 is refused;
 *  - a charge's `reference` "export.csv" or "." matches the documented pattern and is refused
 *    (shared/schemas/requests.ts createChargeSchema refine).
 *
 * Why it matters: a generated client or an API console validates against the document; the
 * merchant builds, tests and ships requests the document calls valid, and learns only from a live
 * 400 — at checkout time, for the currency — that they never were. The fix is the r1396 one:
 * state each always-applied rule in the schema the document is generated from (a pattern / enum
 * for the currency, an http(s) pattern for the URLs, maximum 100 for minQuantity, the refused
 * references excluded).
 *
 * Expectation: each body the server refuses with 400 naming the field is NOT valid against the
 * documented request schema of its path.
 *
 * The fix: the request schemas write those rules as patterns and bounds the OpenAPI document
 * carries: a currency code (shared/schemas/currency.ts), an http(s) scheme for the shop's URLs, a
 * button's minQuantity of at most 100 (now refused naming minQuantity), a charge reference that is
 * no dot segment nor export.csv.
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

/** [template, body, field the server names]; the charge's path is filled in with a real card. */
const CASES: ReadonlyArray<[string, Record<string, unknown>, string]> = [
  ['/api/checkout-sessions', { amount: 1999, currency: 'eur' }, 'currency'],
  ['/api/checkout-sessions', { amount: 1999, currency: 'EURO' }, 'currency'],
  ['/api/checkout-sessions', { mode: 'setup', customer: { id: 'cust-r1566' }, currency: 'eur' }, 'currency'],
  ['/api/buttons', { name: 'Mug', amount: 350, currency: 'eur' }, 'currency'],
  ['/api/aliases/{id}/charges', { amount: 990, currency: 'eur' }, 'currency'],
  ['/api/checkout-sessions', { amount: 1999, currency: 'EUR', successUrl: 'javascript:alert(1)' }, 'successUrl'],
  ['/api/checkout-sessions', { amount: 1999, currency: 'EUR', failureUrl: 'ftp://shop.example.com/cart' }, 'failureUrl'],
  ['/api/buttons', { name: 'Mug', amount: 350, currency: 'EUR', minQuantity: 101, maxQuantity: 100 }, 'minQuantity'],
  ['/api/aliases/{id}/charges', { amount: 990, currency: 'EUR', reference: 'export.csv' }, 'reference'],
];

describe('r1566: request bodies the server always refuses are not valid in the OpenAPI document', () => {
  const t = useTestApp('sqlite');

  for (const [template, body, field] of CASES) {
    it(`${template} ${JSON.stringify(body)}`, async () => {
      // A card id that does not exist: the body is read (and refused) before the card is looked up.
      const url = template.replace('{id}', 'alias_r1566_unknown');
      const response = await t.api(url, { method: 'POST', json: body });
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
