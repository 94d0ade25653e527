/**
 * WebKit (WebKitGTK's MiniBrowser from Debian) for @web/test-runner, with nothing to start by
 * hand: `initialize()` starts an X server (Xvfb, only when DISPLAY is unset — MiniBrowser has no
 * headless mode) and `WebKitWebDriver` on a free port, `stop()` ends both. Each capability below
 * says why it is needed.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { WebdriverLauncher } from '@web/test-runner-webdriver';

const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on the first free display; resolves with ":N" once it accepts clients. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    // -displayfd: Xvfb picks a free display and writes its number to fd 3 once it is ready.
    const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.stdio[3].on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve({ child, display: `:${output.trim()}` });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code} before it was ready: ${errors.trim()}`)));
  });
}

async function waitForDriver(port, child) {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 100 && !exited; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver did not answer on port ${port}`);
}

export class WebKitLauncher extends WebdriverLauncher {
  constructor() {
    super({
      automationProtocol: 'webdriver',
      hostname: '127.0.0.1',
      port: 4444,
      path: '/',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        // WebKitWebDriver drives the MiniBrowser Debian's webkit2gtk-driver ships, in automation mode.
        // WebKitGTK has no WebDriver BiDi; without this the session is refused.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      },
    });
    this.processes = [];
  }

  async initialize(config, testFiles) {
    let display = process.env.DISPLAY;
    if (!display) {
      const xvfb = await startXvfb();
      this.processes.push(xvfb.child);
      display = xvfb.display;
    }
    const port = await freePort();
    const driver = spawn('WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore', env: { ...process.env, DISPLAY: display } });
    this.processes.push(driver);
    await waitForDriver(port, driver);
    this.options.port = port;
    await super.initialize(config, testFiles);
    // A readable name in the report instead of "MiniBrowser".
    this.name = 'WebKit';
  }

  async stop() {
    await super.stop();
    for (const child of this.processes.reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      }
    }
    this.processes = [];
  }
}

export function webkitLauncher() {
  return new WebKitLauncher();
}
