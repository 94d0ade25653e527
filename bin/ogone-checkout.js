#!/usr/bin/env node
// Entry point of `npx ogone-checkout`: the sources are TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
