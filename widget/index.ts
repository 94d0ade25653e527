/**
 * The `<ogone-checkout>` tag. Importing this module defines the element once; importing it again
 * (two bundles on one page, hot reload) is harmless. Nothing here touches `window` at import time
 * beyond `customElements`, which is checked first, so server-side rendering can import it.
 */
import { OgoneCheckout } from './ogone-checkout/ogone-checkout.ts';

export { OgoneCheckout };
// Every event's detail type; importing the package also types them in HTMLElementEventMap.
export type * from './ogone-checkout/events.ts';
export type { Translation } from './ogone-checkout/locale.ts';

export const TAG_NAME = 'ogone-checkout';

if (typeof customElements !== 'undefined' && !customElements.get(TAG_NAME)) {
  // The literal tag (not TAG_NAME) lets the custom-elements manifest analyzer see the definition.
  customElements.define('ogone-checkout', OgoneCheckout);
}
