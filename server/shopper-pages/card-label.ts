/**
 * A card as a shopper recognises it: "VISA •••• 1111". Ogone returns CARDNO masked
 * (`XXXXXXXXXXXX1111`, docs/ogone-protocol.md §5); only its last four digits are worth showing.
 */
export function cardLabel(brand: string | null | undefined, maskedNumber: string | null | undefined): string | undefined {
  const lastFour = /(\d{4})\s*$/.exec(maskedNumber ?? '')?.[1];
  const name = brand?.trim();
  if (!lastFour) return name || undefined;
  return name ? `${name} •••• ${lastFour}` : `•••• ${lastFour}`;
}
