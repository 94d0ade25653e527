import type { Translation } from './types.ts';

const es: Translation = {
  pay: (amount) => `Pagar ${amount}`,
  processing: 'Procesando…',
  saveCard: 'Guardar tarjeta',
  saveCardHint: 'Solo la guarda nuestro proveedor.',
  chooseCard: 'Elija una tarjeta',
  newCard: 'Otra tarjeta',
  expires: 'caduca',
  forget: 'Olvidar',
  forgetAsk: '¿Olvidar?',
  yes: 'Sí',
  no: 'No',
  quantity: 'Cantidad',
  retry: 'Reintentar',
  completed: 'Pago completado.',
  setupHint: 'Ahora no se cobra nada.',
  saved: 'Tarjeta guardada.',
  errors: {
    session_paid: 'Ya pagado.',
    attempt_in_progress: 'Ya hay un pago en curso.',
    session_expired: 'Este enlace ha caducado.',
    not_found: 'Pago no encontrado.',
    network: 'Servidor de pagos inaccesible.',
    origin_not_allowed: 'Pago no disponible aquí.',
    rate_limited: 'Demasiados intentos.',
    payment_declined: 'Pago rechazado.',
    server: 'Algo ha fallado.',
  },
};
export default es;
