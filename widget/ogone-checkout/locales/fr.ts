import type { Translation } from './types.ts';

const fr: Translation = {
  pay: (amount) => `Payer ${amount}`,
  processing: 'Traitement…',
  saveCard: 'Enregistrer la carte',
  saveCardHint: 'Seul notre prestataire la conserve.',
  chooseCard: 'Choisissez une carte',
  newCard: 'Autre carte',
  expires: 'expire',
  forget: 'Oublier',
  forgetAsk: 'Oublier ?',
  yes: 'Oui',
  no: 'Non',
  quantity: 'Quantité',
  retry: 'Réessayer',
  completed: 'Paiement effectué.',
  setupHint: 'Rien n’est débité maintenant.',
  saved: 'Carte enregistrée.',
  errors: {
    session_paid: 'Déjà payé.',
    attempt_in_progress: 'Un paiement est déjà en cours.',
    session_expired: 'Ce lien a expiré.',
    not_found: 'Paiement introuvable.',
    network: 'Serveur de paiement injoignable.',
    origin_not_allowed: 'Paiement indisponible ici.',
    rate_limited: 'Trop de tentatives.',
    payment_declined: 'Paiement refusé.',
    server: 'Une erreur est survenue.',
  },
};
export default fr;
