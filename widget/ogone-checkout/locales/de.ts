import type { Translation } from './types.ts';

const de: Translation = {
  $code: 'de',
  pay: (amount) => `${amount} bezahlen`,
  loading: 'Wird geladen…',
  processing: 'Wird bearbeitet…',
  saveCard: 'Karte für künftige Zahlungen speichern',
  saveCardHint: 'Gespeichert bei unserem Zahlungsdienstleister, nie in diesem Shop.',
  payWith: 'Bezahlen mit',
  newCard: 'Neue Karte',
  quantity: 'Menge',
  retry: 'Erneut versuchen',
  completed: 'Zahlung abgeschlossen. Danke!',
  errors: {
    session_paid: 'Diese Zahlung wurde bereits geleistet.',
    attempt_in_progress: 'Eine Zahlung wird bereits bearbeitet. Bitte warten Sie kurz auf das Ergebnis.',
    session_expired: 'Dieser Zahlungslink ist abgelaufen.',
    not_found: 'Zahlung nicht gefunden.',
    network: 'Zahlungsserver nicht erreichbar.',
    origin_not_allowed: 'Zahlung auf dieser Seite nicht möglich.',
    rate_limited: 'Zu viele Versuche. Bitte gleich erneut versuchen.',
    payment_declined: 'Zahlung abgelehnt. Andere Karte versuchen.',
    server: 'Die Zahlung konnte nicht starten. Erneut versuchen.',
  },
};
export default de;
