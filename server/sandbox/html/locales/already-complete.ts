/**
 * The words of the "already complete" page (a finished payment's page loaded again: Back after the
 * redirect, a re-post; e-Commerce Advanced guide §9.4 "Feedback reinitiation"), in the card page's
 * seven languages, chosen like the card page's texts (by `PageTexts.lang`). Kept apart from the
 * per-language files so they can be folded in later without touching the card page's keys.
 */
import type { PageTexts } from './types.ts';

export interface AlreadyCompleteTexts {
  readonly title: string;
  readonly explanation: string;
  /** Label of the result row in the order summary. */
  readonly resultLabel: string;
  readonly results: { readonly accept: string; readonly decline: string; readonly exception: string; readonly cancel: string };
  /** The link to HOMEURL / BACKURL. */
  readonly backToShop: string;
  /** Shown when the merchant sent no URL to go back to (or HOMEURL=NONE). */
  readonly noLink: string;
}

const TEXTS: Readonly<Record<string, AlreadyCompleteTexts>> = {
  en: {
    title: 'This payment is already complete',
    explanation: 'This order has already been paid or ended on this page; it cannot be paid again. Nothing more has been charged.',
    resultLabel: 'Result',
    results: {
      accept: 'Payment accepted',
      decline: 'Payment refused',
      exception: 'Result uncertain: the merchant will confirm it',
      cancel: 'Payment cancelled',
    },
    backToShop: 'Back to the shop',
    noLink: "Return to the shop's website to see your order.",
  },
  fr: {
    title: 'Ce paiement est déjà terminé',
    explanation:
      "Cette commande a déjà été payée ou close sur cette page ; elle ne peut pas être payée à nouveau. Rien de plus n'a été débité.",
    resultLabel: 'Résultat',
    results: {
      accept: 'Paiement accepté',
      decline: 'Paiement refusé',
      exception: 'Résultat incertain : le marchand le confirmera',
      cancel: 'Paiement annulé',
    },
    backToShop: 'Retour à la boutique',
    noLink: 'Retournez sur le site de la boutique pour voir votre commande.',
  },
  de: {
    title: 'Diese Zahlung ist bereits abgeschlossen',
    explanation:
      'Diese Bestellung wurde auf dieser Seite bereits bezahlt oder beendet; sie kann nicht erneut bezahlt werden. Es wurde nichts weiter belastet.',
    resultLabel: 'Ergebnis',
    results: {
      accept: 'Zahlung akzeptiert',
      decline: 'Zahlung abgelehnt',
      exception: 'Ergebnis ungewiss: der Händler wird es bestätigen',
      cancel: 'Zahlung abgebrochen',
    },
    backToShop: 'Zurück zum Shop',
    noLink: 'Kehren Sie zur Website des Shops zurück, um Ihre Bestellung zu sehen.',
  },
  nl: {
    title: 'Deze betaling is al afgerond',
    explanation:
      'Deze bestelling is op deze pagina al betaald of beëindigd; ze kan niet opnieuw worden betaald. Er is niets extra afgeschreven.',
    resultLabel: 'Resultaat',
    results: {
      accept: 'Betaling geaccepteerd',
      decline: 'Betaling geweigerd',
      exception: 'Resultaat onzeker: de handelaar bevestigt het',
      cancel: 'Betaling geannuleerd',
    },
    backToShop: 'Terug naar de winkel',
    noLink: 'Ga terug naar de website van de winkel om uw bestelling te bekijken.',
  },
  es: {
    title: 'Este pago ya se ha completado',
    explanation: 'Este pedido ya se pagó o se cerró en esta página; no se puede pagar de nuevo. No se ha cobrado nada más.',
    resultLabel: 'Resultado',
    results: {
      accept: 'Pago aceptado',
      decline: 'Pago rechazado',
      exception: 'Resultado incierto: el comercio lo confirmará',
      cancel: 'Pago cancelado',
    },
    backToShop: 'Volver a la tienda',
    noLink: 'Vuelva al sitio web de la tienda para ver su pedido.',
  },
  it: {
    title: 'Questo pagamento è già concluso',
    explanation:
      'Questo ordine è già stato pagato o chiuso su questa pagina; non può essere pagato di nuovo. Non è stato addebitato altro.',
    resultLabel: 'Esito',
    results: {
      accept: 'Pagamento accettato',
      decline: 'Pagamento rifiutato',
      exception: 'Esito incerto: il negozio lo confermerà',
      cancel: 'Pagamento annullato',
    },
    backToShop: 'Torna al negozio',
    noLink: 'Torni al sito del negozio per vedere il suo ordine.',
  },
  zh: {
    title: '此付款已完成',
    explanation: '此订单已在本页面付款或结束，不能再次付款。没有再扣任何费用。',
    resultLabel: '结果',
    results: { accept: '付款已接受', decline: '付款被拒绝', exception: '结果不确定：商家将会确认', cancel: '付款已取消' },
    backToShop: '返回商店',
    noLink: '请返回商店网站查看您的订单。',
  },
};

/** The texts for the card page's language (English when it has none). */
export function alreadyCompleteTexts(texts: Pick<PageTexts, 'lang'>): AlreadyCompleteTexts {
  return TEXTS[texts.lang] ?? (TEXTS.en as AlreadyCompleteTexts);
}
