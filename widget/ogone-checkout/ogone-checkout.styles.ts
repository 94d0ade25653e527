import { unsafeCSS } from 'lit';

// Lit's own `css` tag vets interpolated values, and its error texts cost ~150 bytes gzipped of
// the 12 KB budget; this sheet interpolates nothing, so its one literal goes to unsafeCSS as is.
// Named `css` so that widget/build/minify-literals.ts still minifies it.
const css = (literal: TemplateStringsArray) => unsafeCSS(literal[0]);

/**
 * Adopted by Lit as constructable stylesheets: no `<style>` element, no inline style attribute,
 * so a page with `style-src 'self'` needs no exception.
 *
 * Public custom properties (`--ogone-checkout-*`) feed private ones (`--_*`) so that each theme
 * supplies defaults while a merchant's value always wins. Colour pairs keep ≥ 4.5:1 contrast in
 * both themes (WCAG AA): light #1f1f1f/#fff 16:1, button #fff on #0b57d0 6.6:1, muted #5e5e5e 6.6:1,
 * error #b3261e 6.5:1; dark #e3e3e3 on #1e1f20 13:1, button #062e6f on #a8c7fa 8:1.
 * Only logical properties (inline/block) are used, so right-to-left pages mirror correctly.
 */
export default css`
  :host {
    --_background: var(--ogone-checkout-background, #fff);
    --_text: var(--ogone-checkout-text, #1f1f1f);
    --_muted: var(--ogone-checkout-muted, #5e5e5e);
    --_accent: var(--ogone-checkout-accent, #0b57d0);
    --_accent-text: var(--ogone-checkout-accent-text, #fff);
    --_border: var(--ogone-checkout-border, #8e918f);
    --_error: var(--ogone-checkout-error, #b3261e);
    --_focus: var(--ogone-checkout-focus, #0b57d0);
    --_radius: var(--ogone-checkout-radius, 0.5rem);
    --_spacing: var(--ogone-checkout-spacing, 0.75rem);
    display: block;
    max-inline-size: var(--ogone-checkout-width, 26rem);
    color: var(--_text);
    background: var(--_background);
    font: var(--ogone-checkout-font, 400 1rem/1.4 system-ui, sans-serif);
    border-radius: var(--_radius);
  }
  :host([hidden]) {
    display: none;
  }
  :host([theme=dark]) {
    --_background: var(--ogone-checkout-background, #1e1f20);
    --_text: var(--ogone-checkout-text, #e3e3e3);
    --_muted: var(--ogone-checkout-muted, #c4c7c5);
    --_accent: var(--ogone-checkout-accent, #a8c7fa);
    --_accent-text: var(--ogone-checkout-accent-text, #062e6f);
    --_error: var(--ogone-checkout-error, #f2b8b5);
    --_focus: var(--ogone-checkout-focus, #a8c7fa);
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme=auto]) {
      --_background: var(--ogone-checkout-background, #1e1f20);
      --_text: var(--ogone-checkout-text, #e3e3e3);
      --_muted: var(--ogone-checkout-muted, #c4c7c5);
      --_accent: var(--ogone-checkout-accent, #a8c7fa);
      --_accent-text: var(--ogone-checkout-accent-text, #062e6f);
      --_error: var(--ogone-checkout-error, #f2b8b5);
      --_focus: var(--ogone-checkout-focus, #a8c7fa);
        color-scheme: dark;
    }
  }
  [part=base] {
    display: grid;
    gap: var(--_spacing);
    padding: var(--ogone-checkout-padding, 0);
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  [part=button] {
    inline-size: 100%;
    min-block-size: 2.75rem;
    padding-block: calc(var(--_spacing) * 0.75);
    padding-inline: calc(var(--_spacing) * 1.5);
    border: 0;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 600;
  }
  /* Only a disabled button is dimmed: an aria-disabled one (no card chosen yet, busy) is still
     read (the amount, "Processing…"), and dimmed its text fell to 3.9:1. */
  [part=button]:disabled {
    cursor: not-allowed;
    opacity: 0.75;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  label {
    display: flex;
    align-items: center;
    gap: 0.5em;
    /* In a saved card's row (flex), the label takes the room and Forget sits at the end. */
    flex: 1;
  }
  input {
    margin: 0;
    accent-color: var(--_accent);
  }
  [part=quantity] {
    inline-size: 5em;
    font: inherit;
    /* The documented field border: ≥ 3:1 against both themes' backgrounds (WCAG 1.4.11). */
    border: 1px solid var(--_border);
  }
  [part=hint] {
    color: var(--_muted);
    font-size: 0.875em;
  }
  p {
    margin: 0;
  }
  fieldset {
    display: grid;
    gap: 0.5em;
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    font-weight: 600;
  }
  [part=error] {
    color: var(--_error);
  }
  [part=error]:empty {
    display: none;
  }
  [part=retry] {
    margin-block-start: 0.5em;
  }
  [part=retry],
  [part=forget] {
    color: inherit;
    background: none;
    border: 1px solid;
    border-radius: var(--_radius);
  }
  fieldset div {
    display: flex;
    gap: 0.5em;
  }
  [part=skeleton] {
    block-size: 2.75rem;
    border-radius: var(--_radius);
    background: var(--_border);
    opacity: 0.4;
    animation: pulse 1.2s ease-in-out infinite alternate;
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @keyframes pulse {
    to {
      opacity: 0.15;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [part=skeleton] {
      animation: none;
    }
  }
`;
