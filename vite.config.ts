/**
 * `vite build`: the widget as one ES module, Lit inside, for `<script type="module" src=".../ogone-checkout.js">`.
 * Written to widget/dist/ (shipped by @ogone-checkout/widget, copied into server/dist/widget/ for
 * the server to serve); bundler users import the package's ES modules instead.
 */
import { defineConfig } from 'vite';
import { minifyLitLiterals } from './widget/build/minify-literals.ts';
import { stripLitVersionsPlugin } from './widget/build/strip-lit-versions.ts';

export default defineConfig({
  // Nothing from public/ and no HTML: a library build only.
  publicDir: false,
  plugins: [minifyLitLiterals(), stripLitVersionsPlugin()],
  build: {
    lib: {
      entry: 'widget/index.ts',
      formats: ['es'],
      fileName: () => 'ogone-checkout.js',
    },
    outDir: 'widget/dist',
    // widget/dist/ also holds the ES modules tsc emits; only our file is (re)written.
    emptyOutDir: false,
    // Every engine we test (and Safari 16.4+) runs ES2022 natively: no down-levelling bloat.
    target: 'es2022',
    minify: true,
    sourcemap: false,
    reportCompressedSize: true,
    rolldownOptions: {
      output: {
        codeSplitting: false,
        minify: true,
        // A finished bundle has no use for /* @__PURE__ */ marks or comments. Lit's BSD-3-Clause
        // notice ships with the npm package (node_modules/lit/LICENSE), as with any minified Lit build.
        comments: false,
      },
    },
  },
});
