import type { ShopperText } from './types.ts';

const nl: ShopperText = {
  $code: 'nl',
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
    abandoned: 'Betaling niet voltooid',
    unconfirmed: 'Betaling nog niet bevestigd',
  },
  detail: {
    draft: 'We hebben het resultaat van deze betaling nog niet ontvangen.',
    pending: 'Uw bank verwerkt deze betaling nog. Deze pagina ververst vanzelf.',
    authorized: 'Bedankt! Uw betaling is geaccepteerd.',
    captured: 'Bedankt! Uw betaling is ontvangen.',
    partially_refunded: 'Een deel van deze betaling is teruggestort op uw kaart.',
    refunded: 'Deze betaling is teruggestort op uw kaart.',
    cancelled: 'Deze betaling is geannuleerd.',
    declined: 'De betaling is geweigerd.',
    error: 'De betaling kon niet worden voltooid.',
    expired: 'Deze betaling is niet voltooid. Ga terug naar de winkel om het opnieuw te proberen.',
    mismatch: 'We controleren deze betaling met de winkel. Indien nodig nemen we contact met u op.',
    abandoned: 'Deze betaling is niet voltooid. Ga terug naar de winkel om het opnieuw te proberen.',
    unconfirmed:
      'Uw bank heeft deze betaling nog niet bevestigd. Laad deze pagina later opnieuw, of neem contact op met de winkel met de referentie hieronder.',
  },
  reasons: {
    insufficient_funds: 'Uw bank heeft de betaling geweigerd: onvoldoende saldo. Probeer een andere kaart.',
    card_expired: 'Deze kaart is verlopen. Probeer een andere kaart.',
    card_invalid: 'De kaartgegevens zijn niet geaccepteerd. Controleer ze, of probeer een andere kaart.',
    authentication_failed: 'Uw bank kon niet bevestigen dat u het was. Probeer het opnieuw, of gebruik een andere kaart.',
    refused: 'Uw bank heeft de betaling geweigerd. Probeer een andere kaart.',
    cancelled: 'U hebt de betaling geannuleerd.',
    technical: 'Een technisch probleem heeft de betaling gestopt. Probeer het over een paar minuten opnieuw.',
  },
  notCharged: 'Er is niets afgeschreven.',
  amount: 'Bedrag',
  reference: 'Referentie',
  card: 'Kaart',
  order: 'Bestelling',
  returnToShop: 'Terug naar de winkel',
  tryAgain: 'Opnieuw proberen',
  refreshing: 'Over enkele seconden controleren we opnieuw…',
  supportDetails: (code) => `Gegevens voor de klantenservice: code ${code}`,
  notFound: {
    title: 'Betaling niet gevonden',
    detail: 'Er is geen betaling met deze referentie. Controleer de link, of neem contact op met de winkel.',
  },
  unconfirmedResult: {
    title: 'We konden dit betaalresultaat niet bevestigen',
    signature:
      'Deze link komt niet van de betaalpagina. Als u hebt betaald, bevestigt de winkel uw betaling; ga anders terug naar de winkel en probeer het opnieuw.',
    incomplete:
      'Dit betaalresultaat is onvolledig. Als u hebt betaald, bevestigt de winkel uw betaling; ga anders terug naar de winkel en probeer het opnieuw.',
    unknown: 'We kennen deze betaling niet. Ga terug naar de winkel en controleer uw bestelling.',
  },
};
export default nl;
