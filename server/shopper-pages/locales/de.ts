import type { ShopperText } from './types.ts';

const de: ShopperText = {
  $code: 'de',
  title: {
    draft: 'Warten auf Ihre Zahlung',
    pending: 'Zahlung in Bearbeitung',
    authorized: 'Zahlung akzeptiert',
    captured: 'Zahlung erhalten',
    partially_refunded: 'Zahlung teilweise erstattet',
    refunded: 'Zahlung erstattet',
    cancelled: 'Zahlung abgebrochen',
    declined: 'Zahlung abgelehnt',
    error: 'Zahlung fehlgeschlagen',
    expired: 'Zahlung nicht abgeschlossen',
    mismatch: 'Zahlung wird geprüft',
    abandoned: 'Zahlung nicht abgeschlossen',
    unconfirmed: 'Zahlung noch nicht bestätigt',
  },
  detail: {
    draft: 'Das Ergebnis dieser Zahlung liegt noch nicht vor.',
    pending: 'Ihre Bank bearbeitet diese Zahlung noch. Diese Seite aktualisiert sich selbst.',
    authorized: 'Danke! Ihre Zahlung wurde akzeptiert.',
    captured: 'Danke! Ihre Zahlung ist eingegangen.',
    partially_refunded: 'Ein Teil dieser Zahlung wurde auf Ihre Karte erstattet.',
    refunded: 'Diese Zahlung wurde auf Ihre Karte erstattet.',
    cancelled: 'Diese Zahlung wurde abgebrochen.',
    declined: 'Die Zahlung wurde abgelehnt.',
    error: 'Die Zahlung konnte nicht abgeschlossen werden.',
    expired: 'Diese Zahlung wurde nicht abgeschlossen. Kehren Sie zum Shop zurück, um es erneut zu versuchen.',
    mismatch: 'Wir prüfen diese Zahlung mit dem Shop. Sie werden bei Bedarf kontaktiert.',
    abandoned: 'Diese Zahlung wurde nicht abgeschlossen. Kehren Sie zum Shop zurück, um es erneut zu versuchen.',
    unconfirmed:
      'Ihre Bank hat diese Zahlung noch nicht bestätigt. Laden Sie diese Seite später neu oder wenden Sie sich mit der unten stehenden Referenz an den Shop.',
  },
  reasons: {
    insufficient_funds: 'Ihre Bank hat die Zahlung abgelehnt: Deckung nicht ausreichend. Versuchen Sie eine andere Karte.',
    card_expired: 'Diese Karte ist abgelaufen. Versuchen Sie eine andere Karte.',
    card_invalid: 'Die Kartendaten wurden nicht akzeptiert. Prüfen Sie sie oder versuchen Sie eine andere Karte.',
    authentication_failed: 'Ihre Bank konnte Ihre Identität nicht bestätigen. Versuchen Sie es erneut oder nutzen Sie eine andere Karte.',
    refused: 'Ihre Bank hat die Zahlung abgelehnt. Versuchen Sie eine andere Karte.',
    cancelled: 'Sie haben die Zahlung abgebrochen.',
    technical: 'Ein technisches Problem hat die Zahlung verhindert. Versuchen Sie es in ein paar Minuten erneut.',
  },
  notCharged: 'Es wurde nichts abgebucht.',
  amount: 'Betrag',
  reference: 'Referenz',
  card: 'Karte',
  order: 'Bestellung',
  returnToShop: 'Zurück zum Shop',
  tryAgain: 'Erneut versuchen',
  refreshing: 'Neue Prüfung in wenigen Sekunden…',
  supportDetails: (code) => `Angaben für den Support: Code ${code}`,
  notFound: {
    title: 'Zahlung nicht gefunden',
    detail: 'Es gibt keine Zahlung mit dieser Referenz. Prüfen Sie den Link oder wenden Sie sich an den Shop.',
  },
  unconfirmedResult: {
    title: 'Wir konnten dieses Zahlungsergebnis nicht bestätigen',
    signature:
      'Dieser Link stammt nicht von der Zahlungsseite. Wenn Sie bezahlt haben, bestätigt der Shop Ihre Zahlung; andernfalls kehren Sie zum Shop zurück und versuchen Sie es erneut.',
    incomplete:
      'Dieses Zahlungsergebnis ist unvollständig. Wenn Sie bezahlt haben, bestätigt der Shop Ihre Zahlung; andernfalls kehren Sie zum Shop zurück und versuchen Sie es erneut.',
    unknown: 'Diese Zahlung ist uns nicht bekannt. Kehren Sie zum Shop zurück und prüfen Sie Ihre Bestellung.',
  },
};
export default de;
