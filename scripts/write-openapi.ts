/**
 * Writes the merchant API's OpenAPI 3.1 document (server/api-docs/openapi.ts, the same one
 * `GET /api/openapi.json` serves) into the build, for tools that read it from the package or
 * a CI artefact rather than from a running server.
 *
 *   node --import tsx scripts/write-openapi.ts [out-file]   (default server/dist/openapi.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../server/api-docs/openapi.ts';
import { packageVersion } from '../server/api-docs/routes.ts';

const out = path.resolve(process.argv[2] ?? new URL('../server/dist/openapi.json', import.meta.url).pathname);
const document = openApiDocument(packageVersion());
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(
  `wrote ${path.relative(process.cwd(), out)}: ${Object.keys(document.paths).length} paths, version ${String((document.info as { version: string }).version)}`,
);
