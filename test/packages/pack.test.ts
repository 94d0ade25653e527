/**
 * The three packages as users install them (issue 14): each workspace packed by npm, the
 * tarballs installed by npm into temporary projects, then used the way each audience does —
 * plain Node ESM (a merchant's backend verifying a webhook), a strict NodeNext `tsc` (a
 * TypeScript front end using the element's properties and events), a Vite build (a front end
 * that wants the widget alone) and the CLI (an operator's `npx ogone-checkout serve`).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signatureHeader } from '../../server/webhooks/signature.ts';
import { ensureBuilt, installProject, packAll, ROOT, type Tarball } from './install.ts';

const SECRET = 'whsec_pack_test_0123456789abcdef';

let work: string;
let tarballs: Tarball[];
/** All three packages. */
let full: string;
/** The widget alone (and lit, all it depends on), as a front-end build installs it. */
let widgetOnly: string;

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}\n${result.stderr}` };
}

function tarball(name: string): Tarball {
  const found = tarballs.find((entry) => entry.name === name);
  assert.ok(found, `${name} was packed`);
  return found;
}

describe('the packed packages, installed from their tarballs', { timeout: 600_000 }, () => {
  before(() => {
    ensureBuilt();
    work = mkdtempSync(path.join(tmpdir(), 'ogone-checkout-pack-'));
    tarballs = packAll(path.join(work, 'tarballs'));
    full = path.join(work, 'full');
    // @types/react, at the repository's version: the React consumer of the tsc test.
    const react = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@types/react/package.json'), 'utf8')) as { version: string };
    installProject(full, tarballs, [`@types/react@${react.version}`]);
    widgetOnly = path.join(work, 'widget-only');
    installProject(widgetOnly, [tarball('@ogone-checkout/widget')]);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('packs three packages with no TypeScript source and no test file', () => {
    assert.deepEqual(tarballs.map((entry) => entry.name).sort(), ['@ogone-checkout/shared', '@ogone-checkout/widget', 'ogone-checkout']);
    for (const entry of tarballs) {
      const offending = entry.files
        .map((file) => file.path)
        .filter((file) => (/\.(c|m)?ts$/.test(file) && !file.endsWith('.d.ts')) || /\.test\./.test(file));
      assert.deepEqual(offending, [], `${entry.name} ships sources or tests`);
      for (const required of ['package.json', 'README.md', 'LICENSE']) {
        assert.ok(
          entry.files.some((file) => file.path === required),
          `${entry.name} ships ${required}`,
        );
      }
    }
    // Editors and frameworks find the element's manifest through `customElements`.
    const widget = JSON.parse(readFileSync(path.join(ROOT, 'widget/package.json'), 'utf8')) as { customElements: string };
    assert.ok(tarball('@ogone-checkout/widget').files.some((file) => file.path === widget.customElements));
  });

  it('points every export at compiled JavaScript with its declaration file, all of them in the tarball', () => {
    for (const entry of tarballs) {
      const manifest = JSON.parse(readFileSync(path.join(ROOT, entry.workspace, 'package.json'), 'utf8')) as {
        exports: Record<string, string | { types: string; default?: string; browser?: string }>;
      };
      const shipped = new Set(entry.files.map((file) => file.path));
      for (const [subpath, target] of Object.entries(manifest.exports)) {
        if (typeof target === 'string' || subpath.includes('*')) continue;
        const code = target.default ?? target.browser ?? '';
        assert.match(code, /\.js$/, `${entry.name} ${subpath}`);
        assert.match(target.types, /\.d\.ts$/, `${entry.name} ${subpath}`);
        for (const file of [code, target.types])
          assert.ok(shipped.has(file.replace(/^\.\//, '')), `${entry.name} ${subpath}: ${file} is packed`);
      }
    }
  });

  it('plain Node ESM imports every export of every package and verifies a real webhook signature', () => {
    const body = JSON.stringify({
      id: 'evt_pack',
      type: 'payment.captured',
      created: 1_764_633_600,
      livemode: false,
      data: { reference: 'ORD-1', amount: 1999 },
    });
    const header = signatureHeader([SECRET], Math.floor(Date.now() / 1000), body);
    writeFileSync(
      path.join(full, 'check.mjs'),
      `import { readFileSync } from 'node:fs';
