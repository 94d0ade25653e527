/** El doctor en español (las mismas claves que en.ts). */
import type { DoctorMessages } from './en.ts';

export const es: DoctorMessages = {
  title: 'ogone-checkout doctor',
  findings: 'Hallazgos',
  checklist: 'Back office de Ogone: Configuración › Información técnica',
  globalSecurity: 'Parámetros de seguridad global',
  dataOrigin: 'Verificación de datos y origen',
  transactionFeedback: 'Información sobre la transacción',
  apiUser: 'Usuarios › usuario API',
  alias: 'Alias',
  summaryOk: 'No se encontró ningún problema.',
  summaryProblems: (errors, warnings) => `${errors} error(es), ${warnings} advertencia(s).`,

  passphraseMissing: (name, label) => `${name} no está definida: la frase secreta ${label} es obligatoria`,
  passphraseLength: (name, length, label, min, max) =>
    `${name} tiene ${length} caracteres: la frase secreta ${label} debe tener de ${min} a ${max} caracteres`,
  passphraseSet: (name, length) => `${name} está definida (${length} caracteres)`,
  passphrasesEqual: () => 'OGONE_SHA_IN y OGONE_SHA_OUT son iguales: use dos frases secretas distintas',
  hashAlgorithmUnknown: () => `OGONE_HASH_ALGORITHM no es sha1, sha256 ni sha512`,
  hashAlgorithmSha1: () => 'se usa sha1: elija SHA-512 en el back office y defina OGONE_HASH_ALGORITHM=sha512',
  hashAlgorithmOk: (algorithm) => `algoritmo de hash ${algorithm}`,
  publicUrlMissing: () => 'PUBLIC_URL no está definida: Ogone necesita la dirección de este servidor para las URL de retorno',
  publicUrlInvalid: (raw) => `PUBLIC_URL ${raw} no es una URL absoluta`,
  publicUrlNotHttps: (protocol) =>
    `PUBLIC_URL usa ${protocol} en producción: las notificaciones y los navegadores de los compradores deben llegar por https`,
  publicUrlLocal: (hostname) => `PUBLIC_URL apunta a ${hostname}: Ogone no puede llegar a una dirección local`,
  publicUrlOk: (origin) => `dirección pública ${origin}`,
  environmentDisabled: () => 'OGONE_ENVIRONMENT=disabled: los pagos están desactivados',
  baseUrlInvalid: (base) => `OGONE_BASE_URL ${base} no es una URL absoluta`,
  productionOnTestPlatform: (where) => `OGONE_ENVIRONMENT=production pero OGONE_BASE_URL apunta a una plataforma de pruebas (${where})`,
  productionTestPspid: (pspid) => `OGONE_ENVIRONMENT=production con el PSPID ${pspid}, que parece una cuenta de pruebas`,
  testOnProductionPlatform: (where) => `OGONE_ENVIRONMENT=test pero OGONE_BASE_URL apunta a una plataforma de producción (${where})`,
  environmentOk: (environment) => `entorno ${environment}`,
  sandboxExposed: (origin) =>
    `OGONE_ENVIRONMENT=sandbox en ${origin}: un simulador de pagos (las tarjetas de prueba «pagan») en una dirección accesible para otros; defina las variables OGONE_* de la cuenta de Ogone y OGONE_ENVIRONMENT=test o production`,
  webhookUrlHttp: () =>
    'WEBHOOK_URL usa http en producción: los eventos de pago y los datos de los clientes viajarían sin cifrar; use una URL https',
  allowedOriginsAny: () =>
    'ALLOWED_ORIGINS=* en producción: cualquier página web puede llamar a los endpoints del pago desde el navegador de un comprador; indique los orígenes de la tienda',
  credentialMissing: (name) => `${name} no está definida`,
  placeholderValue: (name) =>
    `${name} aún contiene el marcador change-me del archivo de ejemplo, que es público (en el repositorio y el paquete): sustitúyalo por un valor propio`,
  merchantApiKeysMissing: () => 'MERCHANT_API_KEYS no está definida: la API del comercio necesita al menos una clave',
  webhookSecretMissing: () => 'WEBHOOK_URL está definida sin WEBHOOK_SECRET: los webhooks no podrían firmarse',
  webhookSecretPrevious: () =>
    'WEBHOOK_SECRET_PREVIOUS está definida: cada envío lleva dos firmas, una con cada secreto; elimínela (y reinicie) cuando la tienda verifique con el nuevo WEBHOOK_SECRET',
  configuration: (variable, problem) => `serve se negaría a arrancar por ${variable}: «${problem}»`,

  originsDefault: (origin) =>
    `ALLOWED_ORIGINS no está definida: los endpoints del widget solo responden a páginas de ${origin} (el origen de PUBLIC_URL). Un widget incrustado en otro origen es rechazado por el navegador (CORS) y muestra «Payment server unreachable»: indique los orígenes de la tienda en ALLOWED_ORIGINS`,
  originsDefaultUnknown: () =>
    'ALLOWED_ORIGINS y PUBLIC_URL no están definidas: los endpoints del widget solo responden a páginas del origen de este servidor; un widget en las páginas de la tienda es rechazado por CORS',
  originsListed: (origins) =>
    `ALLOWED_ORIGINS permite el widget en páginas de ${origins}; una página de cualquier otro origen (incluido el de PUBLIC_URL) es rechazada por CORS`,
  originsAnyAllowed: () =>
    'ALLOWED_ORIGINS=*: una página de cualquier origen puede usar el widget (aceptable durante la integración, no en producción)',

  noAnswerWithin: (seconds) => `sin respuesta en ${seconds} s`,
  returnRouteMissing: (url, status) => `${url} respondió HTTP ${status}: la ruta de retorno no está accesible allí`,
  returnRouteRedirects: (url, status, location) =>
    `${url} respondió HTTP ${status}, una redirección${location ? ` a ${location}` : ''}: Ogone no sigue una redirección de su feedback, que nunca llega al servidor — ponga en PUBLIC_URL la dirección que responde por sí misma (https, el host y la ruta finales)`,
  returnRouteOk: (url, status) => `${url} responde (HTTP ${status} a una petición vacía)`,
  returnRouteDown: (url, reason) => `${url} no responde: ${reason}`,
  databaseReachable: (where) => `base de datos accesible (${where})`,
  databaseDown: (where, reason) => `base de datos no accesible (${where}): ${reason}`,
  sqliteWillBeCreated: (file) => `la base de datos SQLite se creará en ${file}`,
  dataDirNotWritable: (dir) => `DATA_DIR ${dir} no admite escritura: no se puede crear la base de datos SQLite`,
  sqliteReadable: (file) => `base de datos SQLite legible en ${file}`,
  schemaNewer: (where, database, release, unknown) =>
    `la base de datos en ${where} tiene el esquema ${database}, más reciente que el de esta versión, ${release} (migraciones desconocidas: ${unknown}): serve no arranca con ella; ejecute la versión que la actualizó (o una posterior), o restaure una copia de seguridad anterior a esa actualización`,
  sqliteUnreadable: (file, reason) => `la base de datos SQLite ${file} no se puede abrir: ${reason}`,
  apiUserOk: (userId, pspid) =>
    `DirectLink acepta al usuario API ${userId} del PSPID ${pspid}: una consulta sobre un pedido inexistente recibió «pedido desconocido» (NCERROR 50001130)`,
  apiUserWrongPspid: (pspid) => `DirectLink no conoce el PSPID ${pspid} (NCERROR 50001118): revise OGONE_PSPID`,
  apiUserWrongPassword: (userId) =>
    `DirectLink rechazó al usuario API ${userId} (NCERROR 50001119): revise OGONE_USER_ID y OGONE_PASSWORD, y que el usuario sea un usuario API no bloqueado`,
  apiUserShaMismatch: () =>
    'DirectLink rechazó la firma (NCERROR 50001184): OGONE_SHA_IN difiere de la frase secreta SHA-IN de «Checks for DirectLink and automatic Batch»',
  apiUserWrongAlgorithm: (configured: string, working: string) =>
    `DirectLink rechazó la firma hecha con ${configured} (NCERROR 50001184) y aceptó la hecha con ${working}: ponga OGONE_HASH_ALGORITHM=${working}, el algoritmo elegido en «Global security parameters» (la frase secreta SHA-IN es correcta)`,
  apiUserIpRefused: () =>
    'DirectLink rechazó la dirección IP de este servidor (NCERROR 50001116): añádala en «Checks for DirectLink and automatic Batch › IP address»',
  apiUserRefused: (ncError) => `DirectLink rechazó la consulta de prueba con NCERROR ${ncError}: no se puede confirmar el usuario API`,
  apiUserUnreachable: (reason) => `no se pudo consultar DirectLink: ${reason}`,
  webhookOk: (url, status) => `WEBHOOK_URL ${url} aceptó un evento ping firmado (HTTP ${status})`,
  webhookRefused: (url, status) =>
    `WEBHOOK_URL ${url} respondió HTTP ${status} a un evento ping firmado: los eventos se reintentarían y luego se abandonarían; debe responder 2xx`,
  webhookDown: (url, reason) => `WEBHOOK_URL ${url} no es accesible: ${reason}; los eventos de pago no se entregarían`,
  webhookNotSet: () => 'WEBHOOK_URL no está definida: no se envía ningún evento de pago a la tienda',

  notSet: 'no definida',
  characters: (count) => `${count} caracteres`,
  encodingValue: 'UTF-8 (enviamos a las páginas *_utf8.asp)',
  leaveBlank: 'dejar en blanco (cada petición se firma con SHA-IN)',
  shaInValue: (length) => `el valor de OGONE_SHA_IN (${length})`,
  sameShaInValue: (length) => `el mismo valor de OGONE_SHA_IN (${length})`,
  outgoingIp: 'la dirección IP de salida de este servidor',
  tickRedirect: 'marcar «I would like to receive transaction feedback parameters on the redirection URLs»',
  onlineDeferred: 'En línea, pero pasar a una petición diferida cuando fallen las peticiones en línea',
  shaOutValue: (length) => `el valor de OGONE_SHA_OUT (${length})`,
  noStatusRequest: 'Ninguna petición (los cambios de estado nos llegan por el conciliador y las respuestas de DirectLink)',
  operationSale: 'Venta (SAL)',
  operationAuthorisation: 'Autorización (RES)',
  userIdNotSet: 'no definido (OGONE_USER_ID)',
  ticked: 'marcado',
  passwordValue: 'el valor de OGONE_PASSWORD',
  aliasActive: 'activa (tarjetas guardadas)',
  aliasReturned: 'activado (si no, ALIAS falta en las respuestas de DirectLink)',
  aliasSelected: 'seleccionado (vea Información sobre la transacción)',
};
