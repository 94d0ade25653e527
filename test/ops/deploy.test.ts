/**
 * The deployment guide's files as they stand (issue 15, "Deployment guide"): docs/deploy.md's
 * systemd unit passes `systemd-analyze verify` and keeps its hardening, its environment file
 * holds every required setting and no unknown name and is a configuration the server accepts once
 * its public change-me placeholders are replaced (refused in production as they stand),
 * and its PostgreSQL statements, run with psql against a real PostgreSQL, make a role that can
 * migrate its database. Several instances behind one address: two signers on one PostgreSQL
 * database behind the documented nginx site (its second upstream line), both serving, and the
 * requests still answered while one is stopped. (TRUST_PROXY through the same site:
 * test/security/trust-proxy.test.ts.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { collectConfigErrors, parseServerConfig } from '../../server/config/env.ts';
import { parseHttpSettings } from '../../server/config/http-settings.ts';
import { parseLogFormat } from '../../server/config/log-format.ts';
import { SETTINGS } from '../../server/config/settings.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { migrateToLatest } from '../../server/db/migrations.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { SCALE_SANDBOX_ACCOUNT, serverEnv } from '../support/accounts.ts';
import { createTestDatabase, POSTGRES_ADMIN_URL, type TestDatabase } from '../support/databases.ts';
import { api } from '../support/merchant.ts';
import { getThroughNginx, NGINX_SKIP, startNginxSite, type RunningNginx } from '../support/nginx.ts';
import { startSandbox, type RunningSandbox } from '../support/sandbox.ts';
import { logInto } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUIDE = path.join(ROOT, 'docs/deploy.md');
const UNIT = path.join(ROOT, 'docs/deploy/ogone-checkout.service');
const ENV_FILE = path.join(ROOT, 'docs/deploy/ogone-checkout.env.example');

const found = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim() || undefined;
const SYSTEMD_ANALYZE = found('systemd-analyze');
const PSQL = found('psql');

/** `Key=value` lines of a unit file, every value of a key repeated. */
function unitEntries(text: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) entries.set(match[1]!, [...(entries.get(match[1]!) ?? []), match[2]!]);
  }
  return entries;
}

