/**
 * `npx cem analyze` run in widget/: the custom-elements manifest (custom-elements.json) of
 * <ogone-checkout> — its attributes, properties, events, slots, CSS parts and custom properties,
 * read from the element's JSDoc and its Lit `static properties`. Editors and frameworks read it
 * through `customElements` in package.json.
 */
/** `ogone-checkout/x.ts`, `./x.ts` or `/x.ts` → `dist/…/x.js`; a bare name (`lit`) stays. */
const published = (path) => (/\.ts$/.test(path) ? `dist/${path.replace(/^\.?\//, '').replace(/\.ts$/, '.js')}` : path);

export default {
  globs: ['index.ts', 'ogone-checkout/ogone-checkout.ts'],
  exclude: ['**/*.test.ts', 'dist/**', 'build/**'],
  // CEM_OUTDIR (relative to widget/): where test/widget/manifest.test.ts regenerates it.
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  // package.json's `customElements` field is written by hand (the packages' own file).
  packagejson: false,
  plugins: [
    {
      name: 'ogone-checkout-private-state',
      // Lit's internal reactive state (`_p`, `_v`…, `state: true`) is not API: keep it out.
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          // Paths of the published package: its compiled modules (`index.ts` → `dist/index.js`),
          // not the sources, which it does not ship. (The analyzer also writes the definition's
          // module as "/ogone-checkout/…", with a leading slash.)
          module.path = published(module.path);
          for (const entry of module.exports ?? []) {
            if (entry.declaration?.module) entry.declaration.module = published(entry.declaration.module);
          }
          // Only what the module exports (the analyzer also lists local variables of the class body).
          const exported = new Set((module.exports ?? []).map((entry) => entry.declaration?.name));
          module.declarations = (module.declarations ?? []).filter((declaration) => exported.has(declaration.name));
          for (const declaration of module.declarations) {
            const isPublic = (item) => item.name && item.privacy !== 'private' && !/^[_#]/.test(item.name);
            for (const list of ['members', 'attributes', 'events']) {
              // Events: the dispatch helper's `ogone-checkout-${name}` has no literal name; the
              // JSDoc @event tags list each one.
              if (declaration[list]) declaration[list] = declaration[list].filter(isPublic);
            }
          }
        }
      },
    },
  ],
};
