/**
 * The `<ogone-checkout>` tag. Importing this module defines the element once; importing it again
 * (two bundles on one page, hot reload) is harmless. Nothing here touches `window` at import time
 * beyond `customElements`, which is checked first, so server-side rendering can import it.
 */
import { OgoneCheckout } from './ogone-checkout/ogone-checkout.ts';

export { OgoneCheckout };
export type { CheckoutErrorCode, CheckoutErrorDetail } from './ogone-checkout/ogone-checkout.ts';
export type { Translation } from './ogone-checkout/locale.ts';

export const TAG_NAME = 'ogone-checkout';

if (typeof customElements !== 'undefined' && !customElements.get(TAG_NAME)) {
  customElements.define(TAG_NAME, OgoneCheckout);
}
