/**
 * The shopper pages' one stylesheet, served from our origin (`style-src 'self'`: no inline style,
 * no exception in the CSP). The widget's look: its colours, radius, spacing and system font
 * (widget/ogone-checkout/ogone-checkout.styles.ts), under the same `--ogone-checkout-*` names,
 * light and dark by `prefers-color-scheme`. Colour pairs keep ≥ 4.5:1 (WCAG AA) in both themes.
 */
export const SHOPPER_STYLESHEET = `:root {
  color-scheme: light dark;
  --ogone-checkout-background: #fff;
  --ogone-checkout-text: #1f1f1f;
  --ogone-checkout-muted: #5e5e5e;
  --ogone-checkout-accent: #0b57d0;
  --ogone-checkout-accent-text: #fff;
  --ogone-checkout-border: #8e918f;
  --ogone-checkout-error: #b3261e;
  --ogone-checkout-focus: #0b57d0;
  --ogone-checkout-radius: 0.5rem;
  --ogone-checkout-spacing: 0.75rem;
  --page: #f0f2f5;
  --success: #146c2e;
  --waiting: #7a4b00;
  font: 400 1rem/1.5 system-ui, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --ogone-checkout-background: #1e1f20;
    --ogone-checkout-text: #e3e3e3;
    --ogone-checkout-muted: #c4c7c5;
    --ogone-checkout-accent: #a8c7fa;
    --ogone-checkout-accent-text: #062e6f;
    --ogone-checkout-error: #f2b8b5;
    --ogone-checkout-focus: #a8c7fa;
    --page: #131314;
    --success: #6dd58c;
    --waiting: #f5c46b;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0;
  min-block-size: 100vh;
  display: grid;
  place-items: start center;
  padding: clamp(1rem, 6vh, 4rem) 1rem;
  background: var(--page);
  color: var(--ogone-checkout-text);
}
main {
  inline-size: 100%;
  max-inline-size: 28rem;
  display: grid;
  gap: var(--ogone-checkout-spacing);
  padding: calc(var(--ogone-checkout-spacing) * 2);
  background: var(--ogone-checkout-background);
  border: 1px solid color-mix(in srgb, var(--ogone-checkout-border) 45%, transparent);
  border-radius: calc(var(--ogone-checkout-radius) * 2);
  border-block-start: 6px solid var(--ogone-checkout-muted);
}
main[data-outcome=success] { border-block-start-color: var(--success); }
main[data-outcome=failure] { border-block-start-color: var(--ogone-checkout-error); }
main[data-outcome=waiting] { border-block-start-color: var(--waiting); }
p, h1, dl { margin: 0; }
.merchant {
  color: var(--ogone-checkout-muted);
  font-weight: 600;
  letter-spacing: 0.02em;
}
h1 { font-size: 1.5rem; line-height: 1.25; }
[data-outcome=success] h1 { color: var(--success); }
[data-outcome=failure] h1 { color: var(--ogone-checkout-error); }
.message { font-size: 1.0625rem; }
.muted, .support { color: var(--ogone-checkout-muted); }
.support { font-size: 0.875rem; }
dl {
  display: grid;
  grid-template-columns: auto 1fr;
  gap: 0.25rem 1rem;
  padding-block: var(--ogone-checkout-spacing);
  border-block: 1px solid color-mix(in srgb, var(--ogone-checkout-border) 45%, transparent);
}
dt { color: var(--ogone-checkout-muted); }
dd { margin: 0; text-align: end; overflow-wrap: anywhere; }
.button {
  display: block;
  min-block-size: 2.75rem;
  padding: calc(var(--ogone-checkout-spacing) * 0.75) calc(var(--ogone-checkout-spacing) * 1.5);
  border-radius: var(--ogone-checkout-radius);
  background: var(--ogone-checkout-accent);
  color: var(--ogone-checkout-accent-text);
  font-weight: 600;
  text-align: center;
  text-decoration: none;
}
:focus-visible { outline: 3px solid var(--ogone-checkout-focus); outline-offset: 2px; }
`;
