/**
 * The Batch DELALIAS line against the Alias Manager guide (alias-manager-guide-fr.txt),
 * §6.2 "Spécifications":
 *   "Le fichier doit être un fichier ASCII et ne peut contenir qu'une ligne par alias. Les champs
 *    doivent être séparés par un point-virgule (";"), et ne peuvent pas contenir de
 *    point-virgules eux-mêmes."
 *   field 2 "ALIAS AN(50)", field 7 "PSPID AN(30)".
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deleteAliasLine } from '../../../server/aliases/batch-delete.ts';
import { SANDBOX_ACCOUNT } from '../../support/accounts.ts';
import { startSandbox, type RunningSandbox } from '../../support/sandbox.ts';

describe('our DELALIAS line (server/aliases/batch-delete.ts)', () => {
  it('keeps the guide example shape: DELALIAS;<alias>;;;;;<PSPID>; (§6.2 example "ADDALIAS;Customer123;John Doe;XXXXXXXXXXXX1111;1012;VISA;JDoeSHOP;")', () => {
    assert.equal(deleteAliasLine('Customer123', 'JDoeSHOP'), 'DELALIAS;Customer123;;;;;JDoeSHOP;');
  });
  it('refuses an alias that cannot go into an ASCII file (§6.2 "Le fichier doit être un fichier ASCII")', () => {
    assert.throws(() => deleteAliasLine('Café-123', 'JDoeSHOP'));
  });
  it('refuses an alias longer than AN(50) (§6.2 field 2 "ALIAS AN(50)")', () => {
    assert.throws(() => deleteAliasLine('A'.repeat(51), 'JDoeSHOP'));
  });
  it('refuses a PSPID longer than AN(30) (§6.2 field 7 "PSPID AN(30)")', () => {
    assert.throws(() => deleteAliasLine('Customer123', 'P'.repeat(31)));
  });
});

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
    FILE_REFERENCE: 'REV-1',
    REPLY_TYPE: 'XML',
    MODE: 'SYNC',
    PROCESS_MODE: 'CHECKANDPROCESS',
  }))
    form.set(name, value);
  form.set('FILE', new Blob([file], { type: 'text/plain' }), 'aliases.txt');
  return (await fetch(`${running.url}/ncol/test/AFU_agree.asp`, { method: 'POST', body: form })).text();
}

describe('the sandbox Batch upload (server/sandbox/batch/alias-file.ts)', () => {
  it('refuses a non-ASCII file as a whole, our code 50001111 (§6.2 "Le fichier doit être un fichier ASCII")', async () => {
    const xml = await upload(`DELALIAS;Café-123;;;;;${SANDBOX_ACCOUNT.pspid};\r\n`);
    const fileCode = /<BATCH_RESULT [^>]*NCERROR="([^"]*)"/.exec(xml)?.[1];
    assert.equal(fileCode, '50001111', xml);
    assert.match(xml, /not ASCII/);
  });
});
