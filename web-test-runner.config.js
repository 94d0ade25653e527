/**
 * `npm run test:browser`: the widget's tests in Chromium, Firefox ESR and WebKit (WebKitGTK), the
 * Debian builds (scripts/ensure-system.sh installs them), against a real ogone-checkout server
 * started by ./test/browser/server-plugin.js.
 *
 * OC_BROWSERS=chromium,firefox limits the engines (all three by default).
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { serverPlugin } from './test/browser/server-plugin.js';
import { webkitLauncher } from './test/browser/webkit-launcher.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/support/chromium.js';

const launchers = {
  chromium: () => chromeLauncher({ launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS } }),
  // puppeteer-core drives Debian's Firefox ESR over WebDriver BiDi.
  firefox: () =>
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true },
    }),
  webkit: () => webkitLauncher(),
};

const wanted = (process.env.OC_BROWSERS ?? 'chromium,firefox,webkit')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
for (const name of wanted) {
  if (!launchers[name]) throw new Error(`OC_BROWSERS: unknown browser ${JSON.stringify(name)} (chromium, firefox, webkit)`);
}

export default {
  rootDir: '.',
  files: ['widget/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: true,
  browsers: wanted.map((name) => launchers[name]()),
  // One test file at a time per browser: keyboard and mouse commands over WebDriver need it, and
  // the machine has two cores for three engines.
  concurrency: 1,
  concurrentBrowsers: 3,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 60_000,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'auto', tsconfig: 'tsconfig.json' }), serverPlugin()],
  // Lit announces its development build once per page; nothing to act on.
  filterBrowserLogs: ({ args }) => !args.some((arg) => typeof arg === 'string' && arg.includes('Lit is in dev mode')),
};
