/**
 * The doctor's words in English: the reference every other locale file of this folder must
 * match key for key (its type is `DoctorMessages`). Back-office labels (the checklist's
 * `setting` column) stay as the guides print them, so an operator finds them in the back office;
 * everything the doctor says in its own words is here.
 */
export const en = {
  // Headings of the report.
  title: 'ogone-checkout doctor',
  findings: 'Findings',
  checklist: 'Ogone back office: Configuration › Technical information',
  globalSecurity: 'Global security parameters',
  dataOrigin: 'Data and origin verification',
  transactionFeedback: 'Transaction feedback',
  apiUser: 'Users › API user',
  alias: 'Alias',
  summaryOk: 'No problem found.',
  summaryProblems: (errors: number, warnings: number) => `${errors} error(s), ${warnings} warning(s).`,

  // Findings from the settings alone.
  passphraseMissing: (name: string, label: string) => `${name} is not set: the ${label} passphrase is required`,
  passphraseLength: (name: string, length: number, label: string, min: number, max: number) =>
    `${name} has ${length} characters: the ${label} passphrase must be ${min} to ${max} characters long`,
  passphraseSet: (name: string, length: number) => `${name} is set (${length} characters)`,
  passphrasesEqual: () => 'OGONE_SHA_IN and OGONE_SHA_OUT are equal: use two different passphrases',
  hashAlgorithmUnknown: () => `OGONE_HASH_ALGORITHM is not sha1, sha256 or sha512`,
  hashAlgorithmSha1: () => 'sha1 is in use: choose SHA-512 in the back office and set OGONE_HASH_ALGORITHM=sha512',
  hashAlgorithmOk: (algorithm: string) => `hash algorithm ${algorithm}`,
  publicUrlMissing: () => 'PUBLIC_URL is not set: Ogone needs the address it reaches this server at for the return URLs',
  publicUrlInvalid: (raw: string) => `PUBLIC_URL ${raw} is not an absolute URL`,
  publicUrlNotHttps: (protocol: string) => `PUBLIC_URL is ${protocol} in production: feedback and shoppers' browsers must reach https`,
  publicUrlLocal: (hostname: string) => `PUBLIC_URL points at ${hostname}: Ogone cannot reach a local address`,
  publicUrlOk: (origin: string) => `PUBLIC_URL ${origin}`,
  environmentDisabled: () => 'OGONE_ENVIRONMENT=disabled: payments are switched off',
  baseUrlInvalid: (base: string) => `OGONE_BASE_URL ${base} is not an absolute URL`,
  productionOnTestPlatform: (where: string) => `OGONE_ENVIRONMENT=production but OGONE_BASE_URL points at a test platform (${where})`,
  productionTestPspid: (pspid: string) => `OGONE_ENVIRONMENT=production with PSPID ${pspid}, which looks like a test account`,
  testOnProductionPlatform: (where: string) => `OGONE_ENVIRONMENT=test but OGONE_BASE_URL points at a production platform (${where})`,
  environmentOk: (environment: string) => `environment ${environment}`,
  sandboxExposed: (origin: string) =>
    `OGONE_ENVIRONMENT=sandbox on ${origin}: a payment simulator (test cards "pay") on an address others reach; set the Ogone account's OGONE_* variables and OGONE_ENVIRONMENT=test or production`,
  webhookUrlHttp: () =>
    'WEBHOOK_URL is http in production: payment events and customer data would cross the network in clear; use an https URL',
  allowedOriginsAny: () =>
    "ALLOWED_ORIGINS=* in production: any web page may call the checkout endpoints from a shopper's browser; list the shop's origins",
  credentialMissing: (name: string) => `${name} is not set`,
  placeholderValue: (name: string) =>
    `${name} still holds the example file's change-me placeholder, which is public (in the repository and the package): replace it with a value of your own`,
  merchantApiKeysMissing: () => 'MERCHANT_API_KEYS is not set: the merchant API needs at least one key',
  webhookSecretMissing: () => 'WEBHOOK_URL is set without WEBHOOK_SECRET: webhooks could not be signed',
  /** A secret rotation under way (WEBHOOK_SECRET_PREVIOUS accepted by serve). */
  webhookSecretPrevious: () =>
    'WEBHOOK_SECRET_PREVIOUS is set: deliveries carry two signatures, one with each secret; remove it (and restart) once the shop verifies with the new WEBHOOK_SECRET',
  /** A problem serve's own validation stops at; `problem` is serve's line, quoted as it prints it. */
  configuration: (variable: string, problem: string) => `serve would refuse to start on ${variable}: "${problem}"`,

  // ALLOWED_ORIGINS explained.
  originsDefault: (origin: string) =>
    `ALLOWED_ORIGINS is not set: the widget's endpoints answer pages on ${origin} only (PUBLIC_URL's origin). A widget embedded on another origin is refused by the browser (CORS) and shows "Payment server unreachable": list the shop's origins in ALLOWED_ORIGINS`,
  originsDefaultUnknown: () =>
    "ALLOWED_ORIGINS and PUBLIC_URL are not set: the widget's endpoints answer pages on this server's own origin only; a widget on the shop's pages is refused by CORS",
  originsListed: (origins: string) =>
    `ALLOWED_ORIGINS allows the widget on pages of ${origins}; a page on any other origin (PUBLIC_URL's included) is refused by CORS`,
  originsAnyAllowed: () => 'ALLOWED_ORIGINS=*: a page on any origin may use the widget (acceptable while integrating, not in production)',

  // Probes over the network.
  noAnswerWithin: (seconds: number) => `no answer within ${seconds} s`,
  returnRouteMissing: (url: string, status: number) => `${url} answered HTTP ${status}: the return route is not reachable there`,
  returnRouteRedirects: (url: string, status: number, location: string) =>
    `${url} answered HTTP ${status}, a redirect${location ? ` to ${location}` : ''}: Ogone does not follow a redirect of its feedback, which then never reaches the server — set PUBLIC_URL to the address that answers itself (https, the final host and path)`,
  returnRouteOk: (url: string, status: number) => `${url} answers (HTTP ${status} to an empty request)`,
  returnRouteDown: (url: string, reason: string) => `${url} does not answer: ${reason}`,
  databaseReachable: (where: string) => `database reachable (${where})`,
  databaseDown: (where: string, reason: string) => `database not reachable (${where}): ${reason}`,
  sqliteWillBeCreated: (file: string) => `SQLite database will be created at ${file}`,
  dataDirNotWritable: (dir: string) => `DATA_DIR ${dir} is not writable: the SQLite database cannot be created`,
  sqliteReadable: (file: string) => `SQLite database readable at ${file}`,
  schemaNewer: (where: string, database: string, release: string, unknown: string) =>
    `the database at ${where} has schema ${database}, newer than this release's ${release} (unknown migrations: ${unknown}): serve refuses to start on it; run the release that upgraded it (or a later one), or restore a backup made before that upgrade`,
  sqliteUnreadable: (file: string, reason: string) => `SQLite database at ${file} cannot be opened: ${reason}`,
  apiUserOk: (userId: string, pspid: string) =>
    `DirectLink accepts API user ${userId} of PSPID ${pspid}: a query for an order that does not exist was answered "unknown order" (NCERROR 50001130)`,
  apiUserWrongPspid: (pspid: string) => `DirectLink does not know PSPID ${pspid} (NCERROR 50001118): check OGONE_PSPID`,
  apiUserWrongPassword: (userId: string) =>
    `DirectLink refused API user ${userId} (NCERROR 50001119): check OGONE_USER_ID and OGONE_PASSWORD, and that the user is an API user that is not locked`,
  apiUserShaMismatch: () =>
    'DirectLink refused the signature (NCERROR 50001184): OGONE_SHA_IN differs from the SHA-IN pass phrase under "Checks for DirectLink and automatic Batch"',
  apiUserWrongAlgorithm: (configured: string, working: string) =>
    `DirectLink refused the signature (NCERROR 50001184) made with ${configured}, and accepted it made with ${working}: set OGONE_HASH_ALGORITHM=${working}, the hash algorithm chosen under "Global security parameters" (the SHA-IN pass phrase is right)`,
  apiUserIpRefused: () =>
    'DirectLink refused this server\'s IP address (NCERROR 50001116): add it under "Checks for DirectLink and automatic Batch › IP address"',
  apiUserRefused: (ncError: string) => `DirectLink refused the test query with NCERROR ${ncError}: the API user cannot be confirmed`,
  apiUserUnreachable: (reason: string) => `DirectLink could not be asked: ${reason}`,
  webhookOk: (url: string, status: number) => `WEBHOOK_URL ${url} accepted a signed ping event (HTTP ${status})`,
  webhookRefused: (url: string, status: number) =>
    `WEBHOOK_URL ${url} answered a signed ping event with HTTP ${status}: events would be retried, then given up; it must answer 2xx`,
  webhookDown: (url: string, reason: string) => `WEBHOOK_URL ${url} cannot be reached: ${reason}; payment events would not be delivered`,
  webhookNotSet: () => 'WEBHOOK_URL is not set: no payment events are sent to the shop',

  // Checklist values in our own words (the settings' labels are the back office's).
  notSet: 'not set',
  characters: (count: number) => `${count} characters`,
  encodingValue: 'UTF-8 (we post to the *_utf8.asp pages)',
  leaveBlank: 'leave blank (every request is signed with SHA-IN)',
  shaInValue: (length: string) => `the value of OGONE_SHA_IN (${length})`,
  sameShaInValue: (length: string) => `the same value of OGONE_SHA_IN (${length})`,
  outgoingIp: "this server's outgoing IP address",
  tickRedirect: 'tick "I would like to receive transaction feedback parameters on the redirection URLs"',
  onlineDeferred: 'Online but switch to a deferred request when the online requests fail',
  shaOutValue: (length: string) => `the value of OGONE_SHA_OUT (${length})`,
  noStatusRequest: 'No request (status changes reach us by the reconciler and by DirectLink answers)',
  operationSale: 'Sale (SAL)',
  operationAuthorisation: 'Authorisation (RES)',
  userIdNotSet: 'not set (OGONE_USER_ID)',
  ticked: 'ticked',
  passwordValue: 'the value of OGONE_PASSWORD',
  aliasActive: 'active (saved cards)',
  aliasReturned: 'enabled (ALIAS is missing from DirectLink answers otherwise)',
  aliasSelected: 'selected (see Transaction feedback)',
};

export type DoctorMessages = typeof en;
