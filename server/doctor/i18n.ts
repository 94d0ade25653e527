/**
 * Headings of the doctor's report in the languages of the seeds (en, fr, es, zh). Findings and
 * checklist values stay in English: they quote Ogone's back-office labels, which support
 * articles and the guides print in English.
 */
export const DOCTOR_LANGUAGES = ['en', 'fr', 'es', 'zh'] as const;
export type DoctorLanguage = (typeof DOCTOR_LANGUAGES)[number];

export interface DoctorHeadings {
  title: string;
  findings: string;
  checklist: string;
  globalSecurity: string;
  dataOrigin: string;
  transactionFeedback: string;
  apiUser: string;
  alias: string;
  summaryOk: string;
  summaryProblems: (errors: number, warnings: number) => string;
}

export const HEADINGS: Readonly<Record<DoctorLanguage, DoctorHeadings>> = {
  en: {
    title: 'ogone-checkout doctor',
    findings: 'Findings',
    checklist: 'Ogone back office: Configuration › Technical information',
    globalSecurity: 'Global security parameters',
    dataOrigin: 'Data and origin verification',
    transactionFeedback: 'Transaction feedback',
    apiUser: 'Users › API user',
    alias: 'Alias',
    summaryOk: 'No problem found.',
    summaryProblems: (e, w) => `${e} error(s), ${w} warning(s).`,
  },
  fr: {
    title: 'ogone-checkout doctor',
    findings: 'Constats',
    checklist: 'Back-office Ogone : Configuration › Informations techniques',
    globalSecurity: 'Paramètres de sécurité globale',
    dataOrigin: "Contrôle des données et de l'origine",
    transactionFeedback: 'Retour d’information sur la transaction',
    apiUser: 'Utilisateurs › utilisateur API',
    alias: 'Alias',
    summaryOk: 'Aucun problème trouvé.',
    summaryProblems: (e, w) => `${e} erreur(s), ${w} avertissement(s).`,
  },
  es: {
    title: 'ogone-checkout doctor',
    findings: 'Hallazgos',
    checklist: 'Back office de Ogone: Configuración › Información técnica',
    globalSecurity: 'Parámetros de seguridad global',
    dataOrigin: 'Verificación de datos y origen',
    transactionFeedback: 'Información sobre la transacción',
    apiUser: 'Usuarios › usuario API',
    alias: 'Alias',
    summaryOk: 'No se encontró ningún problema.',
    summaryProblems: (e, w) => `${e} error(es), ${w} advertencia(s).`,
  },
  zh: {
    title: 'ogone-checkout 诊断',
    findings: '检查结果',
    checklist: 'Ogone 后台：配置 › 技术信息',
    globalSecurity: '全局安全参数',
    dataOrigin: '数据和来源验证',
    transactionFeedback: '交易反馈',
    apiUser: '用户 › API 用户',
    alias: '别名',
    summaryOk: '未发现问题。',
    summaryProblems: (e, w) => `${e} 个错误，${w} 个警告。`,
  },
};

/** `--lang` wins, then LANG/LC_ALL ("fr_FR.UTF-8" → fr), then English. */
export function doctorLanguage(option: string | undefined, env: Readonly<Record<string, string | undefined>>): DoctorLanguage {
  const raw = (option ?? env.LC_ALL ?? env.LANG ?? 'en').toLowerCase();
  const language = raw.split(/[-_.]/)[0] ?? 'en';
  return (DOCTOR_LANGUAGES as readonly string[]).includes(language) ? (language as DoctorLanguage) : 'en';
}
