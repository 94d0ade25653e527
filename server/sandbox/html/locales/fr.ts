import type { PageTexts } from './types.ts';

export const fr: PageTexts = {
  lang: 'fr',
  title: 'Paiement',
  merchant: 'Marchand',
  orderReference: 'Référence de la commande',
  totalAmount: 'Montant total',
  labels: { CARDNO: 'Numéro de carte', ED: "Date d'expiration", CVC: 'Code de vérification (CVC)', CN: 'Nom du titulaire de la carte' },
  hints: {
    CARDNO: 'Le long numéro au recto de la carte',
    ED: 'Mois et année, au format MM/AA',
    CVC: '3 chiffres au verso, 4 au recto pour une American Express',
  },
  pay: 'Payer',
  cancel: 'Annuler',
  errorSummary: "Le paiement n'a pas pu être effectué",
  refused: 'Votre paiement a été refusé',
  tryAgain: (tries) =>
    `Vous pouvez réessayer avec une autre carte, ou annuler (${tries} ${tries === 1 ? 'essai restant' : 'essais restants'}).`,
  saveCardLegend: 'Enregistrer votre carte',
  saveCardLabel: (merchant) => `Enregistrer ma carte pour mes prochains paiements chez ${merchant}`,
  savedCard: (brand, cardNo, expiry) =>
    `Carte enregistrée : ${brand} ${cardNo}, expire fin ${expiry}. Laissez le numéro tel quel pour payer avec elle.`,
  flex: {
    title: 'Enregistrer votre carte',
    intro: (merchant) =>
      `Votre carte est enregistrée en toute sécurité pour vos prochains paiements chez ${merchant}. Rien n'est débité maintenant.`,
    save: 'Enregistrer la carte',
    errorSummary: "La carte n'a pas pu être enregistrée",
  },
};