/** `systemd-analyze verify` on a copy of `text`: it exits 0 even when it complains, so stderr is the verdict. */
async function verifyUnit(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'oc-unit-'));
  try {
    const file = path.join(dir, 'ogone-checkout.service');
    await writeFile(file, text);
    const result = spawnSync(SYSTEMD_ANALYZE!, ['verify', file], { encoding: 'utf8' });
    return result.stderr.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the environment file', () => {
  it('holds every required setting and no name the settings table does not know', async () => {
    const text = await readFile(ENV_FILE, 'utf8');
    const set = Object.keys(parseEnv(text));
    // Commented-out examples (`# DATABASE_URL=…`) must be real names too.
    const mentioned = [...text.matchAll(/^#\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!);
    const known = SETTINGS.map((entry) => entry.name as string);
    assert.deepEqual(
      [...set, ...mentioned].filter((name) => !known.includes(name)),
      [],
      'names not in server/config/settings.ts',
    );
    const required = SETTINGS.filter((entry) => entry.default.startsWith('required')).map((entry) => entry.name as string);
    assert.ok(required.length >= 6, `the table marks the required settings (${required.join(', ')})`);
    assert.deepEqual(
      required.filter((name) => !set.includes(name)),
      [],
      'required settings missing',
    );
  });

  it('is refused as it stands, each public change-me placeholder named', async () => {
    const env = parseEnv(await readFile(ENV_FILE, 'utf8'));
    assert.deepEqual(
      collectConfigErrors(env).map((error) => error.variable),
      ['OGONE_PSPID', 'OGONE_USER_ID', 'OGONE_PASSWORD', 'OGONE_SHA_IN', 'OGONE_SHA_OUT', 'MERCHANT_API_KEYS', 'WEBHOOK_SECRET'],
    );
    assert.throws(() => parseServerConfig(env), /^ConfigError: OGONE_PSPID: still holds the example file's change-me placeholder/);
  });

  it('is a production configuration the server accepts once its change-me values are replaced', async () => {
    // Same lengths: the file's hints (16 to 32 characters, at least 24) still hold.
    const env = parseEnv((await readFile(ENV_FILE, 'utf8')).replaceAll('=change-me', '=own-value'));
    const config = parseServerConfig(env);
    assert.equal(config.provider.environment, 'production');
    assert.equal(config.publicUrl, 'https://pay.example.com');
    assert.equal(config.host, '127.0.0.1', 'behind nginx: loopback only');
    assert.equal(parseLogFormat(env), 'json');
    assert.equal(parseHttpSettings(env).trustProxy.trust('127.0.0.1', 0), true, 'nginx on this host is trusted');
  });
});

describe('the systemd unit', () => {
  it('keeps the hardening, reads the environment file and outlasts SHUTDOWN_GRACE_SECONDS', async () => {
    const unit = unitEntries(await readFile(UNIT, 'utf8'));
    const env = parseEnv(await readFile(ENV_FILE, 'utf8'));
    const one = (key: string) => {
      const values = unit.get(key) ?? [];
      assert.equal(values.length, 1, `${key}= once`);
      return values[0]!;
    };
    assert.ok(one('DynamicUser') === 'yes' || unit.has('User'), 'DynamicUser=yes or a dedicated User=');
    assert.equal(one('ProtectSystem'), 'strict');
    assert.equal(one('NoNewPrivileges'), 'yes');
    assert.equal(one('PrivateTmp'), 'yes');
    assert.equal(one('Restart'), 'on-failure');
    assert.deepEqual(one('RestrictAddressFamilies').split(/\s+/).sort(), ['AF_INET', 'AF_INET6', 'AF_UNIX']);
    assert.equal(one('EnvironmentFile'), '/etc/ogone-checkout/ogone-checkout.env');
    assert.match(one('ExecStart'), /bin\/ogone-checkout\.js serve$/);
    // The node flags of bin/ogone-checkout.js's shebang (`env -S node --flags`), which ExecStart bypasses.
    const shebang = (await readFile(path.join(ROOT, 'bin/ogone-checkout.js'), 'utf8')).split('\n')[0]!;
    const flags = shebang.split(/\s+/).filter((word) => word.startsWith('--'));
    assert.ok(flags.length > 0, shebang);
    for (const flag of flags) assert.ok(one('ExecStart').split(/\s+/).includes(flag), `ExecStart passes ${flag}`);
    assert.ok(one('ReadWritePaths').split(/\s+/).includes(env.DATA_DIR!), `ReadWritePaths has DATA_DIR (${env.DATA_DIR})`);
    assert.equal(`/var/lib/${one('StateDirectory')}`, env.DATA_DIR, 'DATA_DIR is the unit state directory');
    const timeout = Number(/^(\d+)s?$/.exec(one('TimeoutStopSec'))?.[1]);
    const grace = Number(env.SHUTDOWN_GRACE_SECONDS);
    assert.ok(timeout > grace, `TimeoutStopSec (${timeout}) > SHUTDOWN_GRACE_SECONDS (${grace})`);
  });

  it(
    'passes systemd-analyze verify without a complaint',
    { skip: SYSTEMD_ANALYZE ? false : 'systemd-analyze is not installed (it comes with systemd)' },
    async () => {
      const text = await readFile(UNIT, 'utf8');
      assert.equal(await verifyUnit(text), '');
      // The check can fail here: a misspelt key is reported (on stderr, with exit 0).
      assert.match(await verifyUnit(text.replace('PrivateTmp=yes', 'PrivateTemp=yes')), /Unknown key 'PrivateTemp'|PrivateTemp/);
    },
  );
});

describe('the PostgreSQL role and database of docs/deploy.md', () => {
  it(
    'psql runs the statements; the role alone can then migrate its database',
    { skip: PSQL ? false : 'psql is not installed (apt-get install postgresql-client)' },
    async () => {
      const guide = await readFile(GUIDE, 'utf8');
      const blocks = [...guide.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => match[1]!);
      assert.equal(blocks.length, 1, 'docs/deploy.md has one sql block');
      // A name of this run's own, so parallel runs and a real ogone_checkout never meet.
      const name = `oc_deploy_${randomBytes(4).toString('hex')}`;
      const dir = await mkdtemp(path.join(tmpdir(), 'oc-sql-'));
      const file = path.join(dir, 'role.sql');
      await writeFile(file, blocks[0]!.replaceAll('ogone_checkout', name));
      const at = (databaseName?: string) => {
        const url = new URL(POSTGRES_ADMIN_URL);
        if (databaseName) url.pathname = `/${databaseName}`;
        return url.toString();
      };
      const psql = (url: string, ...args: string[]) =>
        spawnSync(PSQL!, [url, '-v', 'ON_ERROR_STOP=1', '-q', ...args], { encoding: 'utf8' });
      try {
        const created = psql(at(), '-f', file);
        assert.equal(created.status, 0, created.stderr);
        const url = new URL(POSTGRES_ADMIN_URL);
        url.username = name;
        url.password = 'change-me';
        url.pathname = `/${name}`;
        const database = openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
        try {
          const applied = await migrateToLatest(database.db);
          assert.ok(applied.length > 0, 'the migrations ran as the role');
        } finally {
          await database.close();
        }
        const owner = psql(at(name), '-tAc', "select distinct tableowner from pg_tables where schemaname = 'public'");
        assert.equal(owner.stdout.trim(), name, 'the tables belong to the role');
      } finally {
        psql(at(), '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        psql(at(), '-c', `DROP ROLE IF EXISTS ${name}`);
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('several instances behind one address (nginx upstream, PostgreSQL)', { skip: NGINX_SKIP }, () => {
  let database: TestDatabase;
  let sandbox: RunningSandbox;
  let nginx: RunningNginx | undefined;
  const servers: RunningServer[] = [];
  const logs: string[][] = [[], []];

  before(async () => {
    database = await createTestDatabase('postgres');
    sandbox = await startSandbox({ ...SCALE_SANDBOX_ACCOUNT });
    // One after the other: the first applies the migrations, the second finds them applied.
    for (const lines of logs) {
      const env = serverEnv(sandbox.url, { ...database.env, TRUST_PROXY: '127.0.0.1', PUBLIC_URL: 'https://pay.example.com' });
      servers.push(await startServer({ env, port: 0, host: '127.0.0.1', logger: logInto(lines) }));
    }
    nginx = await startNginxSite(servers.map((server) => Number(new URL(server.url).port)));
  });

  after(async () => {
    await nginx?.close();
    for (const server of servers) await server.close();
    await sandbox?.close();
    await database?.drop();
  });

  /** How many requests for `path` each instance logged. */
  const served = (path: string) =>
    logs.map(
      (lines) =>
        lines
          .map((line) => JSON.parse(line) as { msg: string; path?: string })
          .filter((line) => line.msg === 'request' && line.path === path).length,
    );

  it('spreads requests over both instances, which share the database, and keeps answering while one stops', async () => {
    const created = await api(servers[0]!.url, '/api/checkout-sessions', {
      json: { amount: 1999, currency: 'EUR', successUrl: 'https://shop.example.com/thanks', failureUrl: 'https://shop.example.com/cart' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const path = `/checkout/sessions/${created.body.id as string}`;
    for (let i = 0; i < 6; i++) assert.equal((await getThroughNginx(`${nginx!.url}${path}`)).status, 200, `request ${i + 1}`);
    const [first, second] = served(path);
    assert.ok(first! > 0 && second! > 0, `both instances served the session made on the first (${first}, ${second})`);

    await servers[0]!.close();
    const before = served(path);
    for (let i = 0; i < 4; i++)
      assert.equal((await getThroughNginx(`${nginx!.url}${path}`)).status, 200, `with one instance stopped, request ${i + 1}`);
    const after = served(path);
    assert.equal(after[0], before[0], 'the stopped instance got nothing');
    assert.equal(after[1]! - before[1]!, 4, 'the other answered every request');
  });
});
