import type { Translation } from './types.ts';

const nl: Translation = {
  pay: (amount) => `Betaal ${amount}`,
  loading: 'Laden…',
  processing: 'Bezig…',
  saveCard: 'Kaart opslaan',
  saveCardHint: 'Bewaard door onze betaalprovider, niet door de winkel.',
  payWith: 'Betalen met',
  newCard: 'Andere kaart gebruiken',
  expires: 'geldig tot',
  forget: 'Vergeten',
  forgetAsk: 'Vergeten?',
  yes: 'Ja',
  no: 'Nee',
  choose: 'Kies eerst een kaart.',
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
