// `npm run build`: the three packages' compiled output, each in its own dist/ (nothing the
// installed packages run is compiled at run time):
// - shared/dist: @ogone-checkout/shared as ES modules + .d.ts + source maps (tsc);
// - widget/dist: the element's ES modules + .d.ts (tsc, with the few zod-free shared modules it
//   imports: its package depends on lit alone) and the one-file bundle ogone-checkout.js (Vite)
//   for the script tag;
// - server/dist: the server bundle (scripts/build-server.mjs), the dashboard's and the demo
//   shop's browser modules, the dashboard's stylesheet, a copy of the widget bundle and the
//   merchant API's openapi.json.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (exit ${result.status})`);
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

/** A relative import of a `.ts` module in a declaration file becomes `.js`, as in the emitted JS. */
function declarationSpecifiers(text) {
  return text.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1$2.js$3');
}

// Each package ships the project's licence (copies, not committed: .gitignore).
for (const workspace of ['shared', 'widget', 'server']) cpSync(path.join(ROOT, 'LICENSE'), path.join(ROOT, workspace, 'LICENSE'));

// shared ------------------------------------------------------------------------------------
const sharedDist = path.join(ROOT, 'shared', 'dist');
rmSync(sharedDist, { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build-shared.json']);
for (const file of files(sharedDist)) {
  if (file.endsWith('.d.ts')) writeFileSync(file, declarationSpecifiers(readFileSync(file, 'utf8')));
}

// widget ------------------------------------------------------------------------------------
const widgetDist = path.join(ROOT, 'widget', 'dist');
rmSync(widgetDist, { recursive: true, force: true });
const scratch = mkdtempSync(path.join(tmpdir(), 'ogone-checkout-widget-'));
try {
  run(bin('tsc'), ['-p', 'tsconfig.build-widget.json', '--outDir', scratch]);
  // scratch/widget/** → widget/dist/**; the few shared modules the element imports (money,
  // status, the public checkout view: no zod) come along as widget/dist/shared/**, so the
  // package needs lit alone. Relative imports are recomputed for the new places.
  const placeOf = (file) => {
    const relative = path.relative(scratch, file);
    return path.join(widgetDist, relative.startsWith(`widget${path.sep}`) ? path.relative('widget', relative) : relative);
  };
  for (const file of files(scratch)) {
    const target = placeOf(file);
    mkdirSync(path.dirname(target), { recursive: true });
    let text = readFileSync(file, 'utf8');
    if (file.endsWith('.map')) {
      // Sources are inlined; their names are made relative to the file's new place.
      const map = JSON.parse(text);
      map.sources = map.sources.map((source) => path.relative(path.dirname(target), path.resolve(path.dirname(file), source)));
      text = JSON.stringify(map);
    } else {
      if (file.endsWith('.d.ts')) text = declarationSpecifiers(text);
      text = text.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\2/g, (whole, keyword, quote, specifier) => {
        const moved = path.relative(path.dirname(target), placeOf(path.resolve(path.dirname(file), specifier)));
        return `${keyword}${quote}${moved.startsWith('.') ? moved : `./${moved}`}${quote}`;
      });
      if (/from\s*['"]zod['"]/.test(text)) throw new Error(`${target} imports zod: the widget may import only zod-free shared modules`);
    }
    writeFileSync(target, text);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
run(bin('vite'), ['build', '--logLevel', 'warn']);

// server ------------------------------------------------------------------------------------
run(process.execPath, ['scripts/build-server.mjs']);
checkAscii(path.join(ROOT, 'server', 'dist', 'server.cjs'));
// The merchant API's OpenAPI document, from the same zod schemas (scripts/write-openapi.ts).
run(process.execPath, ['--import', 'tsx', 'scripts/write-openapi.ts']);
const serverDist = path.join(ROOT, 'server', 'dist');
mkdirSync(path.join(serverDist, 'widget'), { recursive: true });
cpSync(path.join(widgetDist, 'ogone-checkout.js'), path.join(serverDist, 'widget', 'ogone-checkout.js'));
mkdirSync(path.join(serverDist, 'dashboard'), { recursive: true });
cpSync(path.join(ROOT, 'server', 'dashboard', 'dashboard.css'), path.join(serverDist, 'dashboard', 'dashboard.css'));
const total = [...files(serverDist)].reduce((sum, file) => sum + statSync(file).size, 0);
console.log(`server/dist: ${(total / 1024).toFixed(0)} KB in all`);

/**
 * The server bundle must be pure ASCII: V8 keeps a script's source as one byte a character only
 * when every character fits, so one "—" makes it hold all of server.cjs two bytes a character
 * (1.5 MB more, and slower to read on every cold start, issue 17). esbuild escapes non-ASCII
 * text in strings and regular expressions (its default `charset: 'ascii'`), but not in a tagged
 * template (html`…`): the tag can read the raw text, so it is kept as written. Such text is
 * written with \u escapes in the source; this names the source file of any that slips in.
 */
function checkAscii(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found = [];
  lines.forEach((line, index) => {
    for (const match of line.matchAll(/[\u0080-\u{10ffff}]/gu)) found.push({ line: index, column: match.index, character: match[0] });
  });
  if (found.length === 0) return;
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const sourceOf = (at) => {
    const segment = mappingsOf(map.mappings)[at.line]?.findLast((s) => s.column <= at.column);
    if (!segment) return 'an unknown source';
    return `${path.relative(ROOT, path.resolve(path.dirname(file), map.sources[segment.source]))}:${segment.sourceLine + 1}`;
  };
  const report = found.slice(0, 20).map((at) => {
    const code = at.character.codePointAt(0).toString(16).padStart(4, '0');
    return `  "${at.character}" (\\u${code}) in the string or template starting at ${sourceOf(at)}`;
  });
  throw new Error(
    `${path.relative(ROOT, file)} holds ${found.length} non-ASCII character(s); write them as \\u escapes:\n${report.join('\n')}`,
  );
}

/** A source map's mappings, decoded (base64 VLQ): per generated line, its segments' generated column, source and source line. */
function mappingsOf(mappings) {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const state = [0, 0, 0, 0, 0];
  return mappings.split(';').map((line) => {
    state[0] = 0;
    return line
      .split(',')
      .filter(Boolean)
      .map((segment) => {
        let field = 0;
        let value = 0;
        let shift = 0;
        for (const char of segment) {
          const digit = digits.indexOf(char);
          value += (digit & 31) << shift;
          if (digit & 32) {
            shift += 5;
            continue;
          }
          state[field++] += value & 1 ? -(value >>> 1) : value >>> 1;
          value = 0;
          shift = 0;
        }
        return { column: state[0], source: state[1], sourceLine: state[2] };
      });
  });
}
