import type { Translation } from './types.ts';

const nl: Translation = {
  $code: 'nl',
  pay: (amount) => `Betaal ${amount}`,
  loading: 'Laden…',
  processing: 'Bezig…',
  saveCard: 'Mijn kaart bewaren voor volgende betalingen',
  saveCardHint: 'Bewaard door onze betaalprovider, nooit door deze winkel.',
  payWith: 'Betalen met',
  newCard: 'Nieuwe kaart',
  quantity: 'Aantal',
  retry: 'Opnieuw',
  completed: 'Betaling voltooid. Bedankt!',
  errors: {
    session_paid: 'Deze betaling is al voldaan.',
    attempt_in_progress: 'Er wordt al een betaling verwerkt. Wacht even op het resultaat.',
    session_expired: 'Deze betaallink is verlopen.',
    not_found: 'Betaling niet gevonden.',
    network: 'Betaalserver niet bereikbaar.',
    origin_not_allowed: 'Betalen niet mogelijk op deze pagina.',
    rate_limited: 'Te veel pogingen. Probeer het zo opnieuw.',
    payment_declined: 'Betaling geweigerd. Probeer een andere kaart.',
    server: 'De betaling kon niet starten. Probeer opnieuw.',
  },
};
export default nl;
