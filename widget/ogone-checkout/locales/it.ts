import type { Translation } from './types.ts';

const it: Translation = {
  pay: (amount) => `Paga ${amount}`,
  processing: 'Elaborazione…',
  saveCard: 'Salva carta',
  saveCardHint: 'La conserva solo il nostro fornitore.',
  chooseCard: 'Scegli una carta',
  newCard: 'Altra carta',
  expires: 'scade',
  forget: 'Dimentica',
  forgetAsk: 'Dimenticare?',
  yes: 'Sì',
  no: 'No',
  quantity: 'Quantità',
  retry: 'Riprova',
  completed: 'Pagamento completato.',
  setupHint: 'Ora non viene addebitato nulla.',
  saved: 'Carta salvata.',
  errors: {
    session_paid: 'Già pagato.',
    attempt_in_progress: 'Un pagamento è già in corso.',
    session_expired: 'Questo link è scaduto.',
    not_found: 'Pagamento non trovato.',
    network: 'Server dei pagamenti irraggiungibile.',
    origin_not_allowed: 'Pagamento non disponibile qui.',
    rate_limited: 'Troppi tentativi.',
    payment_declined: 'Pagamento rifiutato.',
    server: 'Qualcosa è andato storto.',
  },
};
export default it;
