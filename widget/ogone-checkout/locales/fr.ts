import type { Translation } from './types.ts';

const fr: Translation = {
  $code: 'fr',
  pay: (amount) => `Payer ${amount}`,
  loading: 'Chargement…',
  processing: 'Traitement…',
  saveCard: 'Enregistrer ma carte pour mes prochains paiements',
  saveCardHint: 'Conservée par notre prestataire de paiement, jamais par cette boutique.',
  payWith: 'Payer avec',
  newCard: 'Nouvelle carte',
  quantity: 'Quantité',
  retry: 'Réessayer',
  completed: 'Paiement effectué. Merci !',
  errors: {
    session_paid: 'Ce paiement a déjà été effectué.',
    attempt_in_progress: 'Un paiement est déjà en cours. Patientez un instant pour connaître son résultat.',
    session_expired: 'Ce lien de paiement a expiré.',
    not_found: 'Paiement introuvable.',
    network: 'Serveur de paiement injoignable.',
    origin_not_allowed: 'Paiement indisponible sur cette page.',
    rate_limited: 'Trop de tentatives. Réessayez dans un instant.',
    payment_declined: 'Paiement refusé. Essayez une autre carte.',
    server: 'Le paiement n’a pas pu démarrer. Réessayez.',
  },
};
export default fr;
