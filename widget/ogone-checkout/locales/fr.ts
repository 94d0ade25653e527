import type { Translation } from './types.ts';

const fr: Translation = {
  pay: (amount) => `Payer ${amount}`,
  loading: 'Chargement…',
  processing: 'Traitement…',
  saveCard: 'Enregistrer la carte',
  saveCardHint: 'Conservée par notre prestataire, pas par la boutique.',
  payWith: 'Payer avec',
  newCard: 'Utiliser une autre carte',
  expires: 'expire',
  forget: 'Oublier',
  forgetAsk: 'Oublier ?',
  yes: 'Oui',
  no: 'Non',
  choose: 'Choisissez d’abord une carte.',
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
