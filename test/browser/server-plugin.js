/**
 * A @web/test-runner plugin that runs the REAL ogone-checkout server (server/start-server.ts, sandbox mode,
 * SQLite in a temporary folder) for the browser tests, and the widget bundle as `vite build` makes
 * it. Tests talk to it through `executeServerCommand('oc-…')` (see ./server-commands.ts):
 *
 * - `oc-server`            → `{ url, origin }` of the shared server (or of a named one)
 * - `oc-create-session`    → the merchant API's `POST /api/checkout-sessions` (bearer key)
 * - `oc-create-button`     → `POST /api/buttons`
 * - `oc-get-session`       → `GET /api/checkout-sessions/:id` (with its transactions)
 * - `oc-get-transaction`   → `GET /api/transactions/:reference`
 * - `oc-pay-session`       → a shopper paying on the sandbox's hosted page (from Node)
 * - `oc-post-hosted-page`  → posts form fields to the hosted page, says what it answered
 * - `oc-start-server` / `oc-stop-server` / `oc-advance-clock` → servers of one test (a clock to
 *   move for expiry, a tight rate limit, one to stop for "network down", one whose
 *   `allowedOrigins` leave the test page out for a CORS refusal)
 * - `oc-break-database`    → renames a table of a test's own server: its next queries fail (a real 500)
 * - `oc-frame-html`        → the HTML of a (cross-origin) iframe of the test page, read through
 *   the browser driver: puppeteer for Chromium and Firefox, WebDriver for WebKit
 *
 * It also serves, on the test runner's own origin, the built bundle at `/__bundle/ogone-checkout.js`
 * and the fixture pages under `/test/browser/fixtures/` with a strict Content-Security-Policy.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const API_KEY = 'sk_browser_tests_0123456789abcdef';
export const STRICT_CSP = "script-src 'self'; style-src 'self'";
const BUNDLE_PATH = '/__bundle/ogone-checkout.js';
const FIXTURES = '/test/browser/fixtures/';

/** The document of the iframe matching `selector`, whatever its origin, through the driver. */
async function frameHtml(session, selector) {
  const launcher = session.browser;
  if (typeof launcher.getPage === 'function') {
    const page = launcher.getPage(session.id);
    const handle = await page.$(selector);
    const frame = await handle?.contentFrame();
    if (!frame) throw new Error(`no frame for ${selector}`);
    return frame.content();
  }
  const driver = launcher.driver;
  if (!driver) throw new Error(`no driver to read frames in ${launcher.name}`);
  const element = await driver.findElement('css selector', selector);
  await driver.switchFrame(element);
  try {
    // Not getPageSource(): WebKitWebDriver answers it with the top document even inside a frame.
    return await driver.execute('return document.documentElement.outerHTML');
  } finally {
    await driver.switchFrame(null);
  }
}

/** Strips the form's hidden inputs out of an HTML page (the sandbox's card page). */
function hiddenInputs(html) {
  const fields = {};
  for (const match of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = match[0];
    if (!/type="hidden"/.test(tag)) continue;
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (name)
      fields[name] = value
        .replace(/&amp;/g, '&')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>');
  }
  return fields;
}

function pageTitle(html) {
  return /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() ?? '';
}

