import type { PageTexts } from './types.ts';

export const es: PageTexts = {
  lang: 'es',
  title: 'Pago',
  merchant: 'Comercio',
  orderReference: 'Referencia del pedido',
  totalAmount: 'Importe total',
  labels: {
    CARDNO: 'Número de tarjeta',
    ED: 'Fecha de caducidad',
    CVC: 'Código de verificación (CVC)',
    CN: 'Nombre del titular de la tarjeta',
  },
  hints: {
    CARDNO: 'El número largo del anverso de la tarjeta',
    ED: 'Mes y año, como MM/AA',
    CVC: '3 dígitos en el reverso, 4 en el anverso de una American Express',
  },
  pay: 'Pagar',
  cancel: 'Cancelar',
  errorSummary: 'No se ha podido realizar el pago',
  refused: 'Su pago ha sido rechazado',
  tryAgain: (tries) =>
    `Puede intentarlo de nuevo con otra tarjeta, o cancelar (${tries} ${tries === 1 ? 'intento restante' : 'intentos restantes'}).`,
  saveCardLegend: 'Guardar su tarjeta',
  saveCardLabel: (merchant) => `Guardar los datos de mi tarjeta para mis próximos pagos en ${merchant}`,
  savedCard: (brand, cardNo, expiry) =>
    `Tarjeta guardada: ${brand} ${cardNo}, caduca ${expiry}. Deje el número tal cual para pagar con ella.`,
  flex: {
    title: 'Guardar su tarjeta',
    intro: (merchant) => `Su tarjeta se guarda de forma segura para sus próximos pagos en ${merchant}. No se cobra nada ahora.`,
    save: 'Guardar tarjeta',
    errorSummary: 'No se ha podido guardar la tarjeta',
  },
};
