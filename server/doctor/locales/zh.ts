/** 中文版 doctor（键与 en.ts 相同）。 */
import type { DoctorMessages } from './en.ts';

export const zh: DoctorMessages = {
  title: 'ogone-checkout 诊断',
  findings: '检查结果',
  checklist: 'Ogone 后台：配置 › 技术信息',
  globalSecurity: '全局安全参数',
  dataOrigin: '数据和来源验证',
  transactionFeedback: '交易反馈',
  apiUser: '用户 › API 用户',
  alias: '别名',
  summaryOk: '未发现问题。',
  summaryProblems: (errors, warnings) => `${errors} 个错误，${warnings} 个警告。`,

  passphraseMissing: (name, label) => `${name} 未设置：必须提供 ${label} 密码短语`,
  passphraseLength: (name, length, label, min, max) => `${name} 有 ${length} 个字符：${label} 密码短语必须为 ${min} 到 ${max} 个字符`,
  passphraseSet: (name, length) => `${name} 已设置（${length} 个字符）`,
  passphrasesEqual: () => 'OGONE_SHA_IN 与 OGONE_SHA_OUT 相同：请使用两个不同的密码短语',
  hashAlgorithmUnknown: () => `OGONE_HASH_ALGORITHM 不是 sha1、sha256 或 sha512`,
  hashAlgorithmSha1: () => '正在使用 sha1：请在后台选择 SHA-512 并设置 OGONE_HASH_ALGORITHM=sha512',
  hashAlgorithmOk: (algorithm) => `哈希算法 ${algorithm}`,
  publicUrlMissing: () => 'PUBLIC_URL 未设置：Ogone 需要本服务器的地址来生成返回 URL',
  publicUrlInvalid: (raw) => `PUBLIC_URL ${raw} 不是绝对 URL`,
  publicUrlNotHttps: (protocol) => `生产环境中 PUBLIC_URL 使用 ${protocol}：交易反馈和购物者的浏览器必须通过 https 访问`,
  publicUrlLocal: (hostname) => `PUBLIC_URL 指向 ${hostname}：Ogone 无法访问本地地址`,
  publicUrlOk: (origin) => `公开地址 ${origin}`,
  environmentDisabled: () => 'OGONE_ENVIRONMENT=disabled：支付已关闭',
  baseUrlInvalid: (base) => `OGONE_BASE_URL ${base} 不是绝对 URL`,
  productionOnTestPlatform: (where) => `OGONE_ENVIRONMENT=production，但 OGONE_BASE_URL 指向测试平台（${where}）`,
  productionTestPspid: (pspid) => `OGONE_ENVIRONMENT=production，但 PSPID ${pspid} 看起来是测试账户`,
  testOnProductionPlatform: (where) => `OGONE_ENVIRONMENT=test，但 OGONE_BASE_URL 指向生产平台（${where}）`,
  environmentOk: (environment) => `环境：${environment}`,
  sandboxExposed: (origin) =>
    `OGONE_ENVIRONMENT=sandbox 运行在 ${origin}：支付模拟器（测试卡也能“付款”）位于他人可访问的地址；请设置 Ogone 账户的 OGONE_* 变量以及 OGONE_ENVIRONMENT=test 或 production`,
  webhookUrlHttp: () => '生产环境中 WEBHOOK_URL 使用 http：支付事件和客户数据将以明文在网络上传输；请使用 https URL',
  allowedOriginsAny: () => '生产环境中 ALLOWED_ORIGINS=*：任何网页都能从购物者的浏览器调用结账接口；请列出商店的来源',
  credentialMissing: (name) => `${name} 未设置`,
  placeholderValue: (name) => `${name} 仍是示例文件中的 change-me 占位值，它是公开的（在代码仓库和软件包中）：请换成你自己的值`,
  merchantApiKeysMissing: () => 'MERCHANT_API_KEYS 未设置：商户 API 至少需要一个密钥',
  webhookSecretMissing: () => '设置了 WEBHOOK_URL 但没有 WEBHOOK_SECRET：无法为 webhook 签名',
  webhookSecretPrevious: () =>
    '已设置 WEBHOOK_SECRET_PREVIOUS：每次投递都带有两个签名，每个密钥各一个；商店改用新的 WEBHOOK_SECRET 验证后，请删除它并重启',
  configuration: (variable, problem) => `serve 会因 ${variable} 拒绝启动：“${problem}”`,

  originsDefault: (origin) =>
    `ALLOWED_ORIGINS 未设置：小组件的接口只响应 ${origin}（PUBLIC_URL 的来源）上的页面。嵌入在其他来源上的小组件会被浏览器拒绝（CORS），并显示“Payment server unreachable”：请在 ALLOWED_ORIGINS 中列出商店的来源`,
  originsDefaultUnknown: () =>
    'ALLOWED_ORIGINS 和 PUBLIC_URL 均未设置：小组件的接口只响应本服务器自身来源的页面；商店页面上的小组件会被 CORS 拒绝',
  originsListed: (origins) =>
    `ALLOWED_ORIGINS 允许在 ${origins} 的页面上使用小组件；其他任何来源（包括 PUBLIC_URL 的来源）的页面都会被 CORS 拒绝`,
  originsAnyAllowed: () => 'ALLOWED_ORIGINS=*：任何来源的页面都能使用小组件（集成期间可以接受，生产环境不行）',

  noAnswerWithin: (seconds) => `${seconds} 秒内没有响应`,
  returnRouteMissing: (url, status) => `${url} 返回 HTTP ${status}：该地址上无法访问返回路由`,
  returnRouteRedirects: (url, status, location) =>
    `${url} 返回 HTTP ${status} 重定向${location ? `（至 ${location}）` : ''}：Ogone 不会跟随其反馈请求的重定向，反馈因此永远到不了服务器——请将 PUBLIC_URL 设为自身直接响应的地址（https、最终的主机和路径）`,
  returnRouteOk: (url, status) => `${url} 有响应（空请求返回 HTTP ${status}）`,
  returnRouteDown: (url, reason) => `${url} 没有响应：${reason}`,
  databaseReachable: (where) => `数据库可以访问（${where}）`,
  databaseDown: (where, reason) => `数据库无法访问（${where}）：${reason}`,
  sqliteWillBeCreated: (file) => `将在 ${file} 创建 SQLite 数据库`,
  dataDirNotWritable: (dir) => `DATA_DIR ${dir} 不可写：无法创建 SQLite 数据库`,
  sqliteReadable: (file) => `SQLite 数据库可读：${file}`,
  schemaNewer: (where, database, release, unknown) =>
    `${where} 的数据库架构为 ${database}，比此版本的 ${release} 更新（未知迁移：${unknown}）：serve 拒绝在其上启动；请运行升级它的版本（或更高版本），或恢复该升级之前的备份`,
  sqliteUnreadable: (file, reason) => `无法打开 SQLite 数据库 ${file}：${reason}`,
  apiUserOk: (userId, pspid) =>
    `DirectLink 接受 PSPID ${pspid} 的 API 用户 ${userId}：查询一个不存在的订单得到“未知订单”（NCERROR 50001130）`,
  apiUserWrongPspid: (pspid) => `DirectLink 不认识 PSPID ${pspid}（NCERROR 50001118）：请检查 OGONE_PSPID`,
  apiUserWrongPassword: (userId) =>
    `DirectLink 拒绝了 API 用户 ${userId}（NCERROR 50001119）：请检查 OGONE_USER_ID 和 OGONE_PASSWORD，并确认该用户是未被锁定的 API 用户`,
  apiUserShaMismatch: () =>
    'DirectLink 拒绝了签名（NCERROR 50001184）：OGONE_SHA_IN 与“Checks for DirectLink and automatic Batch”下的 SHA-IN 密码短语不同',
  apiUserWrongAlgorithm: (configured: string, working: string) =>
    `DirectLink 拒绝了用 ${configured} 生成的签名（NCERROR 50001184），却接受了用 ${working} 生成的签名：请设置 OGONE_HASH_ALGORITHM=${working}，即 “Global security parameters” 中选择的哈希算法（SHA-IN 密码短语是正确的）`,
  apiUserIpRefused: () =>
    'DirectLink 拒绝了本服务器的 IP 地址（NCERROR 50001116）：请在“Checks for DirectLink and automatic Batch › IP address”中添加',
  apiUserRefused: (ncError) => `DirectLink 以 NCERROR ${ncError} 拒绝了测试查询：无法确认 API 用户`,
  apiUserUnreachable: (reason) => `无法查询 DirectLink：${reason}`,
  webhookOk: (url, status) => `WEBHOOK_URL ${url} 接受了已签名的 ping 事件（HTTP ${status}）`,
  webhookRefused: (url, status) => `WEBHOOK_URL ${url} 对已签名的 ping 事件返回 HTTP ${status}：事件会被重试然后放弃；它必须返回 2xx`,
  webhookDown: (url, reason) => `无法访问 WEBHOOK_URL ${url}：${reason}；支付事件将无法送达`,
  webhookNotSet: () => 'WEBHOOK_URL 未设置：不会向商店发送任何支付事件',

  notSet: '未设置',
  characters: (count) => `${count} 个字符`,
  encodingValue: 'UTF-8（我们提交到 *_utf8.asp 页面）',
  leaveBlank: '留空（每个请求都用 SHA-IN 签名）',
  shaInValue: (length) => `OGONE_SHA_IN 的值（${length}）`,
  sameShaInValue: (length) => `同一个 OGONE_SHA_IN 的值（${length}）`,
  outgoingIp: '本服务器的出站 IP 地址',
  tickRedirect: '勾选“I would like to receive transaction feedback parameters on the redirection URLs”',
  onlineDeferred: '在线，但在线请求失败时改为延迟请求',
  shaOutValue: (length) => `OGONE_SHA_OUT 的值（${length}）`,
  noStatusRequest: '不发送请求（状态变化通过对账程序和 DirectLink 响应获得）',
  operationSale: '销售（SAL）',
  operationAuthorisation: '授权（RES）',
  userIdNotSet: '未设置（OGONE_USER_ID）',
  ticked: '已勾选',
  passwordValue: 'OGONE_PASSWORD 的值',
  aliasActive: '已启用（保存的卡）',
  aliasReturned: '已启用（否则 DirectLink 响应中没有 ALIAS）',
  aliasSelected: '已选择（见“交易反馈”）',
};
