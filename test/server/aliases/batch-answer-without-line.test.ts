/**
 * Found by review r760: a Batch answer that said nothing of our DELALIAS line was read as a
 * confirmed deletion. readBatchAnswer (server/aliases/batch-delete.ts) confirmed whenever no NCERROR
 * of the answer was a refusal, so a file accepted (NCERROR 0) with no line result at all — the line
 * not processed, processed later, or not read as a line — marked the card deleted here and sent
 * `alias.deleted`, never retried, while the alias could stay stored at the platform.
 *
 * Now expected (docs/ogone-protocol.md §10: "NCERROR 0 on the file and its line confirms"; §14
 * "Aliases — deletion answer"): only a line-level result (a `LINE` element's NCERROR 0, or 50001111
 * `Alias "…" not Found`) confirms; an answer without one is not confirmed and the deletion is
 * retried (a second DELALIAS is harmless). batch-file-refusal.test.ts covers a file refused
 * without a line; this, a file accepted without one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readBatchAnswer } from '../../../server/aliases/batch-delete.ts';

describe('a Batch answer with the file accepted and no line result', () => {
  it('is not a confirmed deletion', () => {
    const answer = [
      '<?xml version="1.0"?>',
      '<BATCH_RESULT FILE_REFERENCE="DEL-alias_1-1" NCERROR="0" NCERRORPLUS="!" LINES="0">',
      '</BATCH_RESULT>',
    ].join('\n');
    const result = readBatchAnswer(answer);
    assert.equal(result.confirmed, false, `read as ${JSON.stringify(result)}: the line DELALIAS;… was never reported deleted`);
  });

  it('control: the same answer with its line answered 0 (or Alias "…" not Found) confirms', () => {
    const line = (code: string, plus: string) =>
      [
        '<BATCH_RESULT FILE_REFERENCE="DEL-alias_1-1" NCERROR="0" NCERRORPLUS="!" LINES="1">',
        `<LINE NUMBER="1" OPERATION="DELALIAS" ALIAS="OC-1" NCERROR="${code}" NCERRORPLUS="${plus}"/>`,
        '</BATCH_RESULT>',
      ].join('\n');
    assert.deepEqual(readBatchAnswer(line('0', '!')), { confirmed: true, alreadyGone: false });
    assert.deepEqual(readBatchAnswer(line('50001111', 'Alias &quot;OC-1&quot; not Found')), { confirmed: true, alreadyGone: true });
    // Its result as elements inside the line counts as the line's.
    assert.deepEqual(readBatchAnswer('<RESULT><NCERROR>0</NCERROR><LINE><NCERROR>0</NCERROR></LINE></RESULT>'), {
      confirmed: true,
      alreadyGone: false,
    });
  });

  it('nor is a file result given as elements, outside any line', () => {
    const result = readBatchAnswer('<RESULT><NCERROR>0</NCERROR><NCERRORPLUS>!</NCERRORPLUS></RESULT>');
    assert.equal(result.confirmed, false, `read as ${JSON.stringify(result)}`);
  });

  it('nor is a self-closing file result without lines', () => {
    const result = readBatchAnswer('<BATCH_RESULT FILE_REFERENCE="DEL-alias_1-1" NCERROR="0" NCERRORPLUS="!"/>');
    assert.equal(result.confirmed, false, `read as ${JSON.stringify(result)}`);
  });
});
