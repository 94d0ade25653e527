import type { PageTexts } from './types.ts';

export const nl: PageTexts = {
  lang: 'nl',
  title: 'Betaling',
  merchant: 'Handelaar',
  orderReference: 'Bestelreferentie',
  totalAmount: 'Totaalbedrag',
  labels: { CARDNO: 'Kaartnummer', ED: 'Vervaldatum', CVC: 'Verificatiecode (CVC)', CN: 'Naam van de kaarthouder' },
  hints: {
    CARDNO: 'Het lange nummer op de voorkant van de kaart',
    ED: 'Maand en jaar, als MM/JJ',
    CVC: '3 cijfers op de achterkant, 4 op de voorkant van een American Express',
  },
  pay: 'Betalen',
  cancel: 'Annuleren',
  errorSummary: 'De betaling kon niet worden uitgevoerd',
  refused: 'Uw betaling is geweigerd',
  tryAgain: (tries) =>
    `U kunt het opnieuw proberen met een andere kaart, of annuleren (nog ${tries} ${tries === 1 ? 'poging' : 'pogingen'}).`,
  saveCardLegend: 'Uw kaart bewaren',
  saveCardLabel: (merchant) => `Mijn kaartgegevens bewaren voor mijn volgende betalingen bij ${merchant}`,
  savedCard: (brand, cardNo, expiry) =>
    `Bewaarde kaart: ${brand} ${cardNo}, vervalt ${expiry}. Laat het kaartnummer staan om ermee te betalen.`,
  flex: {
    title: 'Uw kaart opslaan',
    intro: (merchant) => `Uw kaart wordt veilig bewaard voor uw volgende betalingen bij ${merchant}. Er wordt nu niets afgeschreven.`,
    save: 'Kaart opslaan',
    errorSummary: 'De kaart kon niet worden opgeslagen',
  },
};
