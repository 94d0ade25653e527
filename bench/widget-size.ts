/** Size of everything the `<ogone-checkout>` tag loads: the one ES module Vite builds. */
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface WidgetSize {
  file: string;
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  targetGzipBytes: number;
}

export function measureWidget(file = new URL('../widget/dist/ogone-checkout.js', import.meta.url)): WidgetSize | { skipped: string } {
  if (!existsSync(file)) return { skipped: 'widget/dist/ogone-checkout.js is missing: run `npm run build` first' };
  const code = readFileSync(file);
  return {
    file: 'widget/dist/ogone-checkout.js',
    rawBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    brotliBytes: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    targetGzipBytes: 12 * 1024,
  };
}
