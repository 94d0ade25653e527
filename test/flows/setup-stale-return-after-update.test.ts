/**
 * Review r1050. The signed FlexCheckout link submitted twice (two tabs, or Back then Save again before
 * the first redirect loaded): the first submit stores card X …0200 (Alias.Status 0), the second updates
 * the same alias to card Y …1111 (Alias.Status 2). The newer return (Y) is loaded first: Y — the card the
 * alias holds — is verified and saved, and the shopper told so. The older return (X, Status 0)
 * then loads: it describes a card the alias no longer holds, and nothing changed at the platform.
 * It must change nothing: the verified card Y stays saved. Instead setup-return.ts takes it for a
 * card replacing the verified one and forgets the alias that holds the verified card.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFlowServer, type FlowServer } from './helpers.ts';
import { events, land, navigate, setupSession, typeCard, SUCCESS } from './setup-helpers.ts';

describe('an older FlexCheckout return after the newer one was verified', () => {
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite');
  });
  after(() => flow?.close());

  it('does not forget the card the alias holds and that was verified', async () => {
    const customerId = 'cust-r1050-stale';
    const id = await setupSession(flow, customerId);
    const attempt = await navigate(flow, id);
    const older = await typeCard(attempt.url, '4000000000000200');
    const newer = await typeCard(attempt.url, '4111111111111111');
    assert.equal(new URL(older).searchParams.get('Alias.Status'), '0');
    assert.equal(new URL(newer).searchParams.get('Alias.Status'), '2');
    const saved = await land(newer);
    assert.equal(saved.location, `${SUCCESS}&reference=${attempt.reference}`, saved.text);
    const before = (await flow.api(`/api/customers/${customerId}/aliases`)).body.data as Array<{ last4: string }>;
    assert.deepEqual(
      before.map((a) => a.last4),
      ['1111'],
    );
    // The older return loads late (its tab was slow): the alias at the platform still holds 4111…1111.
    const late = await land(older);
    const after = (await flow.api(`/api/customers/${customerId}/aliases`)).body.data as Array<{ last4: string }>;
    const deleted = await events(flow, 'alias.deleted');
    assert.deepEqual(
      { saved: after.map((a) => a.last4), deletedEvents: deleted.length, lateLanding: late.location },
      { saved: ['1111'], deletedEvents: 0, lateLanding: `${SUCCESS}&reference=${attempt.reference}` },
      'the verified card the alias holds was forgotten because an older return showed the card it held before',
    );
  });
});
