import type { Translation } from './types.ts';

const nl: Translation = {
  pay: (amount) => `Betaal ${amount}`,
  processing: 'Bezig…',
  saveCard: 'Kaart opslaan',
  saveCardHint: 'Alleen onze betaalprovider bewaart hem.',
  chooseCard: 'Kies een kaart',
  newCard: 'Andere kaart',
  expires: 'geldig tot',
  forget: 'Vergeten',
  forgetAsk: 'Vergeten?',
  yes: 'Ja',
  no: 'Nee',
  quantity: 'Aantal',
  retry: 'Opnieuw',
  completed: 'Betaling voltooid.',
  setupHint: 'Er wordt nu niets afgeschreven.',
  saved: 'Kaart opgeslagen.',
  errors: {
    session_paid: 'Al betaald.',
    attempt_in_progress: 'Er loopt al een betaling.',
    session_expired: 'Deze link is verlopen.',
    not_found: 'Betaling niet gevonden.',
    network: 'Betaalserver niet bereikbaar.',
    origin_not_allowed: 'Betalen hier niet mogelijk.',
    rate_limited: 'Te veel pogingen.',
    payment_declined: 'Betaling geweigerd.',
    server: 'Er ging iets mis.',
  },
};
export default nl;
