/**
 * An amount past JavaScript's safe integers — 9007199254740992 (2^53), an integer in the JSON the
 * merchant sent — on a saved-card charge, a capture or a refund, and in the DirectLink requests'
 * own schemas: refused with a 400 naming `amount` that gives the limit ("at most …"), as an amount
 * past Ogone's 15-digit AMOUNT is (docs/ogone-protocol.md §2 "Length"), never called "not an
 * integer". Review r1362 found it: zod 4's `.int()` refuses unsafe integers with a too_big issue
 * that carried the custom "integer number of minor units" message.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maintenanceRequestSchema, newOrderRequestSchema } from '../../../server/directlink/requests.ts';
import { useTestApp } from '../../support/app.ts';

describe('an amount of 2^53 minor units', () => {
  const t = useTestApp('sqlite');

  const send = async (path: string, body: string) => {
    const response = await t.api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, body: (await response.json()) as { error?: { field?: string; message?: string } } };
  };

  it('is refused naming amount and its limit, as 10^15 is', async () => {
    const tooLarge = await send('/api/aliases/al_nope/charges', '{"amount": 1000000000000000, "currency": "EUR"}');
    assert.match(tooLarge.body.error?.message ?? '', /at most 999999999999999 for EUR/, 'precondition: how the limit is said');
    const answers = {
      charge: await send('/api/aliases/al_nope/charges', '{"amount": 9007199254740992, "currency": "EUR"}'),
      capture: await send('/api/transactions/NO-SUCH-ORDER/capture', '{"amount": 9007199254740992}'),
      refund: await send('/api/transactions/NO-SUCH-ORDER/refund', '{"amount": 9007199254740992}'),
    };
    const problems = Object.entries(answers)
      .filter(([, a]) => a.status !== 400 || a.body.error?.field !== 'amount' || !/at most/.test(a.body.error?.message ?? ''))
      .map(([what, a]) => `${what}: ${a.status} ${JSON.stringify(a.body)}`);
    assert.deepEqual(problems, [], '9007199254740992 is an integer: the answer must give the limit it passed, not call it a non-integer');
  });

  it('is refused by the DirectLink schemas with the limit, not as a non-integer', () => {
    const order = newOrderRequestSchema.safeParse({ orderId: 'ORDER-1', amount: 9007199254740992, currency: 'EUR', operation: 'RES' });
    const maintenance = maintenanceRequestSchema.safeParse({ orderId: 'ORDER-1', operation: 'SAL', amount: 9007199254740992 });
    for (const [what, parsed] of [
      ['new order', order],
      ['maintenance', maintenance],
    ] as const) {
      const issue = parsed.error?.issues.find((candidate) => candidate.path[0] === 'amount');
      assert.match(issue?.message ?? '', /^amount must be at most /, what);
    }
    const fraction = newOrderRequestSchema.safeParse({ orderId: 'ORDER-1', amount: 19.99, currency: 'EUR', operation: 'RES' });
    assert.match(fraction.error?.issues[0]?.message ?? '', /integer number of minor units/, 'a fraction is still called so');
  });
});
