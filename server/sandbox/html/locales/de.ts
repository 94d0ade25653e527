import type { PageTexts } from './types.ts';

export const de: PageTexts = {
  lang: 'de',
  title: 'Zahlung',
  merchant: 'Händler',
  orderReference: 'Bestellnummer',
  totalAmount: 'Gesamtbetrag',
  labels: { CARDNO: 'Kartennummer', ED: 'Ablaufdatum', CVC: 'Kartenprüfnummer (CVC)', CN: 'Name des Karteninhabers' },
  hints: {
    CARDNO: 'Die lange Nummer auf der Vorderseite der Karte',
    ED: 'Monat und Jahr, als MM/JJ',
    CVC: '3 Ziffern auf der Rückseite, 4 auf der Vorderseite einer American Express',
  },
  pay: 'Bezahlen',
  cancel: 'Abbrechen',
  errorSummary: 'Die Zahlung konnte nicht ausgeführt werden',
  refused: 'Ihre Zahlung wurde abgelehnt',
  tryAgain: (tries) =>
    `Sie können es mit einer anderen Karte erneut versuchen oder abbrechen (${tries} ${tries === 1 ? 'Versuch' : 'Versuche'} übrig).`,
  saveCardLegend: 'Karte speichern',
  saveCardLabel: (merchant) => `Meine Kartendaten für meine nächsten Zahlungen bei ${merchant} speichern`,
  savedCard: (brand, cardNo, expiry) =>
    `Gespeicherte Karte: ${brand} ${cardNo}, gültig bis ${expiry}. Lassen Sie die Kartennummer unverändert, um mit ihr zu bezahlen.`,
  flex: {
    title: 'Karte speichern',
    intro: (merchant) => `Ihre Karte wird für Ihre nächsten Zahlungen bei ${merchant} sicher gespeichert. Es wird jetzt nichts belastet.`,
    save: 'Karte speichern',
    errorSummary: 'Die Karte konnte nicht gespeichert werden',
  },
};
