/**
 * An Ogone ALIAS (a saved card's token: with it, DirectLink charges the card) never reaches a log
 * line in clear; a line about it shows its last 4 characters only, enough to tell cards apart.
 * Found in review: the DirectLink client's `directlink request` line (and its `directlink call
 * failed` line) logged the alias of a saved-card order whole, and so did the sandbox's Batch
 * DELALIAS line.
 *
 * A real server in sandbox mode, its log collected: a card saved on the hosted page, charged by
 * the merchant (a DirectLink order with ALIAS), then forgotten (a Batch DELALIAS). And a DELALIAS
 * refused with a text that echoes the alias: its reason is logged (and kept as the deletion's
 * last error) with the alias's last 4 characters only.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readBatchAnswer } from '../../../server/aliases/batch-delete.ts';
import { createLogger } from '../../../server/logger.ts';
import { logCollector } from '../../support/logs.ts';
import { eventually } from '../../support/waiting.ts';
import { saveCard, startFlowServer, type FlowServer } from '../../flows/helpers.ts';

describe('a saved card charged and forgotten', { timeout: 120_000 }, () => {
  const logs: string[] = [];
  let flow: FlowServer;
  before(async () => {
    flow = await startFlowServer('sqlite', { logger: createLogger({ level: 'debug', destination: logCollector(logs) }) });
  });
  after(() => flow?.close());

  it('logs its alias by its last 4 characters, never whole', async () => {
    const card = await saveCard(flow, 'cust-alias-log', '4111111111111111');
    const stored = ((await (await fetch(`${flow.url}/sandbox/aliases`)).json()) as { aliases: Array<{ alias: string }> }).aliases;
    assert.equal(stored.length, 1);
    const alias = stored[0]!.alias;

    const charge = await flow.api(`/api/aliases/${card}/charges`, { amount: 1234, currency: 'EUR', reference: 'ALIAS-LOG-1' });
    assert.equal(charge.status, 201, JSON.stringify(charge.body));
    const forgotten = await flow.api(`/api/aliases/${card}`, 'DELETE');
    assert.ok(forgotten.status === 200 || forgotten.status === 202, JSON.stringify(forgotten.body));
    await eventually(
      async () => logs.some((line) => line.includes('Batch DELALIAS')),
      (seen) => seen,
      'the sandbox deleted the alias',
    );

    const order = logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line['msg'] === 'directlink request' && line['orderId'] === 'ALIAS-LOG-1');
    assert.ok(order, 'the charge is logged');
    assert.equal(order['alias'], `…${alias.slice(-4)}`, "the charge names its card by the alias's last 4 characters");
    const naming = logs.filter((line) => line.includes(alias));
    assert.deepEqual(naming, [], `log lines show the alias ${alias.slice(0, 5)}… whole`);
  });

  it('a DELALIAS refusal echoing the alias gives a reason that names it by its last 4 characters', () => {
    const alias = 'OC-9QF3ZK7M2XWB8HNTC4RD';
    const xml = `<BATCH_RESULT NCERROR="0" NCERRORPLUS="!"><LINE NUMBER="1" NCERROR="50001111" NCERRORPLUS="Alias &quot;${alias}&quot; is locked"/></BATCH_RESULT>`;
    const result = readBatchAnswer(xml, 'a-password', alias);
    assert.equal(result.confirmed, false);
    assert.ok(!result.confirmed && result.reason.includes('"…C4RD" is locked'), JSON.stringify(result));
    assert.ok(!JSON.stringify(result).includes(alias), JSON.stringify(result));
  });
});
