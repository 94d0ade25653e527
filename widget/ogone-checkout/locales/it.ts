import type { Translation } from './types.ts';

const it: Translation = {
  $code: 'it',
  pay: (amount) => `Paga ${amount}`,
  loading: 'Caricamento…',
  processing: 'Elaborazione…',
  saveCard: 'Salva la mia carta per i pagamenti futuri',
  saveCardHint: 'Conservata dal nostro fornitore di pagamenti, mai da questo negozio.',
  payWith: 'Paga con',
  newCard: 'Nuova carta',
  quantity: 'Quantità',
  retry: 'Riprova',
  completed: 'Pagamento completato. Grazie!',
  errors: {
    session_paid: 'Questo pagamento è già stato effettuato.',
    attempt_in_progress: 'Un pagamento è già in corso. Attenda un momento il suo esito.',
    session_expired: 'Questo link di pagamento è scaduto.',
    not_found: 'Pagamento non trovato.',
    network: 'Server dei pagamenti non raggiungibile.',
    origin_not_allowed: 'Pagamento non disponibile su questa pagina.',
    rate_limited: 'Troppi tentativi. Riprova tra poco.',
    payment_declined: 'Pagamento rifiutato. Prova un’altra carta.',
    server: 'Impossibile avviare il pagamento. Riprova.',
  },
};
export default it;
