/**
 * Found by review r1599 (2026-12-07), now fixed.
 *
 * What is wrong: shared/client/index.ts types `transactions.list` (and `listAll`) as
 * `Page<Transaction>`, i.e. shared/schemas/resources.ts `transactionSchema`. The server's
 * GET /api/transactions now answers `transactionListItemSchema` items (transactionSchema extended
 * with `openOperations` and `restCancelled`), and the OpenAPI document and README "Merchant API"
 * describe both ("the dashboard's rows offer no action the server would refuse"). The typed
 * merchant client (`ogone-checkout/client`) does not know the fields its own server sends.
 *
 * Why it matters: a merchant's TypeScript backend that does what the README describes, reading a
 * row's `openOperations` (what an open capture holds back) or `restCancelled` (nothing more can be
 * captured) before offering or sending a capture, refund or void, does not compile against the
 * client. It must cast the value or leave the check out, and then sends operations the server
 * refuses with 409 (or, cast wrongly, misreads what money is held back).
 *
 * Expectation: code reading `openOperations` and `restCancelled` from `client.transactions.list()`
 * items type-checks against the client's declarations.
 *
 * The fix: shared/client/index.ts types transactions.list as Page<TransactionListItem>
 * (shared/schemas/resources.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const CLIENT = path.resolve(import.meta.dirname, '../../../shared/client/index.ts');

describe('the typed client knows the list items the server sends', () => {
  it('openOperations and restCancelled of a GET /api/transactions item type-check', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'r1595-client-'));
    try {
      const file = path.join(dir, 'merchant.ts');
      writeFileSync(
        file,
        `import { createClient } from ${JSON.stringify(CLIENT)};
const client = createClient({ baseUrl: 'https://pay.example.com', apiKey: 'k' });
export async function capturable(): Promise<number> {
  const page = await client.transactions.list({ state: 'authorized' });
  let total = 0;
  for (const row of page.data) {
    if (row.restCancelled) continue;
    const held = row.openOperations.filter((op) => op.kind === 'capture').reduce((sum, op) => sum + op.amount, 0);
    total += row.amount - row.capturedAmount - held;
  }
  return total;
}
`,
      );
      const program = ts.createProgram([file], {
        noEmit: true,
        strict: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        allowImportingTsExtensions: true,
        types: [],
      });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file?.fileName === file)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
      assert.deepEqual(errors, [], 'a merchant reading the documented list fields does not compile against ogone-checkout/client');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
