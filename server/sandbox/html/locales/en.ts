import type { PageTexts } from './types.ts';

export const en: PageTexts = {
  lang: 'en',
  title: 'Payment',
  merchant: 'Merchant',
  orderReference: 'Order reference',
  totalAmount: 'Total amount',
  labels: { CARDNO: 'Card number', ED: 'Expiry date', CVC: 'Card verification code (CVC)', CN: "Card holder's name" },
  hints: {
    CARDNO: 'The long number on the front of the card',
    ED: 'Month and year, as MM/YY',
    CVC: '3 digits on the back, 4 on the front of an American Express',
  },
  pay: 'Pay',
  cancel: 'Cancel',
  errorSummary: 'The payment could not be made',
  refused: 'Your payment has been refused',
  tryAgain: (tries) => `You may try again with another card, or cancel (${tries} ${tries === 1 ? 'try' : 'tries'} left).`,
  saveCardLegend: 'Save your card',
  saveCardLabel: (merchant) => `Store my card details for my next payments with ${merchant}`,
  savedCard: (brand, cardNo, expiry) => `Saved card: ${brand} ${cardNo}, expires ${expiry}. Leave the card number as shown to pay with it.`,
  flex: {
    title: 'Save your card',
    intro: (merchant) => `Your card is stored securely for your next payments with ${merchant}. Nothing is charged now.`,
    save: 'Save card',
    errorSummary: 'The card could not be saved',
  },
};
