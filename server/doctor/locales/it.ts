/** Il doctor in italiano (le stesse chiavi di en.ts). */
import type { DoctorMessages } from './en.ts';

export const it: DoctorMessages = {
  title: 'ogone-checkout doctor',
  findings: 'Risultati',
  checklist: 'Back office Ogone: Configurazione › Informazioni tecniche',
  globalSecurity: 'Parametri di sicurezza globali',
  dataOrigin: 'Verifica dei dati e dell’origine',
  transactionFeedback: 'Feedback sulla transazione',
  apiUser: 'Utenti › utente API',
  alias: 'Alias',
  summaryOk: 'Nessun problema trovato.',
  summaryProblems: (errors, warnings) => `${errors} errore/i, ${warnings} avviso/i.`,

  passphraseMissing: (name, label) => `${name} non è impostata: la passphrase ${label} è obbligatoria`,
  passphraseLength: (name, length, label, min, max) =>
    `${name} ha ${length} caratteri: la passphrase ${label} deve avere da ${min} a ${max} caratteri`,
  passphraseSet: (name, length) => `${name} è impostata (${length} caratteri)`,
  passphrasesEqual: () => 'OGONE_SHA_IN e OGONE_SHA_OUT sono uguali: usate due passphrase diverse',
  hashAlgorithmUnknown: () => `OGONE_HASH_ALGORITHM non è sha1, sha256 né sha512`,
  hashAlgorithmSha1: () => 'è in uso sha1: scegliete SHA-512 nel back office e impostate OGONE_HASH_ALGORITHM=sha512',
  hashAlgorithmOk: (algorithm) => `algoritmo di hash ${algorithm}`,
  publicUrlMissing: () => 'PUBLIC_URL non è impostato: Ogone ha bisogno dell’indirizzo di questo server per gli URL di ritorno',
  publicUrlInvalid: (raw) => `PUBLIC_URL ${raw} non è un URL assoluto`,
  publicUrlNotHttps: (protocol) =>
    `PUBLIC_URL usa ${protocol} in produzione: le notifiche e i browser degli acquirenti devono raggiungere un indirizzo https`,
  publicUrlLocal: (hostname) => `PUBLIC_URL punta a ${hostname}: Ogone non può raggiungere un indirizzo locale`,
  publicUrlOk: (origin) => `indirizzo pubblico ${origin}`,
  environmentDisabled: () => 'OGONE_ENVIRONMENT=disabled: i pagamenti sono disattivati',
  baseUrlInvalid: (base) => `OGONE_BASE_URL ${base} non è un URL assoluto`,
  productionOnTestPlatform: (where) => `OGONE_ENVIRONMENT=production ma OGONE_BASE_URL punta a una piattaforma di test (${where})`,
  productionTestPspid: (pspid) => `OGONE_ENVIRONMENT=production con il PSPID ${pspid}, che sembra un account di test`,
  testOnProductionPlatform: (where) => `OGONE_ENVIRONMENT=test ma OGONE_BASE_URL punta a una piattaforma di produzione (${where})`,
  environmentOk: (environment) => `ambiente ${environment}`,
  sandboxExposed: (origin) =>
    `OGONE_ENVIRONMENT=sandbox su ${origin}: un simulatore di pagamento (le carte di test «pagano») su un indirizzo raggiungibile da altri; impostate le variabili OGONE_* dell’account Ogone e OGONE_ENVIRONMENT=test o production`,
  webhookUrlHttp: () =>
    'WEBHOOK_URL usa http in produzione: gli eventi di pagamento e i dati dei clienti viaggerebbero in chiaro; usate un URL https',
  allowedOriginsAny: () =>
    'ALLOWED_ORIGINS=* in produzione: qualsiasi pagina web può chiamare gli endpoint del pagamento dal browser di un acquirente; elencate le origini del negozio',
  credentialMissing: (name) => `${name} non è impostato`,
  placeholderValue: (name) =>
    `${name} contiene ancora il segnaposto change-me del file di esempio, che è pubblico (nel repository e nel pacchetto): sostituirlo con un valore proprio`,
  merchantApiKeysMissing: () => 'MERCHANT_API_KEYS non è impostato: l’API del commerciante richiede almeno una chiave',
  webhookSecretMissing: () => 'WEBHOOK_URL è impostato senza WEBHOOK_SECRET: i webhook non potrebbero essere firmati',
  webhookSecretPrevious: () =>
    'WEBHOOK_SECRET_PREVIOUS è impostato: ogni invio porta due firme, una per ciascun segreto; rimuovetelo (e riavviate) quando il negozio verifica con il nuovo WEBHOOK_SECRET',
  configuration: (variable, problem) => `serve si rifiuterebbe di partire a causa di ${variable}: «${problem}»`,

  originsDefault: (origin) =>
    `ALLOWED_ORIGINS non è impostato: gli endpoint del widget rispondono solo alle pagine di ${origin} (l’origine di PUBLIC_URL). Un widget incorporato su un’altra origine viene rifiutato dal browser (CORS) e mostra «Payment server unreachable»: elencate le origini del negozio in ALLOWED_ORIGINS`,
  originsDefaultUnknown: () =>
    'ALLOWED_ORIGINS e PUBLIC_URL non sono impostati: gli endpoint del widget rispondono solo alle pagine dell’origine di questo server; un widget sulle pagine del negozio viene rifiutato da CORS',
  originsListed: (origins) =>
    `ALLOWED_ORIGINS consente il widget sulle pagine di ${origins}; una pagina di qualsiasi altra origine (compresa quella di PUBLIC_URL) viene rifiutata da CORS`,
  originsAnyAllowed: () =>
    'ALLOWED_ORIGINS=*: una pagina di qualsiasi origine può usare il widget (accettabile durante l’integrazione, non in produzione)',

  noAnswerWithin: (seconds) => `nessuna risposta entro ${seconds} s`,
  returnRouteMissing: (url, status) => `${url} ha risposto HTTP ${status}: la rotta di ritorno non è raggiungibile lì`,
  returnRouteRedirects: (url, status, location) =>
    `${url} ha risposto HTTP ${status}, un reindirizzamento${location ? ` verso ${location}` : ''}: Ogone non segue un reindirizzamento del suo feedback, che così non raggiunge mai il server — impostare PUBLIC_URL sull'indirizzo che risponde direttamente (https, host e percorso finali)`,
  returnRouteOk: (url, status) => `${url} risponde (HTTP ${status} a una richiesta vuota)`,
  returnRouteDown: (url, reason) => `${url} non risponde: ${reason}`,
  databaseReachable: (where) => `database raggiungibile (${where})`,
  databaseDown: (where, reason) => `database non raggiungibile (${where}): ${reason}`,
  sqliteWillBeCreated: (file) => `il database SQLite verrà creato in ${file}`,
  dataDirNotWritable: (dir) => `DATA_DIR ${dir} non è scrivibile: il database SQLite non può essere creato`,
  sqliteReadable: (file) => `database SQLite leggibile in ${file}`,
  schemaNewer: (where, database, release, unknown) =>
    `il database in ${where} ha lo schema ${database}, più recente di quello di questa versione, ${release} (migrazioni sconosciute: ${unknown}): serve rifiuta di avviarsi; eseguire la versione che lo ha aggiornato (o una successiva), o ripristinare un backup fatto prima di quell'aggiornamento`,
  sqliteUnreadable: (file, reason) => `il database SQLite ${file} non si apre: ${reason}`,
  apiUserOk: (userId, pspid) =>
    `DirectLink accetta l’utente API ${userId} del PSPID ${pspid}: un’interrogazione su un ordine inesistente ha ricevuto «ordine sconosciuto» (NCERROR 50001130)`,
  apiUserWrongPspid: (pspid) => `DirectLink non conosce il PSPID ${pspid} (NCERROR 50001118): controllate OGONE_PSPID`,
  apiUserWrongPassword: (userId) =>
    `DirectLink ha rifiutato l’utente API ${userId} (NCERROR 50001119): controllate OGONE_USER_ID e OGONE_PASSWORD, e che l’utente sia un utente API non bloccato`,
  apiUserShaMismatch: () =>
    'DirectLink ha rifiutato la firma (NCERROR 50001184): OGONE_SHA_IN è diversa dalla passphrase SHA-IN in «Checks for DirectLink and automatic Batch»',
  apiUserWrongAlgorithm: (configured: string, working: string) =>
    `DirectLink ha rifiutato la firma fatta con ${configured} (NCERROR 50001184) e accettato quella fatta con ${working}: impostate OGONE_HASH_ALGORITHM=${working}, l’algoritmo scelto in «Global security parameters» (la passphrase SHA-IN è giusta)`,
  apiUserIpRefused: () =>
    'DirectLink ha rifiutato l’indirizzo IP di questo server (NCERROR 50001116): aggiungetelo in «Checks for DirectLink and automatic Batch › IP address»',
  apiUserRefused: (ncError) =>
    `DirectLink ha rifiutato l’interrogazione di prova con NCERROR ${ncError}: l’utente API non può essere confermato`,
  apiUserUnreachable: (reason) => `non è stato possibile interrogare DirectLink: ${reason}`,
  webhookOk: (url, status) => `WEBHOOK_URL ${url} ha accettato un evento ping firmato (HTTP ${status})`,
  webhookRefused: (url, status) =>
    `WEBHOOK_URL ${url} ha risposto HTTP ${status} a un evento ping firmato: gli eventi verrebbero ritentati e poi abbandonati; deve rispondere 2xx`,
  webhookDown: (url, reason) => `WEBHOOK_URL ${url} non è raggiungibile: ${reason}; gli eventi di pagamento non verrebbero consegnati`,
  webhookNotSet: () => 'WEBHOOK_URL non è impostato: nessun evento di pagamento viene inviato al negozio',

  notSet: 'non impostato',
  characters: (count) => `${count} caratteri`,
  encodingValue: 'UTF-8 (inviamo alle pagine *_utf8.asp)',
  leaveBlank: 'lasciare vuoto (ogni richiesta è firmata con SHA-IN)',
  shaInValue: (length) => `il valore di OGONE_SHA_IN (${length})`,
  sameShaInValue: (length) => `lo stesso valore di OGONE_SHA_IN (${length})`,
  outgoingIp: 'l’indirizzo IP in uscita di questo server',
  tickRedirect: 'spuntare «I would like to receive transaction feedback parameters on the redirection URLs»',
  onlineDeferred: 'Online, ma passare a una richiesta differita quando le richieste online falliscono',
  shaOutValue: (length) => `il valore di OGONE_SHA_OUT (${length})`,
  noStatusRequest: 'Nessuna richiesta (i cambi di stato ci arrivano dalla riconciliazione e dalle risposte DirectLink)',
  operationSale: 'Vendita (SAL)',
  operationAuthorisation: 'Autorizzazione (RES)',
  userIdNotSet: 'non impostato (OGONE_USER_ID)',
  ticked: 'spuntato',
  passwordValue: 'il valore di OGONE_PASSWORD',
  aliasActive: 'attiva (carte salvate)',
  aliasReturned: 'attivato (altrimenti ALIAS manca nelle risposte DirectLink)',
  aliasSelected: 'selezionato (vedi Feedback sulla transazione)',
};
