/**
 * The frame of every sandbox page: clearly a TEST PLATFORM, readable, keyboard friendly, no
 * script. Styles are inline so the page works mounted under any server.
 */
import { html, raw, type Raw } from './escape.ts';

const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Verdana, sans-serif; line-height: 1.45; }
body { margin: 0; background: #f4f5f7; color: #1b1f24; }
.test-banner { background: #8a1c00; color: #fff; padding: .6rem 1rem; text-align: center; }
.test-banner strong { letter-spacing: .08em; }
main { max-width: 34rem; margin: 1.5rem auto; background: #fff; padding: 1.25rem 1.5rem 1.5rem; border-radius: .5rem; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; }
dl.order { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 1.25rem; }
dl.order dt { color: #4a5260; }
dl.order dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.field { margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
.hint { margin: 0 0 .25rem; color: #4a5260; font-size: .9rem; }
.error { margin: 0 0 .25rem; color: #b00020; font-weight: 600; }
input[type=text], input[type=password] { box-sizing: border-box; width: 100%; font-size: 1.05rem; padding: .5rem .6rem; border: 2px solid #596273; border-radius: .3rem; }
input[aria-invalid=true] { border-color: #b00020; }
input:focus, button:focus, summary:focus, a:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
.check { display: flex; gap: .5rem; align-items: flex-start; }
.check label { font-weight: 400; }
fieldset { border: 1px solid #c8ccd2; border-radius: .3rem; margin: 0 0 1rem; padding: .5rem 1rem; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1.25rem; }
button { font-size: 1.05rem; padding: .6rem 1.2rem; border-radius: .3rem; border: 2px solid #1d4ed8; background: #fff; color: #1d4ed8; cursor: pointer; }
button.primary { background: #1d4ed8; color: #fff; }
button.danger { border-color: #b00020; color: #b00020; }
.error-summary { border: 3px solid #b00020; padding: .5rem 1rem; margin: 0 0 1rem; }
.error-summary h2 { margin: .25rem 0; color: #b00020; }
.ogone-error { font-family: ui-monospace, monospace; font-size: 1.1rem; padding: .75rem; background: #fdecea; border-left: 4px solid #b00020; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid #e1e4e8; vertical-align: top; }
td code { overflow-wrap: anywhere; }
details { margin-top: 1.5rem; }
`;

// Non-ASCII text as \u escapes: a tagged template's raw text reaches the bundle as written, and one
// such character makes V8 hold all of server.cjs two bytes a character (scripts/build-packages.mjs).
export function layout(options: { title: string; body: Raw; lang?: string }): string {
  return `<!doctype html>\n${html`<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${options.title} \u2013 TEST PLATFORM</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header class="test-banner"><strong>TEST PLATFORM</strong> \u2013 Ogone sandbox: no real payment is made, use a test card.</header>
<main>
${options.body}
</main>
</body>
</html>`}`;
}
