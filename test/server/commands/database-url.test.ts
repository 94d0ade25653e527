/**
 * `serve` checks DATABASE_URL before it opens anything and refuses with one line naming the
 * setting. `migrate`, `backup` and `restore` read it without the whole configuration
 * (db/backup.ts databaseLocation) and took any value: an unreadable one said `cannot migrate:
 * Invalid URL`, naming nothing, and a mysql:// URL was opened as PostgreSQL (review r660). They
 * now refuse it as serve does — naming DATABASE_URL, never printing its password, exit 2, before
 * any connection.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../server/commands/index.ts';
import { TEST_ENV } from '../../support/accounts.ts';

async function run(argv: string[], databaseUrl: string): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const io = { stdout: () => {}, stderr: (line: string) => void err.push(line) };
  const code = await main(argv, { ...TEST_ENV, DATABASE_URL: databaseUrl }, io);
  return { code, err: err.join('\n') };
}

describe('migrate, backup and restore with a DATABASE_URL serve refuses', () => {
  for (const url of ['postgres://shop:Migr4te-Pw@127.0.0.1:99999/test', 'mysql://shop:Migr4te-Pw@127.0.0.1:5432/test']) {
    const shown = url.replace(/:[^:@/]*@/, ':***@');
    it(`migrate --dry-run, ${shown}: one line naming DATABASE_URL, exit 2, no password`, async () => {
      const { code, err } = await run(['migrate', '--dry-run'], url);
      assert.equal(code, 2, err);
      assert.match(err, /^ogone-checkout migrate: DATABASE_URL (must be a postgres|is not a URL PostgreSQL can read)/);
      assert.ok(!err.includes('Migr4te-Pw'), err);
    });

    it(`backup, ${shown}: refused alike, nothing written`, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'oc-backup-url-'));
      try {
        const target = path.join(dir, 'copy.sqlite');
        const { code, err } = await run(['backup', '--to', target], url);
        assert.equal(code, 2, err);
        assert.match(err, /DATABASE_URL/);
        assert.ok(!err.includes('Migr4te-Pw'), err);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
