import type { ShopperText } from './types.ts';

const fr: ShopperText = {
  $code: 'fr',
  title: {
    draft: 'En attente de votre paiement',
    pending: 'Paiement en cours',
    authorized: 'Paiement accepté',
    captured: 'Paiement reçu',
    partially_refunded: 'Paiement partiellement remboursé',
    refunded: 'Paiement remboursé',
    cancelled: 'Paiement annulé',
    declined: 'Paiement refusé',
    error: 'Échec du paiement',
    expired: 'Paiement non finalisé',
    mismatch: 'Paiement en vérification',
    abandoned: 'Paiement non finalisé',
    unconfirmed: 'Paiement pas encore confirmé',
  },
  detail: {
    draft: 'Nous n’avons pas encore reçu le résultat de ce paiement.',
    pending: 'Votre banque traite encore ce paiement. Cette page se met à jour toute seule.',
    authorized: 'Merci ! Votre paiement a été accepté.',
    captured: 'Merci ! Votre paiement a été reçu.',
    partially_refunded: 'Une partie de ce paiement a été remboursée sur votre carte.',
    refunded: 'Ce paiement a été remboursé sur votre carte.',
    cancelled: 'Ce paiement a été annulé.',
    declined: 'Le paiement a été refusé.',
    error: 'Le paiement n’a pas pu aboutir.',
    expired: 'Ce paiement n’a pas été finalisé. Retournez à la boutique pour réessayer.',
    mismatch: 'Nous vérifions ce paiement avec la boutique. Vous serez contacté si nécessaire.',
    abandoned: 'Ce paiement n’a pas été finalisé. Retournez à la boutique pour réessayer.',
    unconfirmed:
      'Votre banque n’a pas encore confirmé ce paiement. Rechargez cette page plus tard, ou contactez la boutique avec la référence ci-dessous.',
  },
  reasons: {
    insufficient_funds: 'Votre banque a refusé le paiement : provision insuffisante. Essayez une autre carte.',
    card_expired: 'Cette carte a expiré. Essayez une autre carte.',
    card_invalid: 'Les données de la carte n’ont pas été acceptées. Vérifiez-les ou essayez une autre carte.',
    authentication_failed: 'Votre banque n’a pas pu confirmer votre identité. Réessayez ou utilisez une autre carte.',
    refused: 'Votre banque a refusé le paiement. Essayez une autre carte.',
    cancelled: 'Vous avez annulé le paiement.',
    technical: 'Un problème technique a interrompu le paiement. Réessayez dans quelques minutes.',
  },
  notCharged: 'Vous n’avez pas été débité.',
  amount: 'Montant',
  reference: 'Référence',
  card: 'Carte',
  order: 'Commande',
  returnToShop: 'Retour à la boutique',
  tryAgain: 'Réessayer',
  refreshing: 'Nouvelle vérification dans quelques secondes…',
  supportDetails: (code) => `Détails pour le support : code ${code}`,
  notFound: {
    title: 'Paiement introuvable',
    detail: 'Aucun paiement ne porte cette référence. Vérifiez le lien suivi ou contactez la boutique.',
  },
  unconfirmedResult: {
    title: 'Nous n’avons pas pu confirmer ce résultat de paiement',
    signature:
      'Ce lien ne provient pas de la page de paiement. Si vous avez payé, la boutique confirmera votre paiement ; sinon, retournez à la boutique et réessayez.',
    incomplete:
      'Ce résultat de paiement est incomplet. Si vous avez payé, la boutique confirmera votre paiement ; sinon, retournez à la boutique et réessayez.',
    unknown: 'Nous ne connaissons pas ce paiement. Retournez à la boutique et vérifiez votre commande.',
  },
};
export default fr;