const found = {};
for (const name of ['@ogone-checkout/shared', '@ogone-checkout/widget', 'ogone-checkout']) {
  const manifest = JSON.parse(readFileSync(new URL('./node_modules/' + name + '/package.json', import.meta.url), 'utf8'));
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    // './*' is every module of shared (the widget's own imports use it); a browser-only entry
    // (the widget's one-file bundle) is the Vite test's and the browser's.
    if (subpath.includes('*') || subpath === './package.json' || !target.default) continue;
    const specifier = subpath === '.' ? name : name + subpath.slice(1);
    found[specifier] = Object.keys(await import(specifier)).sort();
  }
}
const { body, header, secret } = JSON.parse(process.env.DELIVERY);
const shared = await import('@ogone-checkout/shared/webhooks');
const server = await import('ogone-checkout/webhooks');
const results = {
  found,
  valid: await shared.verifyWebhookSignature({ body, header, secret }),
  viaServer: await server.verifyWebhookSignature({ body, header, secret }),
  tampered: await shared.verifyWebhookSignature({ body: body.replace('1999', '1'), header, secret }),
  wrongSecret: await shared.verifyWebhookSignature({ body, header, secret: secret + 'x' }),
};
console.log(JSON.stringify(results));
`,
    );
    const result = run(process.execPath, ['check.mjs'], full, { DELIVERY: JSON.stringify({ body, header, secret: SECRET }) });
    assert.equal(result.status, 0, result.output);
    const results = JSON.parse(result.stdout) as {
      found: Record<string, string[]>;
      valid: { valid: boolean };
      viaServer: { valid: boolean };
      tampered: { valid: boolean; reason: string };
      wrongSecret: { valid: boolean; reason: string };
    };
    assert.deepEqual(Object.keys(results.found).sort(), [
      '@ogone-checkout/shared',
      '@ogone-checkout/shared/client',
      '@ogone-checkout/shared/schemas',
      '@ogone-checkout/shared/webhooks',
      '@ogone-checkout/widget',
      '@ogone-checkout/widget/react',
      'ogone-checkout',
      'ogone-checkout/client',
      'ogone-checkout/webhooks',
    ]);
    assert.ok(results.found['@ogone-checkout/shared']!.includes('formatMinorUnits'));
    assert.ok(results.found['@ogone-checkout/shared/client']!.includes('createClient'));
    assert.ok(results.found['@ogone-checkout/shared/schemas']!.includes('createCheckoutSessionSchema'));
    assert.deepEqual(results.found['ogone-checkout/client'], results.found['@ogone-checkout/shared/client']);
    assert.deepEqual(results.found['ogone-checkout/webhooks'], results.found['@ogone-checkout/shared/webhooks']);
    assert.ok(results.found['@ogone-checkout/widget']!.includes('OgoneCheckout'));
    assert.deepEqual(results.found['ogone-checkout'], ['startServer']);
    assert.equal(results.valid.valid, true);
    assert.equal(results.viaServer.valid, true);
    assert.deepEqual(results.tampered, { valid: false, reason: 'signature mismatch' });
    assert.deepEqual(results.wrongSecret, { valid: false, reason: 'signature mismatch' });
  });

  it("a strict NodeNext tsc compiles a consumer of the element's properties, every event's detail, React 19 JSX and the server's types", () => {
    writeFileSync(
      path.join(full, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          types: [],
          noEmit: true,
          skipLibCheck: false,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          jsx: 'react-jsx',
        },
        files: ['consumer.ts', 'react-consumer.tsx'],
      }),
    );
    writeFileSync(
      path.join(full, 'consumer.ts'),
      `import { OgoneCheckout, TAG_NAME, type CheckoutErrorDetail } from '@ogone-checkout/widget';
import { formatMinorUnits, WEBHOOK_EVENT_TYPES } from '@ogone-checkout/shared';
import { verifyWebhookSignature, type WebhookVerification } from '@ogone-checkout/shared/webhooks';
import { verifyWebhookSignature as viaServer } from 'ogone-checkout/webhooks';
import { createClient } from 'ogone-checkout/client';
import { startServer, type Server } from 'ogone-checkout';

const element = document.createElement('ogone-checkout');
const typed: OgoneCheckout = element;
element.session = 'cs_123';
element.button = undefined;
element.server = 'https://pay.example.com';
element.locale = 'fr-BE';
element.disabled = false;
element.theme = 'dark';
// @ts-expect-error a session id is a string
element.session = 42;
// @ts-expect-error no such theme
element.theme = 'sepia';
const tag: 'ogone-checkout' = TAG_NAME;

