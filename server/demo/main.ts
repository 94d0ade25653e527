/**
 * `npm start` — the demo shop, the signer server and the Ogone sandbox on http://localhost:8787
 * (see run.ts). A bad setting prints one line naming it and exits 2; Ctrl+C stops cleanly.
 */
import { ConfigError } from '../config/env.ts';
import { startDemo } from './run.ts';

try {
  const demo = await startDemo({ env: process.env, print: (text) => process.stdout.write(text + '\n') });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`ogone-checkout demo: ${error.message}\n`);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    process.stderr.write(`ogone-checkout demo: the port is already in use; set PORT to another one (PORT=8788 npm start)\n`);
    process.exit(2);
  }
  throw error;
}
