import type { ShopperText } from './types.ts';

const es: ShopperText = {
  $code: 'es',
  title: {
    draft: 'Esperando su pago',
    pending: 'Pago en curso',
    authorized: 'Pago aceptado',
    captured: 'Pago recibido',
    partially_refunded: 'Pago reembolsado en parte',
    refunded: 'Pago reembolsado',
    cancelled: 'Pago cancelado',
    declined: 'Pago rechazado',
    error: 'El pago ha fallado',
    expired: 'Pago no completado',
    mismatch: 'Pago en revisión',
    abandoned: 'Pago no completado',
    unconfirmed: 'Pago aún no confirmado',
  },
  detail: {
    draft: 'Todavía no hemos recibido el resultado de este pago.',
    pending: 'Su banco aún está procesando este pago. Esta página se actualiza sola.',
    authorized: '¡Gracias! Su pago ha sido aceptado.',
    captured: '¡Gracias! Hemos recibido su pago.',
    partially_refunded: 'Parte de este pago se ha reembolsado en su tarjeta.',
    refunded: 'Este pago se ha reembolsado en su tarjeta.',
    cancelled: 'Este pago se ha cancelado.',
    declined: 'El pago ha sido rechazado.',
    error: 'No se pudo completar el pago.',
    expired: 'Este pago no se completó. Vuelva a la tienda para intentarlo de nuevo.',
    mismatch: 'Estamos comprobando este pago con la tienda. Le contactaremos si es necesario.',
    abandoned: 'Este pago no se completó. Vuelva a la tienda para intentarlo de nuevo.',
    unconfirmed:
      'Su banco aún no ha confirmado este pago. Vuelva a cargar esta página más tarde o contacte con la tienda indicando la referencia de abajo.',
  },
  reasons: {
    insufficient_funds: 'Su banco ha rechazado el pago: saldo insuficiente. Pruebe otra tarjeta.',
    card_expired: 'Esta tarjeta ha caducado. Pruebe otra tarjeta.',
    card_invalid: 'No se aceptaron los datos de la tarjeta. Revíselos o pruebe otra tarjeta.',
    authentication_failed: 'Su banco no pudo confirmar su identidad. Inténtelo de nuevo o use otra tarjeta.',
    refused: 'Su banco ha rechazado el pago. Pruebe otra tarjeta.',
    cancelled: 'Ha cancelado el pago.',
    technical: 'Un problema técnico ha detenido el pago. Inténtelo de nuevo en unos minutos.',
  },
  notCharged: 'No se le ha cobrado nada.',
  amount: 'Importe',
  reference: 'Referencia',
  card: 'Tarjeta',
  order: 'Pedido',
  returnToShop: 'Volver a la tienda',
  tryAgain: 'Intentar de nuevo',
  refreshing: 'Volvemos a comprobar en unos segundos…',
  supportDetails: (code) => `Datos para soporte: código ${code}`,
  notFound: {
    title: 'Pago no encontrado',
    detail: 'No hay ningún pago con esta referencia. Revise el enlace o contacte con la tienda.',
  },
  unconfirmedResult: {
    title: 'No hemos podido confirmar el resultado de este pago',
    signature:
      'Este enlace no procede de la página de pago. Si ha pagado, la tienda confirmará su pago; si no, vuelva a la tienda e inténtelo de nuevo.',
    incomplete:
      'El resultado de este pago está incompleto. Si ha pagado, la tienda confirmará su pago; si no, vuelva a la tienda e inténtelo de nuevo.',
    unknown: 'No conocemos este pago. Vuelva a la tienda y compruebe su pedido.',
  },
};
export default es;
