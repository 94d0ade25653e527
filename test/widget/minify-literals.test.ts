/** The build step that strips indentation from Lit's html`` and css`` templates. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minifyCss, minifyHtml, minifyLitLiterals } from '../../widget/build/minify-literals.ts';

test('html: indentation between tags goes, text on one line keeps its spaces', () => {
  assert.equal(minifyHtml('\n  <p part="a">\n    <b>Pay now</b>\n  </p>\n'), '<p part="a"><b>Pay now</b></p>');
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
