import type { Translation } from './types.ts';

const de: Translation = {
  pay: (amount) => `${amount} bezahlen`,
  processing: 'Wird bearbeitet…',
  saveCard: 'Karte speichern',
  saveCardHint: 'Nur unser Zahlungsanbieter speichert sie.',
  chooseCard: 'Wählen Sie eine Karte',
  newCard: 'Andere Karte',
  expires: 'gültig bis',
  forget: 'Entfernen',
  forgetAsk: 'Entfernen?',
  yes: 'Ja',
  no: 'Nein',
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
