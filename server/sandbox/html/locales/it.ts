import type { PageTexts } from './types.ts';

export const it: PageTexts = {
  lang: 'it',
  title: 'Pagamento',
  merchant: 'Esercente',
  orderReference: "Riferimento dell'ordine",
  totalAmount: 'Importo totale',
  labels: { CARDNO: 'Numero della carta', ED: 'Data di scadenza', CVC: 'Codice di verifica (CVC)', CN: 'Nome del titolare della carta' },
  hints: {
    CARDNO: 'Il numero lungo sul fronte della carta',
    ED: 'Mese e anno, come MM/AA',
    CVC: '3 cifre sul retro, 4 sul fronte di una American Express',
  },
  pay: 'Paga',
  cancel: 'Annulla',
  errorSummary: 'Non è stato possibile effettuare il pagamento',
  refused: 'Il suo pagamento è stato rifiutato',
  tryAgain: (tries) =>
    `Può riprovare con un'altra carta, o annullare (${tries} ${tries === 1 ? 'tentativo rimasto' : 'tentativi rimasti'}).`,
  saveCardLegend: 'Salvare la carta',
  saveCardLabel: (merchant) => `Salva i dati della mia carta per i miei prossimi pagamenti presso ${merchant}`,
  savedCard: (brand, cardNo, expiry) =>
    `Carta salvata: ${brand} ${cardNo}, scade ${expiry}. Lasci il numero così com'è per pagare con essa.`,
  flex: {
    title: 'Salva la tua carta',
    intro: (merchant) =>
      `La tua carta viene salvata in modo sicuro per i tuoi prossimi pagamenti presso ${merchant}. Ora non viene addebitato nulla.`,
    save: 'Salva carta',
    errorSummary: 'Non è stato possibile salvare la carta',
  },
};
