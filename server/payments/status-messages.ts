/** Words of the status page, per language (English fallback). */
import type { PaymentState } from '../../shared/status.ts';

export interface StatusMessages {
  title: Record<PaymentState | 'mismatch', string>;
  detail: Record<PaymentState | 'mismatch', string>;
  amount: string;
  reference: string;
  reason: string;
  continue: string;
  refreshing: string;
}

const en: StatusMessages = {
  title: {
    draft: 'Waiting for your payment',
    pending: 'Payment in progress',
    authorized: 'Payment accepted',
    captured: 'Payment received',
    partially_refunded: 'Payment partially refunded',
    refunded: 'Payment refunded',
    cancelled: 'Payment cancelled',
    declined: 'Payment declined',
    error: 'Payment failed',
    expired: 'Payment not completed',
    mismatch: 'Payment under review',
  },
  detail: {
    draft: 'We have not received the result of this payment yet.',
    pending: 'Your bank is still processing this payment. This page refreshes by itself.',
    authorized: 'Thank you! Your payment has been authorised.',
    captured: 'Thank you! Your payment has been received.',
    partially_refunded: 'Part of this payment has been refunded.',
    refunded: 'This payment has been refunded.',
    cancelled: 'The payment was cancelled. You have not been charged.',
    declined: 'The payment was refused. You have not been charged.',
    error: 'The payment could not be completed. You have not been charged.',
    expired: 'This payment was not completed in time. You have not been charged.',
    mismatch: 'We are checking this payment with the shop. You will be contacted if needed.',
  },
  amount: 'Amount',
  reference: 'Reference',
  reason: 'Reason',
  continue: 'Return to the shop',
  refreshing: 'Refreshing…',
};

const fr: StatusMessages = {
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
  },
  detail: {
    draft: "Nous n'avons pas encore reçu le résultat de ce paiement.",
    pending: 'Votre banque traite encore ce paiement. Cette page se met à jour toute seule.',
    authorized: 'Merci ! Votre paiement a été autorisé.',
    captured: 'Merci ! Votre paiement a été reçu.',
    partially_refunded: 'Une partie de ce paiement a été remboursée.',
    refunded: 'Ce paiement a été remboursé.',
    cancelled: "Le paiement a été annulé. Vous n'avez pas été débité.",
    declined: "Le paiement a été refusé. Vous n'avez pas été débité.",
    error: "Le paiement n'a pas pu aboutir. Vous n'avez pas été débité.",
    expired: "Ce paiement n'a pas été finalisé à temps. Vous n'avez pas été débité.",
    mismatch: 'Nous vérifions ce paiement avec la boutique.',
  },
  amount: 'Montant',
  reference: 'Référence',
  reason: 'Motif',
  continue: 'Retour à la boutique',
  refreshing: 'Actualisation…',
};

const nl: StatusMessages = {
  title: {
    draft: 'Wachten op uw betaling',
    pending: 'Betaling wordt verwerkt',
    authorized: 'Betaling geaccepteerd',
    captured: 'Betaling ontvangen',
    partially_refunded: 'Betaling gedeeltelijk terugbetaald',
    refunded: 'Betaling terugbetaald',
    cancelled: 'Betaling geannuleerd',
    declined: 'Betaling geweigerd',
    error: 'Betaling mislukt',
    expired: 'Betaling niet voltooid',
    mismatch: 'Betaling wordt gecontroleerd',
  },
  detail: {
    draft: 'We hebben het resultaat van deze betaling nog niet ontvangen.',
    pending: 'Uw bank verwerkt deze betaling nog. Deze pagina ververst vanzelf.',
    authorized: 'Bedankt! Uw betaling is goedgekeurd.',
    captured: 'Bedankt! Uw betaling is ontvangen.',
    partially_refunded: 'Een deel van deze betaling is terugbetaald.',
    refunded: 'Deze betaling is terugbetaald.',
    cancelled: 'De betaling is geannuleerd. Er is niets afgeschreven.',
    declined: 'De betaling is geweigerd. Er is niets afgeschreven.',
    error: 'De betaling kon niet worden voltooid. Er is niets afgeschreven.',
    expired: 'Deze betaling is niet op tijd voltooid. Er is niets afgeschreven.',
    mismatch: 'We controleren deze betaling met de winkel.',
  },
  amount: 'Bedrag',
  reference: 'Referentie',
  reason: 'Reden',
  continue: 'Terug naar de winkel',
  refreshing: 'Verversen…',
};

const de: StatusMessages = {
  title: {
    draft: 'Warten auf Ihre Zahlung',
    pending: 'Zahlung in Bearbeitung',
    authorized: 'Zahlung akzeptiert',
    captured: 'Zahlung erhalten',
    partially_refunded: 'Zahlung teilweise erstattet',
    refunded: 'Zahlung erstattet',
    cancelled: 'Zahlung abgebrochen',
    declined: 'Zahlung abgelehnt',
    error: 'Zahlung fehlgeschlagen',
    expired: 'Zahlung nicht abgeschlossen',
    mismatch: 'Zahlung wird geprüft',
  },
  detail: {
    draft: 'Das Ergebnis dieser Zahlung liegt noch nicht vor.',
    pending: 'Ihre Bank bearbeitet diese Zahlung noch. Diese Seite aktualisiert sich selbst.',
    authorized: 'Danke! Ihre Zahlung wurde autorisiert.',
    captured: 'Danke! Ihre Zahlung ist eingegangen.',
    partially_refunded: 'Ein Teil dieser Zahlung wurde erstattet.',
    refunded: 'Diese Zahlung wurde erstattet.',
    cancelled: 'Die Zahlung wurde abgebrochen. Es wurde nichts abgebucht.',
    declined: 'Die Zahlung wurde abgelehnt. Es wurde nichts abgebucht.',
    error: 'Die Zahlung konnte nicht abgeschlossen werden. Es wurde nichts abgebucht.',
    expired: 'Diese Zahlung wurde nicht rechtzeitig abgeschlossen. Es wurde nichts abgebucht.',
    mismatch: 'Wir prüfen diese Zahlung mit dem Shop.',
  },
  amount: 'Betrag',
  reference: 'Referenz',
  reason: 'Grund',
  continue: 'Zurück zum Shop',
  refreshing: 'Aktualisierung…',
};

const BY_LANGUAGE: Readonly<Record<string, StatusMessages>> = { en, fr, nl, de };

/** The first supported language among `candidates` (BCP 47 tags or Ogone codes), else English. */
export function pickStatusLanguage(candidates: ReadonlyArray<string | null | undefined>): { language: string; messages: StatusMessages } {
  for (const candidate of candidates) {
    const language = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    if (language && BY_LANGUAGE[language]) return { language, messages: BY_LANGUAGE[language]! };
  }
  return { language: 'en', messages: en };
}

/** Languages of an Accept-Language header, by preference. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.tag !== '*')
    .sort((a, b) => b.q - a.q)
    .map((entry) => entry.tag);
}
