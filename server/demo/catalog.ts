/**
 * What the demo shop sells: one product per language of the seeds (English, French, Spanish,
 * Chinese), so the button is seen in each. Prices are minor units, like everywhere else.
 */
export interface Product {
  id: string;
  name: string;
  blurb: string;
  /** BCP 47: the product card's `lang`, the session's locale, the hosted page's LANGUAGE. */
  lang: string;
  amount: number;
  currency: string;
  /** A letter shown on the product's tile (no images to fetch). */
  initial: string;
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'espresso',
    name: 'Espresso beans, 1 kg',
    blurb: 'Dark roast from a small roaster in Ghent.',
    lang: 'en',
    amount: 1999,
    currency: 'EUR',
    initial: 'E',
  },
  {
    id: 'carnet',
    name: 'Carnet de voyage',
    blurb: 'Papier ivoire, couverture en lin, 192 pages.',
    lang: 'fr',
    amount: 2450,
    currency: 'EUR',
    initial: 'C',
  },
  {
    id: 'aceite',
    name: 'Aceite de oliva virgen extra',
    blurb: 'Primera presión en frío, botella de 500 ml.',
    lang: 'es',
    amount: 1290,
    currency: 'EUR',
    initial: 'A',
  },
  { id: 'longjing', name: '西湖龙井茶', blurb: '明前特级，一百克罐装。', lang: 'zh-CN', amount: 12800, currency: 'CNY', initial: '龙' },
];

/** The shop's one customer, so a saved card (an Ogone alias) is offered again on the next visit. */
export const DEMO_CUSTOMER = {
  id: 'demo-customer',
  name: 'Alex Demo',
  email: 'alex.demo@example.com',
} as const;
