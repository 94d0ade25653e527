/** Le doctor en français (mêmes clés que en.ts). */
import type { DoctorMessages } from './en.ts';

export const fr: DoctorMessages = {
  title: 'ogone-checkout doctor',
  findings: 'Constats',
  checklist: 'Back-office Ogone : Configuration › Informations techniques',
  globalSecurity: 'Paramètres de sécurité globale',
  dataOrigin: "Contrôle des données et de l'origine",
  transactionFeedback: 'Retour d’information sur la transaction',
  apiUser: 'Utilisateurs › utilisateur API',
  alias: 'Alias',
  summaryOk: 'Aucun problème trouvé.',
  summaryProblems: (errors, warnings) => `${errors} erreur(s), ${warnings} avertissement(s).`,

  passphraseMissing: (name, label) => `${name} n’est pas défini : la phrase secrète ${label} est obligatoire`,
  passphraseLength: (name, length, label, min, max) =>
    `${name} compte ${length} caractères : la phrase secrète ${label} doit en compter de ${min} à ${max}`,
  passphraseSet: (name, length) => `${name} est défini (${length} caractères)`,
  passphrasesEqual: () => 'OGONE_SHA_IN et OGONE_SHA_OUT sont identiques : utilisez deux phrases secrètes différentes',
  hashAlgorithmUnknown: () => `OGONE_HASH_ALGORITHM n’est ni sha1, ni sha256, ni sha512`,
  hashAlgorithmSha1: () => 'sha1 est utilisé : choisissez SHA-512 dans le back-office et définissez OGONE_HASH_ALGORITHM=sha512',
  hashAlgorithmOk: (algorithm) => `algorithme de hachage ${algorithm}`,
  publicUrlMissing: () => 'PUBLIC_URL n’est pas défini : Ogone a besoin de l’adresse de ce serveur pour les URL de retour',
  publicUrlInvalid: (raw) => `PUBLIC_URL ${raw} n’est pas une URL absolue`,
  publicUrlNotHttps: (protocol) =>
    `PUBLIC_URL est en ${protocol} en production : les retours et les navigateurs des acheteurs doivent joindre une adresse https`,
  publicUrlLocal: (hostname) => `PUBLIC_URL désigne ${hostname} : Ogone ne peut pas joindre une adresse locale`,
  publicUrlOk: (origin) => `adresse publique ${origin}`,
  environmentDisabled: () => 'OGONE_ENVIRONMENT=disabled : les paiements sont désactivés',
  baseUrlInvalid: (base) => `OGONE_BASE_URL ${base} n’est pas une URL absolue`,
  productionOnTestPlatform: (where) => `OGONE_ENVIRONMENT=production mais OGONE_BASE_URL désigne une plateforme de test (${where})`,
  productionTestPspid: (pspid) => `OGONE_ENVIRONMENT=production avec le PSPID ${pspid}, qui ressemble à un compte de test`,
  testOnProductionPlatform: (where) => `OGONE_ENVIRONMENT=test mais OGONE_BASE_URL désigne une plateforme de production (${where})`,
  environmentOk: (environment) => `environnement ${environment}`,
  sandboxExposed: (origin) =>
    `OGONE_ENVIRONMENT=sandbox sur ${origin} : un simulateur de paiement (les cartes de test « paient ») sur une adresse joignable par d’autres ; définissez les variables OGONE_* du compte Ogone et OGONE_ENVIRONMENT=test ou production`,
  webhookUrlHttp: () =>
    'WEBHOOK_URL est en http en production : les événements de paiement et les données des clients circuleraient en clair ; utilisez une URL https',
  allowedOriginsAny: () =>
    'ALLOWED_ORIGINS=* en production : n’importe quelle page web peut appeler les points d’accès du paiement depuis le navigateur d’un acheteur ; indiquez les origines de la boutique',
  credentialMissing: (name) => `${name} n’est pas défini`,
  placeholderValue: (name) =>
    `${name} contient encore la valeur change-me du fichier d’exemple, qui est publique (dans le dépôt et le paquet) : remplacez-la par une valeur à vous`,
  merchantApiKeysMissing: () => 'MERCHANT_API_KEYS n’est pas défini : l’API marchand a besoin d’au moins une clé',
  webhookSecretMissing: () => 'WEBHOOK_URL est défini sans WEBHOOK_SECRET : les webhooks ne pourraient pas être signés',
  webhookSecretPrevious: () =>
    'WEBHOOK_SECRET_PREVIOUS est défini : chaque envoi porte deux signatures, une par secret ; retirez-le (et redémarrez) dès que la boutique vérifie avec le nouveau WEBHOOK_SECRET',
  configuration: (variable, problem) => `serve refuserait de démarrer à cause de ${variable} : « ${problem} »`,

  originsDefault: (origin) =>
    `ALLOWED_ORIGINS n’est pas défini : les points d’accès du widget ne répondent qu’aux pages de ${origin} (l’origine de PUBLIC_URL). Un widget intégré sur une autre origine est refusé par le navigateur (CORS) et affiche « Payment server unreachable » : indiquez les origines de la boutique dans ALLOWED_ORIGINS`,
  originsDefaultUnknown: () =>
    'ALLOWED_ORIGINS et PUBLIC_URL ne sont pas définis : les points d’accès du widget ne répondent qu’aux pages de l’origine de ce serveur ; un widget sur les pages de la boutique est refusé par CORS',
  originsListed: (origins) =>
    `ALLOWED_ORIGINS autorise le widget sur les pages de ${origins} ; une page de toute autre origine (y compris celle de PUBLIC_URL) est refusée par CORS`,
  originsAnyAllowed: () =>
    'ALLOWED_ORIGINS=* : une page de n’importe quelle origine peut utiliser le widget (acceptable pendant l’intégration, pas en production)',

  noAnswerWithin: (seconds) => `aucune réponse en ${seconds} s`,
  returnRouteMissing: (url, status) => `${url} a répondu HTTP ${status} : la route de retour n’est pas joignable à cette adresse`,
  returnRouteRedirects: (url, status, location) =>
    `${url} a répondu HTTP ${status}, une redirection${location ? ` vers ${location}` : ''} : Ogone ne suit pas une redirection de son feedback, qui n’atteint alors jamais le serveur — mettez dans PUBLIC_URL l’adresse qui répond elle-même (https, l’hôte et le chemin définitifs)`,
  returnRouteOk: (url, status) => `${url} répond (HTTP ${status} à une requête vide)`,
  returnRouteDown: (url, reason) => `${url} ne répond pas : ${reason}`,
  databaseReachable: (where) => `base de données joignable (${where})`,
  databaseDown: (where, reason) => `base de données injoignable (${where}) : ${reason}`,
  sqliteWillBeCreated: (file) => `la base SQLite sera créée dans ${file}`,
  dataDirNotWritable: (dir) => `DATA_DIR ${dir} n’est pas accessible en écriture : la base SQLite ne peut pas être créée`,
  sqliteReadable: (file) => `base SQLite lisible dans ${file}`,
  schemaNewer: (where, database, release, unknown) =>
    `la base de données ${where} a le schéma ${database}, plus récent que celui de cette version, ${release} (migrations inconnues : ${unknown}) : serve refuse d'y démarrer ; lancez la version qui l'a mise à jour (ou une plus récente), ou restaurez une sauvegarde faite avant cette mise à jour`,
  sqliteUnreadable: (file, reason) => `la base SQLite ${file} ne peut pas être ouverte : ${reason}`,
  apiUserOk: (userId, pspid) =>
    `DirectLink accepte l’utilisateur API ${userId} du PSPID ${pspid} : une interrogation sur une commande inexistante a reçu « commande inconnue » (NCERROR 50001130)`,
  apiUserWrongPspid: (pspid) => `DirectLink ne connaît pas le PSPID ${pspid} (NCERROR 50001118) : vérifiez OGONE_PSPID`,
  apiUserWrongPassword: (userId) =>
    `DirectLink a refusé l’utilisateur API ${userId} (NCERROR 50001119) : vérifiez OGONE_USER_ID et OGONE_PASSWORD, et que l’utilisateur est un utilisateur API non bloqué`,
  apiUserShaMismatch: () =>
    'DirectLink a refusé la signature (NCERROR 50001184) : OGONE_SHA_IN diffère de la phrase secrète SHA-IN de « Checks for DirectLink and automatic Batch »',
  apiUserWrongAlgorithm: (configured: string, working: string) =>
    `DirectLink a refusé la signature faite avec ${configured} (NCERROR 50001184) et accepté celle faite avec ${working} : mettez OGONE_HASH_ALGORITHM=${working}, l’algorithme choisi dans « Global security parameters » (la phrase secrète SHA-IN est juste)`,
  apiUserIpRefused: () =>
    'DirectLink a refusé l’adresse IP de ce serveur (NCERROR 50001116) : ajoutez-la dans « Checks for DirectLink and automatic Batch › IP address »',
  apiUserRefused: (ncError) =>
    `DirectLink a refusé l’interrogation de test avec NCERROR ${ncError} : l’utilisateur API ne peut pas être confirmé`,
  apiUserUnreachable: (reason) => `DirectLink n’a pas pu être interrogé : ${reason}`,
  webhookOk: (url, status) => `WEBHOOK_URL ${url} a accepté un événement ping signé (HTTP ${status})`,
  webhookRefused: (url, status) =>
    `WEBHOOK_URL ${url} a répondu HTTP ${status} à un événement ping signé : les événements seraient réessayés puis abandonnés ; elle doit répondre 2xx`,
  webhookDown: (url, reason) => `WEBHOOK_URL ${url} est injoignable : ${reason} ; les événements de paiement ne seraient pas livrés`,
  webhookNotSet: () => 'WEBHOOK_URL n’est pas défini : aucun événement de paiement n’est envoyé à la boutique',

  notSet: 'non défini',
  characters: (count) => `${count} caractères`,
  encodingValue: 'UTF-8 (nous envoyons vers les pages *_utf8.asp)',
  leaveBlank: 'laisser vide (chaque requête est signée avec SHA-IN)',
  shaInValue: (length) => `la valeur de OGONE_SHA_IN (${length})`,
  sameShaInValue: (length) => `la même valeur de OGONE_SHA_IN (${length})`,
  outgoingIp: 'l’adresse IP sortante de ce serveur',
  tickRedirect: 'cocher « I would like to receive transaction feedback parameters on the redirection URLs »',
  onlineDeferred: 'En ligne, mais passer à une requête différée quand les requêtes en ligne échouent',
  shaOutValue: (length) => `la valeur de OGONE_SHA_OUT (${length})`,
  noStatusRequest: 'Aucune requête (les changements de statut nous parviennent par le réconciliateur et les réponses DirectLink)',
  operationSale: 'Vente (SAL)',
  operationAuthorisation: 'Autorisation (RES)',
  userIdNotSet: 'non défini (OGONE_USER_ID)',
  ticked: 'coché',
  passwordValue: 'la valeur de OGONE_PASSWORD',
  aliasActive: 'active (cartes enregistrées)',
  aliasReturned: 'activé (sinon ALIAS manque dans les réponses DirectLink)',
  aliasSelected: 'sélectionné (voir Retour d’information sur la transaction)',
};
