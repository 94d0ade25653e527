/** The build step that strips indentation from Lit's html`` and css`` templates. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minifyCss, minifyHtml, minifyLitLiterals } from '../../widget/build/minify-literals.ts';
import { stripLitVersions } from '../../widget/build/strip-lit-versions.ts';

test('html: indentation between tags goes, text on one line keeps its spaces', () => {
  assert.equal(minifyHtml('\n  <p part="a">\n    <b>Pay now</b>\n  </p>\n'), '<p part=a><b>Pay now</b></p>');
  // Text after a tag keeps one space (rendering collapses it at the start of a line).
  assert.equal(minifyHtml('<label>\n      Save my card'), '<label> Save my card');
  assert.equal(minifyHtml('Pay  €'), 'Pay  €');
  // Between text and an expression, a line break is still a space.
  assert.equal(minifyHtml('Total:\n    '), 'Total: ');
});

test('css: comments, indentation and spaces around punctuation go; selectors keep their combinators', () => {
  assert.equal(
    minifyCss(`
      /* theme */
      :host([theme=dark]) {
        --_text: var(--x, #fff);
        padding: 0.25em 0.5em;
      }
      [part=error] p,
      .a > .b {
        margin: 0;
      }
    `),
    ':host([theme=dark]){--_text:var(--x,#fff);padding:.25em .5em}[part=error] p,.a>.b{margin:0}',
  );
});

test('the plugin rewrites only html and css tagged templates of the widget', () => {
  const plugin = minifyLitLiterals();
  const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
  const source = 'const a = html`\n  <p>\n    hi\n  </p>\n`; const b = css`\n  p {\n    color: red;\n  }\n`; const c = `\n  keep\n`;';
  const out = transform.call({}, source, '/repo/widget/x.ts');
  assert.equal(out?.code, 'const a = html`<p> hi </p>`; const b = css`p{color:red}`; const c = `\n  keep\n`;');
  assert.equal(transform.call({}, source, '/repo/server/x.ts'), null);
});

test('html: a quoted value of letters, digits and hyphens loses its quotes, unless "/" or anything else could join it', () => {
  assert.equal(minifyHtml('<input part="saved-card" type="radio" name="card" />'), '<input part=saved-card type=radio name=card />');
  // A "/" right after would become part of the value; spaces, quotes and "=" need the quotes.
  assert.equal(minifyHtml('<input type="radio"/>'), '<input type="radio"/>');
  assert.equal(minifyHtml('<p class="a b" title="x=y" data-x="it\'s">'), '<p class="a b" title="x=y" data-x="it\'s">');
  // Bindings and text are not attributes.
  assert.equal(minifyHtml('<p aria-busy=${x}>say "hi"</p>'), '<p aria-busy=${x}>say "hi"</p>');
});

test('css: spaces around "*" in calc() and after @media go', () => {
  assert.equal(
    minifyCss('p { padding: calc(var(--s) * 0.75); } @media (prefers-color-scheme: dark) { p { margin: 0; } }'),
    'p{padding:calc(var(--s)*.75)}@media(prefers-color-scheme:dark){p{margin:0}}',
  );
});

test("Lit's version registrations leave the bundle, and nothing else does", () => {
  assert.equal(stripLitVersions('B?.(S,k),(t.litHtmlVersions??=[]).push("3.3.3");const x=1'), 'B?.(S,k);const x=1');
  assert.equal(stripLitVersions('a};(s.litElementVersions??=[]).push("4.2.2");export{i}'), 'a};;export{i}');
  assert.equal(stripLitVersions("p?.({ReactiveElement:y}),(a.reactiveElementVersions ??= []).push('2.1.2');"), 'p?.({ReactiveElement:y});');
  const other = '(t.someVersions??=[]).push("1.0.0");';
  assert.equal(stripLitVersions(other), other);
});

test("Lit's errors for misuse keep being thrown, without their texts", () => {
  assert.equal(
    stripLitVersions('if(o!==s)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.a=t'),
    'if(o!==s)throw Error();this.a=t',
  );
  assert.equal(stripLitVersions("throw Error('invalid template strings array')"), 'throw Error()');
  // An error whose text is built at run time is left as it is.
  const built = 'throw Error("Value: "+t+".")';
  assert.equal(stripLitVersions(built), built);
});

test("Lit's polyfill and hydration hooks are unplugged", () => {
  assert.equal(
    stripLitVersions(
      'i.finalized=!0,s.litElementHydrateSupport?.({LitElement:i});const o=s.litElementPolyfillSupport;o?.({LitElement:i});',
    ),
    'i.finalized=!0;const o=void 0;o?.({LitElement:i});',
  );
  assert.equal(stripLitVersions(',B=t.litHtmlPolyfillSupport;B?.(S,k)'), ',B=void 0;B?.(S,k)');
  assert.equal(stripLitVersions('p=a.reactiveElementPolyfillSupport,d='), 'p=void 0,d=');
});

test("Lit's fallback for browsers without constructable stylesheets is unplugged", () => {
  assert.equal(
    stripLitVersions(
      'const t=globalThis,e=t.ShadowRoot&&(void 0===t.ShadyCSS||t.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,s=Symbol()',
    ),
    'const t=globalThis,e=!0,s=Symbol()',
  );
  const other = 'x.ShadowRoot&&"adoptedStyleSheets"in Document.prototype';
  assert.equal(stripLitVersions(other), other);
});
