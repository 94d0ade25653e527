/** Der Doctor auf Deutsch (dieselben Schlüssel wie en.ts). */
import type { DoctorMessages } from './en.ts';

export const de: DoctorMessages = {
  title: 'ogone-checkout Doctor',
  findings: 'Befunde',
  checklist: 'Ogone-Backoffice: Konfiguration › Technische Informationen',
  globalSecurity: 'Globale Sicherheitsparameter',
  dataOrigin: 'Daten- und Herkunftsprüfung',
  transactionFeedback: 'Transaktions-Feedback',
  apiUser: 'Benutzer › API-Benutzer',
  alias: 'Alias (gespeicherte Karten)',
  summaryOk: 'Kein Problem gefunden.',
  summaryProblems: (errors, warnings) => `${errors} Fehler, ${warnings} Warnung(en).`,

  passphraseMissing: (name, label) => `${name} ist nicht gesetzt: die ${label}-Passphrase ist erforderlich`,
  passphraseLength: (name, length, label, min, max) =>
    `${name} hat ${length} Zeichen: die ${label}-Passphrase muss ${min} bis ${max} Zeichen lang sein`,
  passphraseSet: (name, length) => `${name} ist gesetzt (${length} Zeichen)`,
  passphrasesEqual: () => 'OGONE_SHA_IN und OGONE_SHA_OUT sind gleich: verwenden Sie zwei verschiedene Passphrasen',
  hashAlgorithmUnknown: () => `OGONE_HASH_ALGORITHM ist weder sha1 noch sha256 noch sha512`,
  hashAlgorithmSha1: () => 'sha1 ist in Gebrauch: wählen Sie SHA-512 im Backoffice und setzen Sie OGONE_HASH_ALGORITHM=sha512',
  hashAlgorithmOk: (algorithm) => `Hash-Algorithmus ${algorithm}`,
  publicUrlMissing: () => 'PUBLIC_URL ist nicht gesetzt: Ogone braucht die Adresse dieses Servers für die Rücksprung-URLs',
  publicUrlInvalid: (raw) => `PUBLIC_URL ${raw} ist keine absolute URL`,
  publicUrlNotHttps: (protocol) =>
    `PUBLIC_URL verwendet ${protocol} in Produktion: Feedback und die Browser der Käufer müssen https erreichen`,
  publicUrlLocal: (hostname) => `PUBLIC_URL zeigt auf ${hostname}: Ogone kann keine lokale Adresse erreichen`,
  publicUrlOk: (origin) => `öffentliche Adresse ${origin}`,
  environmentDisabled: () => 'OGONE_ENVIRONMENT=disabled: Zahlungen sind abgeschaltet',
  baseUrlInvalid: (base) => `OGONE_BASE_URL ${base} ist keine absolute URL`,
  productionOnTestPlatform: (where) => `OGONE_ENVIRONMENT=production, aber OGONE_BASE_URL zeigt auf eine Testplattform (${where})`,
  productionTestPspid: (pspid) => `OGONE_ENVIRONMENT=production mit PSPID ${pspid}, die wie ein Testkonto aussieht`,
  testOnProductionPlatform: (where) => `OGONE_ENVIRONMENT=test, aber OGONE_BASE_URL zeigt auf eine Produktionsplattform (${where})`,
  environmentOk: (environment) => `Umgebung ${environment}`,
  sandboxExposed: (origin) =>
    `OGONE_ENVIRONMENT=sandbox auf ${origin}: ein Zahlungssimulator (Testkarten „zahlen“) unter einer für andere erreichbaren Adresse; setzen Sie die OGONE_*-Variablen des Ogone-Kontos und OGONE_ENVIRONMENT=test oder production`,
  webhookUrlHttp: () =>
    'WEBHOOK_URL verwendet http in Produktion: Zahlungsereignisse und Kundendaten würden unverschlüsselt übertragen; verwenden Sie eine https-URL',
  allowedOriginsAny: () =>
    'ALLOWED_ORIGINS=* in Produktion: jede Webseite kann die Checkout-Endpunkte aus dem Browser eines Käufers aufrufen; tragen Sie die Origins des Shops ein',
  credentialMissing: (name) => `${name} ist nicht gesetzt`,
  placeholderValue: (name) =>
    `${name} enthält noch den change-me-Platzhalter der Beispieldatei, der öffentlich ist (im Repository und im Paket): durch einen eigenen Wert ersetzen`,
  merchantApiKeysMissing: () => 'MERCHANT_API_KEYS ist nicht gesetzt: die Händler-API braucht mindestens einen Schlüssel',
  webhookSecretMissing: () => 'WEBHOOK_URL ist ohne WEBHOOK_SECRET gesetzt: Webhooks könnten nicht signiert werden',
  webhookSecretPrevious: () =>
    'WEBHOOK_SECRET_PREVIOUS ist gesetzt: jede Zustellung trägt zwei Signaturen, eine mit jedem Geheimnis; entfernen Sie es (und starten Sie neu), sobald der Shop mit dem neuen WEBHOOK_SECRET prüft',
  configuration: (variable, problem) => `serve würde wegen ${variable} nicht starten: „${problem}“`,

  originsDefault: (origin) =>
    `ALLOWED_ORIGINS ist nicht gesetzt: die Endpunkte des Widgets antworten nur Seiten auf ${origin} (dem Origin von PUBLIC_URL). Ein Widget auf einem anderen Origin wird vom Browser abgewiesen (CORS) und zeigt „Payment server unreachable“: tragen Sie die Origins des Shops in ALLOWED_ORIGINS ein`,
  originsDefaultUnknown: () =>
    'ALLOWED_ORIGINS und PUBLIC_URL sind nicht gesetzt: die Endpunkte des Widgets antworten nur Seiten auf dem eigenen Origin dieses Servers; ein Widget auf den Seiten des Shops wird per CORS abgewiesen',
  originsListed: (origins) =>
    `ALLOWED_ORIGINS erlaubt das Widget auf Seiten von ${origins}; eine Seite auf jedem anderen Origin (auch dem von PUBLIC_URL) wird per CORS abgewiesen`,
  originsAnyAllowed: () =>
    'ALLOWED_ORIGINS=*: eine Seite auf jedem Origin darf das Widget verwenden (während der Integration annehmbar, nicht in Produktion)',

  noAnswerWithin: (seconds) => `keine Antwort innerhalb von ${seconds} s`,
  returnRouteMissing: (url, status) => `${url} antwortete mit HTTP ${status}: die Rücksprung-Route ist dort nicht erreichbar`,
  returnRouteRedirects: (url, status, location) =>
    `${url} antwortete mit HTTP ${status}, einer Weiterleitung${location ? ` nach ${location}` : ''}: Ogone folgt keiner Weiterleitung seines Feedbacks, das den Server dann nie erreicht — PUBLIC_URL auf die Adresse setzen, die selbst antwortet (https, endgültiger Host und Pfad)`,
  returnRouteOk: (url, status) => `${url} antwortet (HTTP ${status} auf eine leere Anfrage)`,
  returnRouteDown: (url, reason) => `${url} antwortet nicht: ${reason}`,
  databaseReachable: (where) => `Datenbank erreichbar (${where})`,
  databaseDown: (where, reason) => `Datenbank nicht erreichbar (${where}): ${reason}`,
  sqliteWillBeCreated: (file) => `die SQLite-Datenbank wird unter ${file} angelegt`,
  dataDirNotWritable: (dir) => `DATA_DIR ${dir} ist nicht beschreibbar: die SQLite-Datenbank kann nicht angelegt werden`,
  sqliteReadable: (file) => `SQLite-Datenbank lesbar unter ${file}`,
  schemaNewer: (where, database, release, unknown) =>
    `die Datenbank unter ${where} hat das Schema ${database}, neuer als ${release} dieser Version (unbekannte Migrationen: ${unknown}): serve startet darauf nicht; die Version starten, die sie aktualisiert hat (oder eine spätere), oder eine Sicherung von vor dieser Aktualisierung zurückspielen`,
  sqliteUnreadable: (file, reason) => `die SQLite-Datenbank ${file} lässt sich nicht öffnen: ${reason}`,
  apiUserOk: (userId, pspid) =>
    `DirectLink akzeptiert den API-Benutzer ${userId} der PSPID ${pspid}: eine Abfrage nach einer nicht existierenden Bestellung ergab „unbekannte Bestellung“ (NCERROR 50001130)`,
  apiUserWrongPspid: (pspid) => `DirectLink kennt die PSPID ${pspid} nicht (NCERROR 50001118): prüfen Sie OGONE_PSPID`,
  apiUserWrongPassword: (userId) =>
    `DirectLink hat den API-Benutzer ${userId} abgewiesen (NCERROR 50001119): prüfen Sie OGONE_USER_ID und OGONE_PASSWORD und ob der Benutzer ein nicht gesperrter API-Benutzer ist`,
  apiUserShaMismatch: () =>
    'DirectLink hat die Signatur abgewiesen (NCERROR 50001184): OGONE_SHA_IN weicht von der SHA-IN-Passphrase unter „Checks for DirectLink and automatic Batch“ ab',
  apiUserWrongAlgorithm: (configured: string, working: string) =>
    `DirectLink hat die mit ${configured} erstellte Signatur abgewiesen (NCERROR 50001184) und die mit ${working} erstellte angenommen: setzen Sie OGONE_HASH_ALGORITHM=${working}, den unter „Global security parameters“ gewählten Hash-Algorithmus (die SHA-IN-Passphrase stimmt)`,
  apiUserIpRefused: () =>
    'DirectLink hat die IP-Adresse dieses Servers abgewiesen (NCERROR 50001116): tragen Sie sie unter „Checks for DirectLink and automatic Batch › IP address“ ein',
  apiUserRefused: (ncError) =>
    `DirectLink hat die Testabfrage mit NCERROR ${ncError} abgewiesen: der API-Benutzer lässt sich nicht bestätigen`,
  apiUserUnreachable: (reason) => `DirectLink konnte nicht befragt werden: ${reason}`,
  webhookOk: (url, status) => `WEBHOOK_URL ${url} hat ein signiertes Ping-Ereignis angenommen (HTTP ${status})`,
  webhookRefused: (url, status) =>
    `WEBHOOK_URL ${url} antwortete auf ein signiertes Ping-Ereignis mit HTTP ${status}: Ereignisse würden wiederholt und dann aufgegeben; sie muss mit 2xx antworten`,
  webhookDown: (url, reason) => `WEBHOOK_URL ${url} ist nicht erreichbar: ${reason}; Zahlungsereignisse würden nicht zugestellt`,
  webhookNotSet: () => 'WEBHOOK_URL ist nicht gesetzt: es werden keine Zahlungsereignisse an den Shop gesendet',

  notSet: 'nicht gesetzt',
  characters: (count) => `${count} Zeichen`,
  encodingValue: 'UTF-8 (wir senden an die *_utf8.asp-Seiten)',
  leaveBlank: 'leer lassen (jede Anfrage wird mit SHA-IN signiert)',
  shaInValue: (length) => `der Wert von OGONE_SHA_IN (${length})`,
  sameShaInValue: (length) => `derselbe Wert von OGONE_SHA_IN (${length})`,
  outgoingIp: 'die ausgehende IP-Adresse dieses Servers',
  tickRedirect: 'ankreuzen: „I would like to receive transaction feedback parameters on the redirection URLs“',
  onlineDeferred: 'Online, aber auf eine verzögerte Anfrage umschalten, wenn die Online-Anfragen fehlschlagen',
  shaOutValue: (length) => `der Wert von OGONE_SHA_OUT (${length})`,
  noStatusRequest: 'Keine Anfrage (Statusänderungen erreichen uns über den Abgleich und die DirectLink-Antworten)',
  operationSale: 'Verkauf (SAL)',
  operationAuthorisation: 'Autorisierung (RES)',
  userIdNotSet: 'nicht gesetzt (OGONE_USER_ID)',
  ticked: 'angekreuzt',
  passwordValue: 'der Wert von OGONE_PASSWORD',
  aliasActive: 'aktiv (gespeicherte Karten)',
  aliasReturned: 'aktiviert (sonst fehlt ALIAS in den DirectLink-Antworten)',
  aliasSelected: 'ausgewählt (siehe Transaktions-Feedback)',
};
