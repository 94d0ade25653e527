/** De doctor in het Nederlands (dezelfde sleutels als en.ts). */
import type { DoctorMessages } from './en.ts';

export const nl: DoctorMessages = {
  title: 'ogone-checkout doctor',
  findings: 'Bevindingen',
  checklist: 'Ogone-backoffice: Configuratie › Technische informatie',
  globalSecurity: 'Algemene beveiligingsparameters',
  dataOrigin: 'Controle van gegevens en herkomst',
  transactionFeedback: 'Transactiefeedback',
  apiUser: 'Gebruikers › API-gebruiker',
  alias: 'Alias (opgeslagen kaarten)',
  summaryOk: 'Geen probleem gevonden.',
  summaryProblems: (errors, warnings) => `${errors} fout(en), ${warnings} waarschuwing(en).`,

  passphraseMissing: (name, label) => `${name} is niet ingesteld: de ${label}-wachtzin is verplicht`,
  passphraseLength: (name, length, label, min, max) =>
    `${name} heeft ${length} tekens: de ${label}-wachtzin moet ${min} tot ${max} tekens lang zijn`,
  passphraseSet: (name, length) => `${name} is ingesteld (${length} tekens)`,
  passphrasesEqual: () => 'OGONE_SHA_IN en OGONE_SHA_OUT zijn gelijk: gebruik twee verschillende wachtzinnen',
  hashAlgorithmUnknown: () => `OGONE_HASH_ALGORITHM is geen sha1, sha256 of sha512`,
  hashAlgorithmSha1: () => 'sha1 is in gebruik: kies SHA-512 in de backoffice en stel OGONE_HASH_ALGORITHM=sha512 in',
  hashAlgorithmOk: (algorithm) => `hash-algoritme ${algorithm}`,
  publicUrlMissing: () => 'PUBLIC_URL is niet ingesteld: Ogone heeft het adres van deze server nodig voor de terugkeer-URL’s',
  publicUrlInvalid: (raw) => `PUBLIC_URL ${raw} is geen absolute URL`,
  publicUrlNotHttps: (protocol) => `PUBLIC_URL gebruikt ${protocol} in productie: feedback en de browsers van kopers moeten https bereiken`,
  publicUrlLocal: (hostname) => `PUBLIC_URL wijst naar ${hostname}: Ogone kan geen lokaal adres bereiken`,
  publicUrlOk: (origin) => `publiek adres ${origin}`,
  environmentDisabled: () => 'OGONE_ENVIRONMENT=disabled: betalingen zijn uitgeschakeld',
  baseUrlInvalid: (base) => `OGONE_BASE_URL ${base} is geen absolute URL`,
  productionOnTestPlatform: (where) => `OGONE_ENVIRONMENT=production maar OGONE_BASE_URL wijst naar een testplatform (${where})`,
  productionTestPspid: (pspid) => `OGONE_ENVIRONMENT=production met PSPID ${pspid}, dat op een testaccount lijkt`,
  testOnProductionPlatform: (where) => `OGONE_ENVIRONMENT=test maar OGONE_BASE_URL wijst naar een productieplatform (${where})`,
  environmentOk: (environment) => `omgeving ${environment}`,
  sandboxExposed: (origin) =>
    `OGONE_ENVIRONMENT=sandbox op ${origin}: een betaalsimulator (testkaarten „betalen”) op een adres dat anderen bereiken; stel de OGONE_*-variabelen van het Ogone-account in en OGONE_ENVIRONMENT=test of production`,
  webhookUrlHttp: () =>
    'WEBHOOK_URL gebruikt http in productie: betaalgebeurtenissen en klantgegevens zouden onversleuteld over het netwerk gaan; gebruik een https-URL',
  allowedOriginsAny: () =>
    'ALLOWED_ORIGINS=* in productie: elke webpagina kan de checkout-endpoints vanuit de browser van een koper aanroepen; vermeld de origins van de winkel',
  credentialMissing: (name) => `${name} is niet ingesteld`,
  placeholderValue: (name) =>
    `${name} bevat nog de change-me-plaatshouder van het voorbeeldbestand, die openbaar is (in de repository en het pakket): vervang hem door een eigen waarde`,
  merchantApiKeysMissing: () => 'MERCHANT_API_KEYS is niet ingesteld: de handelaars-API heeft minstens één sleutel nodig',
  webhookSecretMissing: () => 'WEBHOOK_URL is ingesteld zonder WEBHOOK_SECRET: webhooks zouden niet ondertekend kunnen worden',
  webhookSecretPrevious: () =>
    'WEBHOOK_SECRET_PREVIOUS is ingesteld: elke levering draagt twee handtekeningen, één per geheim; verwijder het (en herstart) zodra de winkel met het nieuwe WEBHOOK_SECRET controleert',
  configuration: (variable, problem) => `serve zou weigeren te starten vanwege ${variable}: „${problem}”`,

  originsDefault: (origin) =>
    `ALLOWED_ORIGINS is niet ingesteld: de endpoints van de widget antwoorden alleen pagina’s op ${origin} (de origin van PUBLIC_URL). Een widget op een andere origin wordt door de browser geweigerd (CORS) en toont „Payment server unreachable”: vermeld de origins van de winkel in ALLOWED_ORIGINS`,
  originsDefaultUnknown: () =>
    'ALLOWED_ORIGINS en PUBLIC_URL zijn niet ingesteld: de endpoints van de widget antwoorden alleen pagina’s op de eigen origin van deze server; een widget op de pagina’s van de winkel wordt door CORS geweigerd',
  originsListed: (origins) =>
    `ALLOWED_ORIGINS staat de widget toe op pagina’s van ${origins}; een pagina op elke andere origin (ook die van PUBLIC_URL) wordt door CORS geweigerd`,
  originsAnyAllowed: () =>
    'ALLOWED_ORIGINS=*: een pagina op elke origin mag de widget gebruiken (aanvaardbaar tijdens de integratie, niet in productie)',

  noAnswerWithin: (seconds) => `geen antwoord binnen ${seconds} s`,
  returnRouteMissing: (url, status) => `${url} antwoordde HTTP ${status}: de terugkeerroute is daar niet bereikbaar`,
  returnRouteRedirects: (url, status, location) =>
    `${url} antwoordde HTTP ${status}, een doorverwijzing${location ? ` naar ${location}` : ''}: Ogone volgt geen doorverwijzing van zijn feedback, die de server dan nooit bereikt — zet PUBLIC_URL op het adres dat zelf antwoordt (https, de uiteindelijke host en het pad)`,
  returnRouteOk: (url, status) => `${url} antwoordt (HTTP ${status} op een leeg verzoek)`,
  returnRouteDown: (url, reason) => `${url} antwoordt niet: ${reason}`,
  databaseReachable: (where) => `database bereikbaar (${where})`,
  databaseDown: (where, reason) => `database niet bereikbaar (${where}): ${reason}`,
  sqliteWillBeCreated: (file) => `de SQLite-database wordt aangemaakt in ${file}`,
  dataDirNotWritable: (dir) => `DATA_DIR ${dir} is niet beschrijfbaar: de SQLite-database kan niet worden aangemaakt`,
  sqliteReadable: (file) => `SQLite-database leesbaar in ${file}`,
  schemaNewer: (where, database, release, unknown) =>
    `de database in ${where} heeft schema ${database}, nieuwer dan ${release} van deze versie (onbekende migraties: ${unknown}): serve weigert erop te starten; start de versie die haar bijwerkte (of een latere), of zet een back-up van vóór die update terug`,
  sqliteUnreadable: (file, reason) => `de SQLite-database ${file} kan niet worden geopend: ${reason}`,
  apiUserOk: (userId, pspid) =>
    `DirectLink aanvaardt API-gebruiker ${userId} van PSPID ${pspid}: een opvraging van een niet-bestaande bestelling gaf „onbekende bestelling” (NCERROR 50001130)`,
  apiUserWrongPspid: (pspid) => `DirectLink kent PSPID ${pspid} niet (NCERROR 50001118): controleer OGONE_PSPID`,
  apiUserWrongPassword: (userId) =>
    `DirectLink weigerde API-gebruiker ${userId} (NCERROR 50001119): controleer OGONE_USER_ID en OGONE_PASSWORD, en of de gebruiker een niet-geblokkeerde API-gebruiker is`,
  apiUserShaMismatch: () =>
    'DirectLink weigerde de handtekening (NCERROR 50001184): OGONE_SHA_IN verschilt van de SHA-IN-wachtzin onder „Checks for DirectLink and automatic Batch”',
  apiUserWrongAlgorithm: (configured: string, working: string) =>
    `DirectLink weigerde de handtekening gemaakt met ${configured} (NCERROR 50001184) en aanvaardde die gemaakt met ${working}: zet OGONE_HASH_ALGORITHM=${working}, het hash-algoritme gekozen onder „Global security parameters” (de SHA-IN-wachtzin klopt)`,
  apiUserIpRefused: () =>
    'DirectLink weigerde het IP-adres van deze server (NCERROR 50001116): voeg het toe onder „Checks for DirectLink and automatic Batch › IP address”',
  apiUserRefused: (ncError) => `DirectLink weigerde de testopvraging met NCERROR ${ncError}: de API-gebruiker kan niet worden bevestigd`,
  apiUserUnreachable: (reason) => `DirectLink kon niet worden bevraagd: ${reason}`,
  webhookOk: (url, status) => `WEBHOOK_URL ${url} aanvaardde een ondertekende ping-gebeurtenis (HTTP ${status})`,
  webhookRefused: (url, status) =>
    `WEBHOOK_URL ${url} antwoordde HTTP ${status} op een ondertekende ping-gebeurtenis: gebeurtenissen zouden opnieuw geprobeerd en dan opgegeven worden; het moet 2xx antwoorden`,
  webhookDown: (url, reason) => `WEBHOOK_URL ${url} is niet bereikbaar: ${reason}; betaalgebeurtenissen zouden niet worden afgeleverd`,
  webhookNotSet: () => 'WEBHOOK_URL is niet ingesteld: er worden geen betaalgebeurtenissen naar de winkel gestuurd',

  notSet: 'niet ingesteld',
  characters: (count) => `${count} tekens`,
  encodingValue: 'UTF-8 (we posten naar de *_utf8.asp-pagina’s)',
  leaveBlank: 'leeg laten (elk verzoek wordt met SHA-IN ondertekend)',
  shaInValue: (length) => `de waarde van OGONE_SHA_IN (${length})`,
  sameShaInValue: (length) => `dezelfde waarde van OGONE_SHA_IN (${length})`,
  outgoingIp: 'het uitgaande IP-adres van deze server',
  tickRedirect: 'aanvinken: „I would like to receive transaction feedback parameters on the redirection URLs”',
  onlineDeferred: 'Online, maar overschakelen op een uitgesteld verzoek als de online verzoeken mislukken',
  shaOutValue: (length) => `de waarde van OGONE_SHA_OUT (${length})`,
  noStatusRequest: 'Geen verzoek (statuswijzigingen bereiken ons via de afstemming en de DirectLink-antwoorden)',
  operationSale: 'Verkoop (SAL)',
  operationAuthorisation: 'Autorisatie (RES)',
  userIdNotSet: 'niet ingesteld (OGONE_USER_ID)',
  ticked: 'aangevinkt',
  passwordValue: 'de waarde van OGONE_PASSWORD',
  aliasActive: 'actief (opgeslagen kaarten)',
  aliasReturned: 'ingeschakeld (anders ontbreekt ALIAS in de DirectLink-antwoorden)',
  aliasSelected: 'geselecteerd (zie Transactiefeedback)',
};
