/**
 * The custom-elements manifest (widget/custom-elements.json, issue 14): regenerated from the
 * sources with the analyzer exactly as the build runs it, it must equal the committed file and
 * describe the element completely — every event the source dispatches (and every one typed in
 * HTMLElementEventMap), every public property and attribute, every CSS part the templates use,
 * every --ogone-checkout-* custom property of the styles, and the label slot.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const WIDGET = fileURLToPath(new URL('../../widget/', import.meta.url));
const CEM = path.join(WIDGET, '../node_modules/@custom-elements-manifest/analyzer/cem.js');

interface Named {
  name: string;
  description?: string;
  type?: { text: string };
}
interface Member extends Named {
  kind: string;
  privacy?: string;
  attribute?: string;
  readonly?: boolean;
}
interface ElementDeclaration extends Named {
  kind: string;
  tagName?: string;
  customElement?: boolean;
  members: Member[];
  attributes: Array<Named & { fieldName?: string }>;
  events: Named[];
  slots: Named[];
  cssParts: Named[];
  cssProperties: Named[];
}
interface Manifest {
  modules: Array<{
    path: string;
    declarations?: ElementDeclaration[];
    exports?: Array<{ kind: string; name: string; declaration: { name: string; module: string } }>;
  }>;
}

const source = (file: string) => readFile(path.join(WIDGET, file), 'utf8');
const all = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((match) => match[1]!);

async function regenerate(): Promise<Manifest> {
  const out = await mkdtemp(path.join(WIDGET, '.manifest-test-'));
  try {
    await promisify(execFile)(process.execPath, [CEM, 'analyze', '--quiet'], {
      cwd: WIDGET,
      env: { ...process.env, CEM_OUTDIR: path.relative(WIDGET, out) },
    });
    return JSON.parse(await readFile(path.join(out, 'custom-elements.json'), 'utf8')) as Manifest;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

test('the custom-elements manifest is current and describes the whole element', { timeout: 120_000 }, async () => {
  const manifest = await regenerate();
  const committed = JSON.parse(await readFile(path.join(WIDGET, 'custom-elements.json'), 'utf8')) as Manifest;
  assert.deepEqual(manifest, committed, 'widget/custom-elements.json is stale: run `cd widget && npx cem analyze`');

  const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.customElement)!;
  assert.equal(element.name, 'OgoneCheckout');
  assert.equal(element.tagName, 'ogone-checkout');
  const definition = manifest.modules.flatMap((module) => module.exports ?? []).find((entry) => entry.kind === 'custom-element-definition');
  assert.deepEqual(definition, {
    kind: 'custom-element-definition',
    name: 'ogone-checkout',
    declaration: { name: 'OgoneCheckout', module: 'dist/ogone-checkout/ogone-checkout.js' },
  });

  // Events: every name the element dispatches (its #emit helper prefixes `ogone-checkout-`; any
  // literal `new CustomEvent('…')` counts too), and every one typed in the event map.
  const code = await source('ogone-checkout/ogone-checkout.ts');
  const dispatched = [
    ...all(code, /#emit\(\s*'([a-z-]+)'/g).map((name) => `ogone-checkout-${name}`),
    ...all(code, /new CustomEvent\(\s*['"]([a-z-]+)['"]/g),
  ];
  assert.ok(dispatched.length >= 7, dispatched.join(', '));
  const typed = all(await source('ogone-checkout/events.ts'), /^\s*'(ogone-checkout-[a-z-]+)': CustomEvent</gm);
  const listed = element.events.map((event) => event.name);
  assert.deepEqual([...new Set(dispatched)].sort(), [...listed].sort(), 'dispatched vs manifest');
  assert.deepEqual([...new Set(typed)].sort(), [...listed].sort(), 'HTMLElementEventMap vs manifest');
  for (const event of element.events) {
    assert.match(event.type?.text ?? '', /^CustomEvent<\w+Detail>$/, event.name);
    assert.ok(event.description, event.name);
  }

  // Properties: every public one of `static properties`, with its attribute, type and description.
  const declared = all(
    code.slice(code.indexOf('static override properties'), code.indexOf('};', code.indexOf('static override properties'))),
    /^\s+(\w+): \{/gm,
  );
  const publicProperties = declared.filter((name) => !name.startsWith('_'));
  assert.deepEqual(publicProperties, ['session', 'button', 'server', 'locale', 'disabled', 'theme']);
  const fields = element.members.filter((member) => member.kind === 'field');
  for (const name of publicProperties) {
    const field = fields.find((member) => member.name === name);
    assert.ok(field, `property ${name}`);
    assert.equal(field.attribute, name);
    assert.ok(field.description && field.type?.text, `property ${name} documented`);
    assert.ok(
      element.attributes.some((attribute) => attribute.name === name && attribute.fieldName === name),
      `attribute ${name}`,
    );
  }
  assert.ok(fields.some((member) => member.name === 'resolvedLocale' && member.readonly));
  // Lit's private state is not API.
  assert.deepEqual(
    [...fields, ...element.attributes].filter((item) => item.name.startsWith('_')).map((item) => item.name),
    [],
  );

  // CSS parts: exactly those the templates render.
  const parts = new Set(all(code, /part="([a-z-]+)"/g));
  assert.deepEqual(element.cssParts.map((part) => part.name).sort(), [...parts].sort());
  // Custom properties: exactly the public ones the styles read.
  const styles = await source('ogone-checkout/ogone-checkout.styles.ts');
  const properties = new Set(all(styles, /var\((--ogone-checkout-[a-z-]+)/g));
  assert.deepEqual(element.cssProperties.map((property) => property.name).sort(), [...properties].sort());
  // The label slot.
  assert.deepEqual(
    element.slots.map((slot) => slot.name),
    [''],
  );
  assert.ok([...element.cssParts, ...element.cssProperties, ...element.slots].every((item) => item.description));
});
