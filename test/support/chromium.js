// Debian's Chromium as every browser test here launches it (plain JS so the web-test-runner
// config can import it too). As root it needs --no-sandbox; the background-networking flags keep
// it from reaching for Google's hosts, which this machine's closed network refuses.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