element.addEventListener('ogone-checkout-ready', (event) => {
  const amount: number = event.detail.view.amount;
  const currency: string = event.detail.view.currency;
  console.log(formatMinorUnits(amount, currency, 'en-GB'));
});
element.addEventListener('ogone-checkout-submit', (event) => {
  const save: boolean = event.detail.saveCard;
  const alias: string | undefined = event.detail.aliasId;
  const quantity: number | undefined = event.detail.quantity;
  if (!save && alias === undefined && quantity === undefined) event.preventDefault();
});
element.addEventListener('ogone-checkout-redirect', (event) => {
  const reference: string = event.detail.reference;
  if ('form' in event.detail) {
    const form: HTMLFormElement = event.detail.form;
    const fields: Record<string, string> = event.detail.fields;
    console.log(reference, form.action, fields);
  } else {
    const url: string = event.detail.url;
    console.log(url);
  }
});
element.addEventListener('ogone-checkout-error', (event) => {
  const detail: CheckoutErrorDetail = event.detail;
  const status: number = detail.status;
  const field: string | undefined = detail.field;
  console.log(detail.code, detail.message, status, field);
  // @ts-expect-error no such property
  console.log(event.detail.nonsense);
});
element.addEventListener('ogone-checkout-success', (event) => {
  const state: string = event.detail.state;
  const next: string | undefined = event.detail.successUrl;
  console.log(event.detail.reference, state, next);
});
element.addEventListener('ogone-checkout-card-forgotten', (event) => {
  const alias: string = event.detail.aliasId;
  console.log(alias);
});
element.addEventListener('ogone-checkout-setup-completed', (event) => {
  const session: string = event.detail.sessionId;
  console.log(session);
});
const found: OgoneCheckout | null = document.querySelector('ogone-checkout');

export async function receive(body: string, header: string | null): Promise<boolean> {
  const check: WebhookVerification = await verifyWebhookSignature({ body, header, secret: 'whsec' });
  const again = await viaServer({ body, header, secret: 'whsec' });
  return check.valid && again.valid && WEBHOOK_EVENT_TYPES.length > 0;
}

export const client = createClient({ baseUrl: 'https://pay.example.com', apiKey: 'sk_test' });
export async function serve(): Promise<string> {
  const server: Server = await startServer({ env: { OGONE_ENVIRONMENT: 'sandbox' }, port: 0 });
  await server.close();
  return server.url;
}
console.log(typed, tag, found);
`,
    );
    writeFileSync(
      path.join(full, 'react-consumer.tsx'),
      `import type {} from '@ogone-checkout/widget/react';

export const pay = (
  <ogone-checkout
    session="cs_123"
    theme="auto"
    onogone-checkout-success={(event) => console.log(event.detail.reference, event.detail.state)}
    onogone-checkout-error={(event) => console.log(event.detail.code, event.detail.field)}
  />
);
// @ts-expect-error no such theme
export const wrong = <ogone-checkout theme="sepia" />;
`,
    );
    const result = run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], full);
    assert.equal(result.status, 0, result.output);
  });

  /*
   * Review r1232 found the published `@ogone-checkout/shared` could not be type-checked from a
   * CommonJS TypeScript backend: `import … from '@ogone-checkout/shared/webhooks'` was TS2307
   * "Cannot find module" under `"module": "commonjs"` (TypeScript's classic `node10` resolution,
   * e.g. NestJS's default tsconfig), although the code itself loads fine with `require` in Node 20.
   *
   * Defect: shared/package.json declared its entry points and their types only in `exports`; it had
   * no top-level `types`/`main` and no `typesVersions`. TypeScript's `node10` resolution — the
   * default for `"module": "commonjs"` and still what most CommonJS Node backends compile with —
   * ignores `exports`, so it found neither `@ogone-checkout/shared` nor any subpath (`/webhooks`,
   * `/client`, `/schemas`). At run time the same project works: Node 20's `require()` of these ES
   * modules succeeds (checked below), so the only thing missing was the types' location. The
   * server's package had the same gap for `ogone-checkout`, `ogone-checkout/webhooks` and `/client`.
   *
   * What a merchant suffers: README, "Install": the audience of `npm i @ogone-checkout/shared` is
   * "a merchant backend (Node 20+, …)"; a TypeScript backend compiled as CommonJS (NestJS, most
   * Express starters) could not compile `verifyWebhookSignature` or `createClient` as the README
   * shows them, and the error told it to change its whole project's module resolution.
   *
   * Expected: `tsc` of a CommonJS project importing the documented entry points succeeds.
   *
   * Fix: shared/package.json and server/package.json — a top-level `types` (and `main`), and
   * `typesVersions` mapping each subpath to its declaration file.
   */
  it('a CommonJS TypeScript backend (node10 resolution) type-checks and requires the entry points of shared and the server', () => {
    // A CommonJS package (no "type": "module"), as `npm init` makes it, using the install above.
    const backend = path.join(full, 'cjs-backend');
    mkdirSync(backend, { recursive: true });
    writeFileSync(path.join(backend, 'package.json'), JSON.stringify({ name: 'merchant-backend', version: '1.0.0', private: true }));
    const required = run(
      process.execPath,
      [
        '-e',
        "const { verifyWebhookSignature } = require('@ogone-checkout/shared/webhooks'); const { toMinorUnits } = require('@ogone-checkout/shared'); const { createClient } = require('ogone-checkout/client'); console.log(typeof verifyWebhookSignature, typeof createClient, toMinorUnits('19.99', 'EUR'))",
      ],
      backend,
    );
    assert.equal(required.status, 0, required.output);
    assert.equal(required.stdout.trim(), 'function function 1999');

    writeFileSync(
      path.join(backend, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'commonjs', target: 'es2022', strict: true, esModuleInterop: true, noEmit: true, types: [] },
        files: ['webhook.ts'],
      }),
    );
    writeFileSync(
      path.join(backend, 'webhook.ts'),
      `import { verifyWebhookSignature, type WebhookVerification } from '@ogone-checkout/shared/webhooks';
