/**
 * A Batch upload refused as a FILE with NCERROR 50001111 is not a deletion.
 *
 * docs/ogone-protocol.md §10 "Deletion, our side": "NCERROR 0 on the file and its line confirms;
 * so does 50001111 on the line (the platform no longer knows the alias)". Alias Manager guide §3.5:
 * an unknown alias is 50001111 `Alias "…" not Found`. 50001111 is the platform's generic "data
 * validation error", and the sandbox answers a file it refused with it (" no FILE", " the file is
 * not ASCII"). Read anywhere as "already gone", such a refusal deleted the card here and sent
 * `alias.deleted` while the alias stayed stored, and chargeable, at the platform.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readBatchAnswer } from '../../../server/aliases/batch-delete.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';

let running: RunningSandbox;
before(async () => {
  running = await startSandbox({ ...SANDBOX_ACCOUNT });
});
after(() => running.close());

async function upload(file: string): Promise<string> {
  const form = new FormData();
  for (const [name, value] of Object.entries({
    PSPID: SANDBOX_ACCOUNT.pspid,
    USERID: SANDBOX_ACCOUNT.userId,
    PSWD: SANDBOX_ACCOUNT.password,
    FILE_REFERENCE: 'REFUSED-FILE-1',
    REPLY_TYPE: 'XML',
    MODE: 'SYNC',
    PROCESS_MODE: 'CHECKANDPROCESS',
  }))
    form.set(name, value);
  form.set('FILE', new Blob([file], { type: 'text/plain' }), 'aliases.txt');
  return (await fetch(`${running.url}/ncol/test/AFU_agree.asp`, { method: 'POST', body: form })).text();
}

describe('a whole-file refusal (50001111 on BATCH_RESULT, no line) is not a deletion', () => {
  it("the sandbox's answer to a file it refused before reading any line is not confirmed", async () => {
    // The platform's (here the sandbox's) answer to a file it could not read: 50001111 on the
    // file, no LINE at all — nothing was deleted.
    const xml = await upload('');
    assert.match(xml, /<BATCH_RESULT [^>]*NCERROR="50001111"/, xml);
    assert.doesNotMatch(xml, /<LINE /, xml);
    const result = readBatchAnswer(xml);
    assert.equal(result.confirmed, false, `a refused file must be retried, got ${JSON.stringify(result)} for ${xml}`);
  });

  it('a non-ASCII file refused as a whole (§14 "the sandbox refuses the whole file with 50001111") is not confirmed', async () => {
    const xml = await upload(`DELALIAS;Café-123;;;;;${SANDBOX_ACCOUNT.pspid};\r\n`);
    assert.match(xml, /not ASCII/, xml);
    const result = readBatchAnswer(xml);
    assert.equal(result.confirmed, false, `a refused file must be retried, got ${JSON.stringify(result)} for ${xml}`);
  });

  it('a line refused with 50001111 for another reason than an unknown alias is not confirmed either', () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<BATCH_RESULT FILE_REFERENCE="F-1" NCERROR="0" NCERRORPLUS="!" LINES="1">',
      '<LINE NUMBER="1" OPERATION="DELALIAS" ALIAS="" NCERROR="50001111" NCERRORPLUS=" no ALIAS"/>',
      '</BATCH_RESULT>',
    ].join('\n');
    assert.equal(readBatchAnswer(xml).confirmed, false);
  });

  it('a line answered 50001111 Alias "…" not Found (§3.5) confirms: nothing left to delete', () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<BATCH_RESULT FILE_REFERENCE="F-2" NCERROR="0" NCERRORPLUS="!" LINES="1">',
      '<LINE NUMBER="1" OPERATION="DELALIAS" ALIAS="OC-1" NCERROR="50001111" NCERRORPLUS="Alias &quot;OC-1&quot; not Found"/>',
      '</BATCH_RESULT>',
    ].join('\n');
    assert.deepEqual(readBatchAnswer(xml), { confirmed: true, alreadyGone: true });
  });
});
