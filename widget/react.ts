/**
 * JSX typings of `<ogone-checkout>` for React 19, which passes a custom element's props as
 * properties when the element has them (`session`, `disabled`…) and attaches `on<event-name>` props
 * as listeners of `<event-name>`: `onogone-checkout-success={(e) => e.detail.reference}`.
 *
 * Types only (its JavaScript is empty). In a React project, once:
 * `import type {} from '@ogone-checkout/widget/react';`
 */
import type { ClassAttributes, HTMLAttributes } from 'react';
import type { OgoneCheckout } from './ogone-checkout/ogone-checkout.ts';
import type { OgoneCheckoutEventMap } from './ogone-checkout/events.ts';

/** `on` + each event's full name, with the event's `detail` typed. */
export type OgoneCheckoutEventProps = {
  [K in keyof OgoneCheckoutEventMap as `on${K}`]?: (event: OgoneCheckoutEventMap[K]) => void;
};

/** The element's public properties (also attributes), as JSX props. */
export type OgoneCheckoutOwnProps = Partial<Pick<OgoneCheckout, 'session' | 'button' | 'server' | 'locale' | 'disabled' | 'theme'>>;

/** Everything `<ogone-checkout>` takes in JSX: React's HTML props and ref, its own, its events. */
export interface OgoneCheckoutProps
  extends ClassAttributes<OgoneCheckout>, HTMLAttributes<OgoneCheckout>, OgoneCheckoutOwnProps, OgoneCheckoutEventProps {}

declare module 'react' {
  // React 19's JSX lives in React.JSX; augmenting it is the documented way to add an element.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'ogone-checkout': OgoneCheckoutProps;
    }
  }
}
