import type { Translation } from './types.ts';

const de: Translation = {
  pay: (amount) => `${amount} bezahlen`,
  loading: 'Wird geladen…',
  processing: 'Wird bearbeitet…',
  saveCard: 'Karte speichern',
  saveCardHint: 'Bei unserem Zahlungsdienstleister gespeichert, nicht im Shop.',
  payWith: 'Bezahlen mit',
  newCard: 'Andere Karte verwenden',
  expires: 'gültig bis',
  forget: 'Entfernen',
  forgetAsk: 'Entfernen?',
  yes: 'Ja',
  no: 'Nein',
  choose: 'Wählen Sie zuerst eine Karte.',
  quantity: 'Menge',
  retry: 'Erneut versuchen',
  completed: 'Zahlung abgeschlossen.',
  setupHint: 'Jetzt wird nichts belastet.',
  saved: 'Karte gespeichert.',
  errors: {
    session_paid: 'Bereits bezahlt.',
    attempt_in_progress: 'Eine Zahlung läuft bereits.',
    session_expired: 'Dieser Link ist abgelaufen.',
    not_found: 'Zahlung nicht gefunden.',
    network: 'Zahlungsserver nicht erreichbar.',
    origin_not_allowed: 'Zahlung hier nicht möglich.',
    rate_limited: 'Zu viele Versuche.',
    payment_declined: 'Zahlung abgelehnt.',
    server: 'Etwas ist schiefgelaufen.',
  },
};
export default de;
