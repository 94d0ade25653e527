/**
 * Server-side rendering frameworks import the widget in Node: the module must load without a
 * `window`, and define the element only where a custom element registry exists.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('importing the widget in Node needs no window and does not create one', async () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  const widget = await import('../../widget/index.ts');
  assert.equal(typeof widget.OgoneCheckout, 'function');
  assert.equal(widget.TAG_NAME, 'ogone-checkout');
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  // Lit's Node build brings a shim registry; when there is one, the element is in it, once.
  const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements;
  if (registry) assert.equal(registry.get('ogone-checkout'), widget.OgoneCheckout);
  // A second evaluation of the entry (another URL, as with two bundles) must not define it twice.
  const secondCopy = '../../widget/index.ts?again';
  const again = (await import(secondCopy)) as typeof widget;
  assert.equal(again.OgoneCheckout, widget.OgoneCheckout);
});
