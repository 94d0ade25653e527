/**
 * The widget's types as a consumer sees them (issue 14): a strict tsc compiles a DOM consumer
 * that reads each event's `detail` through HTMLElementEventMap and finds the element in
 * HTMLElementTagNameMap, and a React 19 consumer using `<ogone-checkout>` in JSX. Each misuse
 * carries `@ts-expect-error`, so a type that went loose (an `any` detail, an untyped prop) fails
 * the compilation as surely as a wrong one.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const WIDGET = path.join(ROOT, 'widget/index.ts');
const REACT_TYPES = path.join(ROOT, 'widget/react.ts');

const DOM_CONSUMER = `
import type { CheckoutErrorDetail, OgoneCheckout } from ${JSON.stringify(WIDGET)};

const el: OgoneCheckout | null = document.querySelector('ogone-checkout');
const made: OgoneCheckout = document.createElement('ogone-checkout');
made.session = 'cs_1';
made.theme = 'auto';
made.disabled = true;
// @ts-expect-error the theme is light, dark or auto
made.theme = 'blue';
// @ts-expect-error session is a string
made.session = 42;
const locale: string = made.resolvedLocale;

el?.addEventListener('ogone-checkout-ready', (e) => e.detail.view.amount.toFixed());
el?.addEventListener('ogone-checkout-submit', (e) => {
  const saveCard: boolean = e.detail.saveCard;
  const aliasId: string | undefined = e.detail.aliasId;
  const quantity: number | undefined = e.detail.quantity;
  e.preventDefault();
  return [saveCard, aliasId, quantity];
});
el?.addEventListener('ogone-checkout-redirect', (e) => {
  const reference: string = e.detail.reference;
  if ('form' in e.detail) e.detail.form.submit();
  else location.assign(e.detail.url);
  return reference;
});
el?.addEventListener('ogone-checkout-error', (e) => {
  const detail: CheckoutErrorDetail = e.detail;
  const status: number = e.detail.status;
  return [detail.code, status, e.detail.field];
});
el?.addEventListener('ogone-checkout-success', (e) => [e.detail.reference, e.detail.state, e.detail.successUrl]);
el?.addEventListener('ogone-checkout-card-forgotten', (e) => e.detail.aliasId.length);
el?.addEventListener('ogone-checkout-setup-completed', (e) => e.detail.sessionId.length);
// Bubbling (composed) events reach the document typed too.
document.addEventListener('ogone-checkout-setup-completed', (e) => e.detail.sessionId);

// @ts-expect-error a forgotten card has an aliasId, not a sessionId
el?.addEventListener('ogone-checkout-card-forgotten', (e) => e.detail.sessionId);
// @ts-expect-error the success state is a payment state, not a number
el?.addEventListener('ogone-checkout-success', (e) => e.detail.state.toFixed());
// @ts-expect-error an error's status is a number
el?.addEventListener('ogone-checkout-error', (e) => e.detail.status.toUpperCase());
// @ts-expect-error ready carries the view, not a reference
el?.addEventListener('ogone-checkout-ready', (e) => e.detail.reference);

export { locale };
`;

const REACT_CONSUMER = `
import type {} from ${JSON.stringify(REACT_TYPES)};
import { useRef } from 'react';
import type { OgoneCheckout } from ${JSON.stringify(WIDGET)};

export function Checkout({ session }: { session: string }) {
  const ref = useRef<OgoneCheckout>(null);
  return (
    <ogone-checkout
      ref={ref}
      session={session}
      server="https://pay.example"
      locale="fr-BE"
      theme="dark"
      disabled={false}
      className="checkout"
      onogone-checkout-success={(e) => console.log(e.detail.reference, e.detail.state)}
      onogone-checkout-error={(e) => console.log(e.detail.code, e.detail.status)}
      onogone-checkout-card-forgotten={(e) => console.log(e.detail.aliasId)}
      onogone-checkout-setup-completed={(e) => console.log(e.detail.sessionId)}
    >
      Pay now
    </ogone-checkout>
  );
}

// @ts-expect-error the theme is light, dark or auto
export const badTheme = <ogone-checkout theme="blue" />;
// @ts-expect-error session is a string
export const badSession = <ogone-checkout session={42} />;
// @ts-expect-error disabled is a boolean
export const badDisabled = <ogone-checkout disabled="yes" />;
// @ts-expect-error a forgotten card's detail has no sessionId
export const badDetail = <ogone-checkout onogone-checkout-card-forgotten={(e) => e.detail.sessionId} />;
// @ts-expect-error the ref is the element's
export const badRef = <ogone-checkout ref={useRef<HTMLInputElement>(null)} />;
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    jsx: 'react-jsx',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: [],
  },
  files: ['dom-consumer.ts', 'react-consumer.tsx'],
};

test('a strict tsc compiles DOM and React 19 consumers; every misuse is an error', { timeout: 120_000 }, async () => {
  // Inside node_modules so that the consumer resolves lit and @types/react as an installed project would.
  await mkdir(path.join(ROOT, 'node_modules/.cache'), { recursive: true });
  const dir = await mkdtemp(path.join(ROOT, 'node_modules/.cache/widget-types-'));
  try {
    await writeFile(path.join(dir, 'dom-consumer.ts'), DOM_CONSUMER);
    await writeFile(path.join(dir, 'react-consumer.tsx'), REACT_CONSUMER);
    await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    const result = await promisify(execFile)(process.execPath, [TSC, '-p', dir], { cwd: dir }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
    assert.equal(result.code, 0, result.output);

    // And the misuse is caught: the same consumers without their @ts-expect-error lines fail,
    // once per misuse, each on its own line.
    const strip = (source: string) => source.replace(/^\s*\/\/ @ts-expect-error.*$/gm, '// (expected error)');
    await writeFile(path.join(dir, 'dom-consumer.ts'), strip(DOM_CONSUMER));
    await writeFile(path.join(dir, 'react-consumer.tsx'), strip(REACT_CONSUMER));
    const loose = await promisify(execFile)(process.execPath, [TSC, '-p', dir], { cwd: dir }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    const expected = (DOM_CONSUMER + REACT_CONSUMER).match(/@ts-expect-error/g)!.length;
    const failingLines = new Set(
      loose
        .split('\n')
        .filter((line) => /error TS\d+/.test(line))
        .map((line) => line.replace(/,\d+\).*/, '')),
    );
    assert.equal(failingLines.size, expected, loose);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
