import type { ShopperText } from './types.ts';

const it: ShopperText = {
  $code: 'it',
  title: {
    draft: 'In attesa del pagamento',
    pending: 'Pagamento in corso',
    authorized: 'Pagamento accettato',
    captured: 'Pagamento ricevuto',
    partially_refunded: 'Pagamento rimborsato in parte',
    refunded: 'Pagamento rimborsato',
    cancelled: 'Pagamento annullato',
    declined: 'Pagamento rifiutato',
    error: 'Pagamento non riuscito',
    expired: 'Pagamento non completato',
    mismatch: 'Pagamento in verifica',
    abandoned: 'Pagamento non completato',
    unconfirmed: 'Pagamento non ancora confermato',
  },
  detail: {
    draft: 'Non abbiamo ancora ricevuto l’esito di questo pagamento.',
    pending: 'La sua banca sta ancora elaborando questo pagamento. Questa pagina si aggiorna da sola.',
    authorized: 'Grazie! Il pagamento è stato accettato.',
    captured: 'Grazie! Il pagamento è stato ricevuto.',
    partially_refunded: 'Parte di questo pagamento è stata rimborsata sulla sua carta.',
    refunded: 'Questo pagamento è stato rimborsato sulla sua carta.',
    cancelled: 'Questo pagamento è stato annullato.',
    declined: 'Il pagamento è stato rifiutato.',
    error: 'Non è stato possibile completare il pagamento.',
    expired: 'Questo pagamento non è stato completato. Torni al negozio per riprovare.',
    mismatch: 'Stiamo verificando questo pagamento con il negozio. Sarà contattato se necessario.',
    abandoned: 'Questo pagamento non è stato completato. Torni al negozio per riprovare.',
    unconfirmed:
      'La sua banca non ha ancora confermato questo pagamento. Ricarichi questa pagina più tardi o contatti il negozio indicando il riferimento qui sotto.',
  },
  reasons: {
    insufficient_funds: 'La sua banca ha rifiutato il pagamento: fondi insufficienti. Provi un’altra carta.',
    card_expired: 'Questa carta è scaduta. Provi un’altra carta.',
    card_invalid: 'I dati della carta non sono stati accettati. Li controlli o provi un’altra carta.',
    authentication_failed: 'La sua banca non ha potuto confermare la sua identità. Riprovi o usi un’altra carta.',
    refused: 'La sua banca ha rifiutato il pagamento. Provi un’altra carta.',
    cancelled: 'Ha annullato il pagamento.',
    technical: 'Un problema tecnico ha interrotto il pagamento. Riprovi tra qualche minuto.',
  },
  notCharged: 'Non le è stato addebitato nulla.',
  amount: 'Importo',
  reference: 'Riferimento',
  card: 'Carta',
  order: 'Ordine',
  returnToShop: 'Torna al negozio',
  tryAgain: 'Riprova',
  refreshing: 'Nuovo controllo tra pochi secondi…',
  supportDetails: (code) => `Dettagli per l’assistenza: codice ${code}`,
  notFound: {
    title: 'Pagamento non trovato',
    detail: 'Non esiste alcun pagamento con questo riferimento. Controlli il link o contatti il negozio.',
  },
  unconfirmedResult: {
    title: 'Non siamo riusciti a confermare l’esito di questo pagamento',
    signature:
      'Questo link non proviene dalla pagina di pagamento. Se ha pagato, il negozio confermerà il pagamento; altrimenti torni al negozio e riprovi.',
    incomplete:
      'L’esito di questo pagamento è incompleto. Se ha pagato, il negozio confermerà il pagamento; altrimenti torni al negozio e riprovi.',
    unknown: 'Non conosciamo questo pagamento. Torni al negozio e controlli il suo ordine.',
  },
};
export default it;
