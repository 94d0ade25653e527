/**
 * A Vite plugin that drops Lit's version registration — `(globalThis.litHtmlVersions ??= [])
 * .push("3.3.3")` and its lit-element and reactive-element twins — from the widget's bundle.
 * Nothing in a production page reads those arrays (Lit's development build uses them to warn
 * about two copies; crawlers count Lit's usage by them), and the three statements cost bytes of
 * the 12 KB gzipped budget. A Lit release that writes them differently is left as it is: the
 * bundle-size test then says so.
 *
 * It also empties the texts of the errors Lit throws when it is misused (a CSSResult built by
 * hand, a template that did not come from the `html` tag): the widget never does either, and the
 * two texts cost ~50 bytes gzipped. The errors themselves are still thrown.
 *
 * And it unplugs Lit's hooks for its polyfill support (ShadyDOM, for browsers without shadow DOM,
 * which cannot run this ES2022 bundle anyway) and for SSR hydration (the widget is never rendered
 * on a server): a page that loads either for its own components would otherwise patch the
 * widget's copy of Lit too. ~80 bytes gzipped.
 *
 * And it takes adoptedStyleSheets as given: Lit's fallback for browsers without constructable
 * stylesheets (a `<style>` element per stylesheet) is never reached by a browser that runs this
 * ES2022 bundle and is maintained, and a page's `style-src 'self'` (which the widget supports)
 * would block those elements anyway. The minifier then drops the fallback. ~150 bytes gzipped.
 */
import type { Plugin } from 'vite';

const REGISTRATION = /,?\(\w+\.(?:litHtml|litElement|reactiveElement)Versions\s*\?\?=\s*\[\]\)\.push\((["'])[\d.]+\1\)/g;

const ERROR_TEXT = /\bthrow Error\((["'])(?:(?!\1).)*\1\)/g;

// Removed, not replaced by `void 0` as the polyfill hooks are: the minifier turns `void 0?.(…)` into
// a call of 0.
const HYDRATE = /,?\b\w+\.litElementHydrateSupport\?\.\(\{\w+:\w+\}\)/g;

const POLYFILLS = /\b\w+\.(?:litElement|litHtml|reactiveElement)PolyfillSupport\b/g;

// Lit's `supportsAdoptingStyleSheets`, in its minified build.
const ADOPTING =
  /\b(\w+)\.ShadowRoot&&\(void 0===\1\.ShadyCSS\|\|\1\.ShadyCSS\.nativeShadow\)&&"adoptedStyleSheets"in Document\.prototype&&"replace"in CSSStyleSheet\.prototype/;

export function stripLitVersions(text: string): string {
  return text
    .replace(REGISTRATION, '')
    .replace(ERROR_TEXT, 'throw Error()')
    .replace(HYDRATE, '')
    .replace(POLYFILLS, 'void 0')
    .replace(ADOPTING, '!0');
}

export function stripLitVersionsPlugin(options: { include?: RegExp } = {}): Plugin {
  const include = options.include ?? /\/node_modules\/(?:lit-html|lit-element|@lit\/reactive-element)\/[^?]*\.js$/;
  return {
    name: 'ogone-checkout:strip-lit-versions',
    apply: 'build',
    transform(code, id) {
      if (!include.test(id)) return null;
      const stripped = stripLitVersions(code);
      return stripped === code ? null : { code: stripped, map: null };
    },
  };
}