import { createClient } from '@ogone-checkout/shared/client';
import { createCheckoutSessionSchema } from '@ogone-checkout/shared/schemas';
import { toMinorUnits } from '@ogone-checkout/shared';
import { explainNcError } from '@ogone-checkout/shared/ncerror';
import { verifyWebhookSignature as viaServer } from 'ogone-checkout/webhooks';
import { createClient as viaServerClient } from 'ogone-checkout/client';
import type { Server } from 'ogone-checkout';

export async function handle(body: string, header: string | undefined, secret: string) {
  const check: WebhookVerification = await verifyWebhookSignature({ body, header, secret });
  const again = await viaServer({ body, header, secret });
  const client = createClient({ baseUrl: 'https://pay.example.com', apiKey: 'sk_test_0123456789abcdefghijklmn' });
  const other = viaServerClient({ baseUrl: 'https://pay.example.com', apiKey: 'sk_test_0123456789abcdefghijklmn' });
  const amount: number = toMinorUnits('19.99', 'EUR');
  const message: string | undefined = explainNcError('30001001')?.message;
  // @ts-expect-error the types are found, so a wrong argument is refused
  toMinorUnits(19.99, 42);
  return { check, again, client, other, amount, message, schema: createCheckoutSessionSchema };
}
export type Running = Server;
`,
    );
    const result = run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], backend);
    assert.equal(result.status, 0, `tsc failed in a CommonJS project:\n${result.output}`);
  });

  it('a Vite app builds with the widget, from an install holding no better-sqlite3, pg, hono or zod', () => {
    const installed = readdirSync(path.join(widgetOnly, 'node_modules'));
    for (const server of ['better-sqlite3', 'pg', 'hono', '@hono', 'kysely', 'pino', 'tsx', 'esbuild', 'ogone-checkout', 'zod']) {
      assert.ok(!installed.includes(server), `${server} is installed with the widget`);
    }
    assert.deepEqual(readdirSync(path.join(widgetOnly, 'node_modules/@ogone-checkout')), ['widget']);
    const app = path.join(widgetOnly, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(
      path.join(app, 'index.html'),
      '<!doctype html><title>shop</title><ogone-checkout session="cs_1"></ogone-checkout><script type="module" src="./main.js"></script>\n',
    );
    writeFileSync(path.join(app, 'main.js'), "import '@ogone-checkout/widget';\nconsole.log(customElements.get('ogone-checkout'));\n");
    const result = run(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], app);
    assert.equal(result.status, 0, result.output);
    const assets = path.join(app, 'dist', 'assets');
    const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'));
    assert.equal(scripts.length, 1, scripts.join(', '));
    const code = readFileSync(path.join(assets, scripts[0]!), 'utf8');
    assert.match(code, /ogone-checkout/);
    // zod stays out: the widget imports only types from shared's schemas.
    assert.ok(code.length < 80_000, `${code.length} bytes`);
  });

  it('npx ogone-checkout serve from the install answers /readyz', async () => {
    const data = path.join(work, 'data');
    const child = spawn('npx', ['--no-install', 'ogone-checkout', 'serve'], {
      cwd: full,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: data,
        OGONE_ENVIRONMENT: 'sandbox',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "listening on" within 20 s:\n${stderr}`)), 20_000);
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          const found = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${stderr}`)));
      });
      const response = await fetch(`${url}/readyz`);
      assert.equal(response.status, 200, await response.clone().text());
      // The installed CLI runs the bundle: the widget and the dashboard's prebuilt module are there.
      assert.equal((await fetch(`${url}/ogone-checkout.js`)).status, 200);
      assert.ok(existsSync(path.join(full, 'node_modules/ogone-checkout/dist/browser/dashboard/client/main.js')));
      const dashboardModule = await fetch(`${url}/dashboard/dashboard.js`);
      assert.equal(dashboardModule.status, 200);
      assert.match(dashboardModule.headers.get('content-type') ?? '', /javascript/);
      assert.equal((await fetch(`${url}/dashboard/dashboard.css`)).status, 200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
