/**
 * `POST /api/checkout-sessions` accepts `"mode": "payment"`, and so does the OpenAPI request
 * schema (CreateSessionRequest: a payment, `mode` optional, or a setup with `mode: "setup"`): it
 * used to refuse that body — a strict payment object without `mode` — so a validating client or
 * console rejected a request the server serves.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../../server/api-docs/openapi.ts';
import { useTestApp } from '../../support/app.ts';

const ID = 'https://docs.invalid/openapi.json';

describe('CreateSessionRequest and mode "payment"', () => {
  const t = useTestApp('sqlite');

  it('a body the server answers 201 is valid against the documented request schema', async () => {
    const body = { mode: 'payment', amount: 1999, currency: 'EUR' };
    const response = await t.api('/api/checkout-sessions', { method: 'POST', json: body });
    assert.equal(response.status, 201);
    assert.equal(((await response.json()) as { mode: string }).mode, 'payment');

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...JSON.parse(JSON.stringify(openApiDocument('0.0.0-test'))), $id: ID });
    const validate = ajv.getSchema(
      `${ID}#/paths/${encodeURIComponent('~1api~1checkout-sessions')}/post/requestBody/content/application~1json/schema`,
    )!;
    assert.ok(validate, 'request schema found');
    assert.equal(
      validate(body),
      true,
      `documented request schema refuses it: ${JSON.stringify(validate.errors?.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`))}`,
    );
  });
});
