/**
 * A setup session opened through the in-process app and the signed FlexCheckout return the
 * platform would send the shopper's browser back with (docs/ogone-protocol.md §15): for tests that
 * drive the return themselves, in the order and number of copies they need.
 */
import assert from 'node:assert/strict';
import type { AttemptResult } from '../../shared/schemas/api.ts';
import { flexRequestSignature } from '../../server/ogone/flexcheckout.ts';
import { TEST_ENV } from './accounts.ts';
import type { TestApp } from './app.ts';

export interface SetupOnApp {
  sessionId: string;
  /** The attempt's reference: the verification's ORDERID and the return's Alias.OrderId. */
  reference: string;
  /** The alias the signed FlexCheckout link asked the platform to store. */
  alias: string;
  /** The return's path and signed query for an Alias.Status (0 stored, 2 updated, 3 cancelled). */
  returnUrl: (aliasStatus?: string) => string;
}

/** Opens a setup session for `customerId` and its FlexCheckout attempt. */
export async function startSetupOnApp(t: TestApp, customerId: string, extra: Record<string, unknown> = {}): Promise<SetupOnApp> {
  const created = await t.api('/api/checkout-sessions', {
    method: 'POST',
    json: { mode: 'setup', customer: { id: customerId }, ...extra },
  });
  const session = (await created.json()) as { id: string };
  assert.equal(created.status, 201, JSON.stringify(session));
  const started = await t.app.request(`/checkout/sessions/${session.id}/attempts`, {
    method: 'POST',
    body: '{}',
    headers: { 'content-type': 'application/json' },
  });
  const attempt = (await started.json()) as Extract<AttemptResult, { kind: 'navigate' }>;
  assert.equal(started.status, 201, JSON.stringify(attempt));
  const alias = new URL(attempt.url).searchParams.get('ALIAS.ALIASID')!;
  return {
    sessionId: session.id,
    reference: attempt.reference,
    alias,
    returnUrl: (aliasStatus = '0') => flexReturnUrl({ alias, reference: attempt.reference, aliasStatus }),
  };
}

/** A FlexCheckout return signed with the test account's SHA-OUT: a VISA ending 1111, kept permanently. */
export function flexReturnUrl(fields: { alias: string; reference: string; aliasStatus?: string }): string {
  const pairs: Array<[string, string]> = [
    ['Alias.AliasId', fields.alias],
    ['Card.Brand', 'VISA'],
    ['Card.CardNumber', 'XXXXXXXXXXXX1111'],
    ['Card.ExpiryDate', '1230'],
    ['Alias.OrderId', fields.reference],
    ['Alias.Status', fields.aliasStatus ?? '0'],
    ['Alias.StorePermanently', 'Y'],
  ];
  const signature = flexRequestSignature(Object.fromEntries(pairs), { passphrase: TEST_ENV.OGONE_SHA_OUT, algorithm: 'sha512' });
  return `/payment/flex/return?${new URLSearchParams([...pairs, ['SHASign', signature]]).toString()}`;
}
