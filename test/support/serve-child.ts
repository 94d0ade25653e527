/** Runs `ogone-checkout serve` in a child process, as the CLI would. */
import { serveCommand } from '../../server/commands/serve.ts';

process.exitCode = await serveCommand(process.argv.slice(2), process.env);
