import type { Translation } from './types.ts';

const es: Translation = {
  $code: 'es',
  pay: (amount) => `Pagar ${amount}`,
  loading: 'Cargando…',
  processing: 'Procesando…',
  saveCard: 'Guardar mi tarjeta para futuros pagos',
  saveCardHint: 'La guarda nuestro proveedor de pagos, nunca esta tienda.',
  payWith: 'Pagar con',
  newCard: 'Tarjeta nueva',
  quantity: 'Cantidad',
  retry: 'Reintentar',
  completed: 'Pago completado. ¡Gracias!',
  errors: {
    session_paid: 'Este pago ya se ha realizado.',
    attempt_in_progress: 'Ya se está procesando un pago. Espere un momento a su resultado.',
    session_expired: 'Este enlace de pago ha caducado.',
    not_found: 'Pago no encontrado.',
    network: 'No se puede contactar con el servidor de pagos.',
    origin_not_allowed: 'Pago no disponible en esta página.',
    rate_limited: 'Demasiados intentos. Inténtelo en un momento.',
    payment_declined: 'Pago rechazado. Pruebe otra tarjeta.',
    server: 'No se pudo iniciar el pago. Reintente.',
  },
};
export default es;
