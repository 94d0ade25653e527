/**
 * The OpenAPI document (README: "The whole API is described by an OpenAPI 3.1 document at
 * GET /api/openapi.json … Feed it to a code generator") described the query parameters more loosely
 * than the server read them: `limit` is `{ type: string, pattern: ^\d+$ }` — no 1–100 bound
 * (README: "Lists take `limit` (1–100)"), not even an integer — `days` has no 1–366 bound, `state`
 * no enum of the payment states, `currency` no ISO 4217 pattern. A generated client (or an API
 * console validating with the document) sent `limit=500` as valid and got 400 (review r1160). The
 * bounds, states and currency form are now in the parameters' patterns.
 *
 * Checked here: every value the document's own parameter schema accepts is one the server accepts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { useTestApp } from '../../support/app.ts';

interface Parameter {
  name: string;
  in: string;
  schema: Record<string, unknown>;
}

describe('a query value the OpenAPI document accepts is one the server accepts', () => {
  const t = useTestApp('sqlite');

  const samples: Record<string, string[]> = {
    limit: ['0', '101', '500'],
    days: ['0', '367'],
    state: ['paid', 'CAPTURED'],
    currency: ['eur', 'EURO'],
  };

  it('limit, days, state and currency: no value valid for the document is refused 400', async () => {
    const document = (await (await t.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
    };
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const mismatches: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      if (path.includes('{')) continue;
      const parameters = item.get?.parameters ?? [];
      for (const parameter of parameters) {
        if (parameter.in !== 'query' || !samples[parameter.name]) continue;
        const validate = ajv.compile(parameter.schema);
        for (const value of samples[parameter.name]!) {
          if (!validate(value)) continue;
          checked++;
          const response = await t.api(`${path}?${parameter.name}=${encodeURIComponent(value)}`);
          if (response.status === 400) {
            const body = (await response.json()) as { error: { message: string } };
            mismatches.push(
              `GET ${path}?${parameter.name}=${value}: the document's schema ${JSON.stringify(parameter.schema)} accepts it, the server answers 400 "${body.error.message}"`,
            );
          } else await response.body?.cancel();
        }
      }
    }
    assert.ok(checked > 0 || mismatches.length === 0);
    assert.deepEqual(mismatches, []);
  });
});
