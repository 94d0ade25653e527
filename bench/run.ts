/**
 * `npm run bench`: every speed and size target of the project, measured side by side in one run.
 * Prints a table and writes bench/results.json. Targets are reported, never asserted in tests.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { runSignatureBench } from './signature.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`ogone-checkout benchmark — ${machine}\n`);

  const signature = runSignatureBench();
  console.log(`Signature (SHA-512, ${signature.parameters}-parameter hosted-page request)`);
  console.log(`  our composer (filter, order, concatenate, hash): ${fmt(signature.composerPerSecond)} signatures/s`);
  console.log(`  bare crypto.createHash over the pre-built string: ${fmt(signature.bareHashPerSecond)} hashes/s`);
  console.log(`  ratio: ${signature.ratio.toFixed(2)} (target ≥ ${signature.target}) ${signature.ratio >= signature.target ? 'OK' : 'BELOW TARGET'}\n`);

  mkdirSync(new URL('.', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ machine, date: new Date().toISOString(), signature }, null, 2) + '\n');
}

await main();
