/**
 * Characters outside the BMP (emoji, CJK extension B…) at the end of CN, COM or OWNERADDRESS. The
 * merchant API counts lengths in characters, so it accepts a 35-character name of 34 letters and
 * "😀" (36 UTF-16 units); the signed request used to be cut by UTF-16 units, leaving half of the
 * emoji, which Node and the browser both turn into U+FFFD: the platform stored "…x\uFFFD", a name
 * nobody typed. Cuts now never split a character (server/payments/hosted-page.ts ogoneText).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app.ts';
import type { AttemptResult } from '../../../shared/schemas/api.ts';

/** No lone surrogate: UTF-8 round-trips it unchanged (a lone one comes back as U+FFFD). */
const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;

type Redirect = Extract<AttemptResult, { kind: 'redirect' }>;

describe('non-BMP characters in signed text fields', () => {
  const t = useTestApp('sqlite');

  async function fieldsFor(session: Record<string, unknown>): Promise<Record<string, string>> {
    const created = await t.api('/api/checkout-sessions', { method: 'POST', json: session });
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = (await created.json()) as { id: string };
    const response = await t.app.request(`/checkout/sessions/${id}/attempts`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.status, 201, await response.clone().text());
    return ((await response.json()) as Redirect).fields;
  }

  it('CN: a name the API accepted is never cut inside a character', async () => {
    const name = 'x'.repeat(34) + '😀';
    const fields = await fieldsFor({ amount: 1999, currency: 'EUR', customer: { id: 'c1', name } });
    assert.ok(wellFormed(fields.CN!), `CN ends with a lone surrogate: ${JSON.stringify(fields.CN)}`);
  });

  it('COM: a description the API accepted is never cut inside a character', async () => {
    const description = 'x' + '𠀀'.repeat(99);
    const fields = await fieldsFor({ amount: 1999, currency: 'EUR', description, customer: { id: 'c2' } });
    assert.ok(wellFormed(fields.COM!), `COM ends with a lone surrogate: ${JSON.stringify(fields.COM!.slice(-3))}`);
  });

  it('OWNERADDRESS: a street the API accepted is never cut inside a character', async () => {
    const line1 = '1 rue' + '🏠'.repeat(45);
    const fields = await fieldsFor({ amount: 1999, currency: 'EUR', customer: { id: 'c3', address: { line1 } } });
    assert.ok(wellFormed(fields.OWNERADDRESS!), `OWNERADDRESS: ${JSON.stringify(fields.OWNERADDRESS!.slice(-3))}`);
  });
});
