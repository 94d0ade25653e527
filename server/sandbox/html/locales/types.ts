/** The words of the sandbox's payment page in one language (LANGUAGE, docs/ogone-protocol.md §13). */
export interface PageTexts {
  /** BCP 47 tag of the page (`<html lang>`). */
  readonly lang: string;
  readonly title: string;
  readonly merchant: string;
  readonly orderReference: string;
  readonly totalAmount: string;
  readonly labels: { readonly CARDNO: string; readonly ED: string; readonly CVC: string; readonly CN: string };
  readonly hints: { readonly CARDNO: string; readonly ED: string; readonly CVC: string };
  readonly pay: string;
  readonly cancel: string;
  /** Heading of the list of field errors. */
  readonly errorSummary: string;
  /** Heading shown after a refused try; the reason under it is the platform's NCERROR text. */
  readonly refused: string;
  /** Under the reason: the shopper may try again, `tries` tries left. */
  readonly tryAgain: (tries: number) => string;
  readonly saveCardLegend: string;
  readonly saveCardLabel: (merchant: string) => string;
  readonly savedCard: (brand: string, cardNo: string, expiry: string) => string;
  /** The FlexCheckout tokenization page: the card is stored, nothing is charged (docs/ogone-protocol.md §15). */
  readonly flex: {
    readonly title: string;
    readonly intro: (merchant: string) => string;
    readonly save: string;
    readonly errorSummary: string;
  };
}
