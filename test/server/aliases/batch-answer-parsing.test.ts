/**
 * Reading the Batch answer (server/aliases/batch-delete.ts). The guides do not print it
 * (docs/ogone-protocol.md §14) and the platform spells these names `NCError` elsewhere (the Alias
 * Gateway's redirect): a line written `NCError="…"` must be read, or the file's own NCERROR 0 is
 * taken as the confirmation — a refused line confirmed the deletion, the card forgotten here while
 * the alias stayed chargeable at the platform. And `Alias "…" not Found` with its quotes written
 * as character references (&#34; / &#x22;), valid XML for the same text, is an alias already
 * gone — not a refusal retried for ever. Nor are attributes in single quotes, or a raw `>` inside
 * an attribute value (XML 1.0 §2.3), a reason to skip a refused line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readBatchAnswer } from '../../../server/aliases/batch-delete.ts';

describe('reading the Batch answer', () => {
  it('a refused line spelt NCError="…" is not a confirmed deletion', () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<BATCH_RESULT FILE_REFERENCE="DEL-alias_1-1" NCERROR="0" NCERRORPLUS="!" LINES="1">',
      '<LINE NUMBER="1" OPERATION="DELALIAS" ALIAS="OC-1" NCError="50001119" NCErrorPlus="Incorrect password or user not authorized"/>',
      '</BATCH_RESULT>',
    ].join('\n');
    const result = readBatchAnswer(xml);
    assert.equal(result.confirmed, false, `a line refused 50001119 was read as ${JSON.stringify(result)}`);
  });

  it('a line refused for its form (50001111 " no ALIAS"), its names in lower case, is not a confirmed deletion', () => {
    const xml = '<BATCH_RESULT NCERROR="0" NCERRORPLUS="!"><LINE NUMBER="1" ncerror="50001111" ncerrorplus=" no ALIAS"/></BATCH_RESULT>';
    const result = readBatchAnswer(xml);
    assert.equal(result.confirmed, false, `a line refused for its form was read as ${JSON.stringify(result)}`);
  });

  it('Alias "…" not Found with its quotes as character references is an alias already gone', () => {
    for (const quote of ['&#34;', '&#x22;']) {
      const xml = `<BATCH_RESULT NCERROR="0" NCERRORPLUS="!"><LINE NUMBER="1" NCERROR="50001111" NCERRORPLUS="Alias ${quote}OC-1${quote} not Found"/></BATCH_RESULT>`;
      assert.deepEqual(readBatchAnswer(xml), { confirmed: true, alreadyGone: true }, `quotes written ${quote}`);
    }
  });

  it('a refused line whose attributes are single-quoted is not a confirmed deletion', () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<BATCH_RESULT FILE_REFERENCE="DEL-alias_1-1" NCERROR="0" NCERRORPLUS="!" LINES="1">',
      "<LINE NUMBER='1' OPERATION='DELALIAS' ALIAS='OC-1' NCERROR='50001119' NCERRORPLUS='Incorrect password or user not authorized'/>",
      '</BATCH_RESULT>',
    ].join('\n');
    const result = readBatchAnswer(xml);
    assert.equal(result.confirmed, false, `a line refused 50001119 was read as ${JSON.stringify(result)}`);
  });

  it('a refused line whose NCERRORPLUS (before NCERROR) holds a raw ">" is not a confirmed deletion', () => {
    const xml = [
      '<BATCH_RESULT NCERROR="0" NCERRORPLUS="!" LINES="1">',
      '<LINE NUMBER="1" NCERRORPLUS="unknown field ED=12/30 -> line refused" NCERROR="50001111"/>',
      '</BATCH_RESULT>',
    ].join('\n');
    const result = readBatchAnswer(xml);
    assert.equal(result.confirmed, false, `a line refused 50001111 was read as ${JSON.stringify(result)}`);
  });
});
