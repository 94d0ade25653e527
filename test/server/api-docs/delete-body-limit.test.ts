/**
 * Every DELETE of the merchant API passes the body limit (server/app.ts `merchantApi.use(limitBody)`)
 * and answers 413 `payload_too_large` to a body over it; the OpenAPI document added 413 only to
 * operations with a body schema or a POST, so `DELETE /api/buttons/{id}` and
 * `DELETE /api/aliases/{id}` answered a status their document did not declare.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MERCHANT_API_BODY_BYTES } from '../../../server/app.ts';
import { openApiDocument } from '../../../server/api-docs/openapi.ts';
import { useTestApp } from '../../support/app.ts';

const document = openApiDocument('0.0.0-test');
const documented = (path: string, method: string, status: number) =>
  document.paths[path]?.[method]?.responses[String(status)] !== undefined;

describe('DELETE answers 413 to a body over the limit, and says so', () => {
  const t = useTestApp('sqlite');

  for (const [template, url] of [
    ['/api/buttons/{id}', '/api/buttons/btn_x'],
    ['/api/aliases/{id}', '/api/aliases/al_x'],
  ] as const) {
    it(`DELETE ${template}: a body over the limit answers 413, and the document says so`, async () => {
      const response = await t.api(url, {
        method: 'DELETE',
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(MERCHANT_API_BODY_BYTES + 1),
      });
      assert.equal(response.status, 413);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'payload_too_large');
      assert.ok(documented(template, 'delete', 413), `DELETE ${template} answered 413 but the document has no 413`);
    });
  }
});