export function serverPlugin() {
  /** name → { running, dataDir, clock } */
  const servers = new Map();
  let startServer;
  let bundleDir;
  let origins = [];

  async function start(name, options = {}) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'oc-browser-'));
    let offset = 0;
    const clock = { now: () => new Date(Date.now() + offset), advance: (ms) => (offset += ms) };
    const running = await startServer({
      env: {
        OGONE_ENVIRONMENT: 'sandbox',
        DATA_DIR: dataDir,
        MERCHANT_API_KEYS: API_KEY,
        // A test may leave the test page's own origin out, as a shop that forgot to list its site.
        ALLOWED_ORIGINS: (options.allowedOrigins ?? origins).join(','),
        MERCHANT_NAME: 'Browser test shop',
        LOG_LEVEL: 'silent',
      },
      port: 0,
      host: '127.0.0.1',
      quiet: true,
      clock,
      widgetDistDir: bundleDir,
      // The suite makes a few hundred requests a minute from one address; a test asks for a tight limit.
      rateLimit: { windowMs: 60_000, limit: options.rateLimit ?? 100_000 },
    });
    const entry = { running, dataDir, clock };
    servers.set(name, entry);
    return entry;
  }

  async function stop(name) {
    const entry = servers.get(name);
    if (!entry) return false;
    servers.delete(name);
    await entry.running.close();
    await rm(entry.dataDir, { recursive: true, force: true });
    return true;
  }

  function server(name) {
    const entry = servers.get(name ?? 'main');
    if (!entry) throw new Error(`no test server named ${JSON.stringify(name)}`);
    return entry;
  }

  async function api(name, method, pathname, body) {
    const response = await fetch(server(name).running.url + pathname, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => null);
    if (!response.ok) throw new Error(`${method} ${pathname} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  }

  /** Posts urlencoded fields like a browser form; returns the status and the page. */
  async function postForm(action, fields, redirect = 'manual') {
    const response = await fetch(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect,
    });
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }

  /** What a shopper does on the hosted page: opens it with the signed fields, pays with a test card. */
  async function payOnHostedPage(attempt, { cardNumber = '4111111111111111', saveCard = false } = {}) {
    const page = await postForm(attempt.action, attempt.fields);
    if (page.status !== 200) throw new Error(`the hosted page refused the request (${page.status}): ${pageTitle(page.html)}`);
    const hidden = hiddenInputs(page.html);
    const formAction = /<form\b[^>]*action="([^"]+)"/.exec(page.html)?.[1];
    if (!formAction || !hidden.TOKEN) throw new Error('no card form on the hosted page');
    const payUrl = new URL(formAction.replace(/&amp;/g, '&'), attempt.action).href;
    const paid = await postForm(payUrl, {
      ...hidden,
      CARDNO: cardNumber,
      ED: '12/39',
      CVC: '123',
      CN: 'Test Shopper',
      ACTION: 'pay',
      ...(saveCard ? { ALIAS_STORE: 'Y' } : {}),
    });
    return paid;
  }

  return {
    name: 'ogone-checkout-server',

    async serverStart({ config }) {
      const port = config.port;
      origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
      if (config.hostname && !['localhost', '127.0.0.1'].includes(config.hostname)) origins.push(`http://${config.hostname}:${port}`);
      // The bundle exactly as `npm run build` makes it, in a folder of this run only.
      bundleDir = await mkdtemp(path.join(tmpdir(), 'oc-bundle-'));
      const { build } = await import('vite');
      await build({
        root: ROOT,
        configFile: path.join(ROOT, 'vite.config.ts'),
        logLevel: 'silent',
        build: { outDir: bundleDir, emptyOutDir: true },
      });
      ({ startServer } = await tsImport('../../server/start-server.ts', import.meta.url));
      await start('main');
    },

    async serverStop() {
      for (const name of [...servers.keys()]) await stop(name);
      if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
    },

    async serve(context) {
      if (context.path === BUNDLE_PATH) {
        return { body: await readFile(path.join(bundleDir, 'ogone-checkout.js'), 'utf8'), type: 'js' };
      }
      if (context.path.startsWith(FIXTURES) && context.path.endsWith('.html')) {
        const file = path.join(ROOT, context.path);
        if (!file.startsWith(path.join(ROOT, 'test', 'browser', 'fixtures'))) return undefined;
        return {
          body: await readFile(file, 'utf8'),
          type: 'html',
          headers: { 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store' },
        };
      }
      return undefined;
    },

    async executeCommand({ command, payload = {}, session }) {
      if (!command.startsWith('oc-')) return undefined;
      // Servers a test starts are its own: named after the browser so engines never share one.
      const own = (name) => (name ? `${session.browser.name}:${session.id}:${name}` : undefined);
      const name = own(payload.server);
      switch (command) {
        case 'oc-browser':
          return { browser: session.browser.name };
        case 'oc-server': {
          const { running } = server(name);
          return { url: running.url, origins };
        }
        case 'oc-start-server': {
          await stop(name);
          const { running } = await start(name, payload);
          return { url: running.url };
        }
        case 'oc-stop-server':
          return { stopped: await stop(name) };
        case 'oc-advance-clock':
          server(name).clock.advance(payload.ms);
          return { advanced: payload.ms };
        case 'oc-create-session':
          return api(name, 'POST', '/api/checkout-sessions', payload.session);
        case 'oc-create-button':
          return api(name, 'POST', '/api/buttons', payload.button);
        case 'oc-get-session':
          return api(name, 'GET', `/api/checkout-sessions/${encodeURIComponent(payload.id)}`);
        case 'oc-get-transaction':
          return api(name, 'GET', `/api/transactions/${encodeURIComponent(payload.reference)}`);
        case 'oc-pay-session': {
          const base = server(name).running.url;
          const response = await fetch(`${base}/checkout/sessions/${encodeURIComponent(payload.id)}/attempts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ saveCard: Boolean(payload.saveCard), locale: 'en' }),
          });
          const attempt = await response.json();
          if (response.status !== 201 || attempt.kind !== 'redirect') throw new Error(`no hosted-page attempt: ${JSON.stringify(attempt)}`);
          const paid = await payOnHostedPage(attempt, payload);
          return { reference: attempt.reference, status: paid.status, location: paid.location };
        }
        case 'oc-break-database': {
          if (!name || !/^[a-z_]+$/.test(payload.table ?? ''))
            throw new Error('oc-break-database needs a server of the test and a table name');
          const { default: Database } = await import('better-sqlite3');
          const db = new Database(path.join(server(name).dataDir, 'ogone-checkout.sqlite'));
          try {
            db.exec(`ALTER TABLE ${payload.table} RENAME TO ${payload.table}_broken`);
          } finally {
            db.close();
          }
          return { broken: payload.table };
        }
        case 'oc-frame-html':
          return { html: await frameHtml(session, payload.selector) };
        case 'oc-post-hosted-page': {
          const page = await postForm(payload.action, payload.fields);
          return {
            status: page.status,
            title: pageTitle(page.html),
            cardForm: /name="CARDNO"/.test(page.html),
            unknownOrder: /unknown order\/[01]\/s/.test(page.html),
            text: page.html
              .replace(/<[^>]+>/g, ' ')
              .replace(/\s+/g, ' ')
              .slice(0, 2000),
          };
        }
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}
