/** What `npm start` prints: where to go, the demo key, the sandbox's test cards. */
import { TEST_CARDS } from '../sandbox/cards.ts';
import { printableEndpoint } from '../webhooks/endpoint.ts';

export interface BannerModel {
  url: string;
  apiKey: string | undefined;
  credentialsFile: string | undefined;
  sandbox: boolean;
  database: string;
  webhookUrl: string | undefined;
}

/** How the card is printed on it: 4-4-4-4, or 4-6-5 for a 15-digit American Express. */
const groups = (digits: string) =>
  digits.length === 15 ? `${digits.slice(0, 4)} ${digits.slice(4, 10)} ${digits.slice(10)}` : digits.replace(/(\d{4})(?=\d)/g, '$1 ');

export function banner(model: BannerModel): string {
  const lines = [
    '',
    `ogone-checkout demo — ${model.sandbox ? 'sandbox mode, no real payment is made' : 'CONNECTED TO OGONE (not the sandbox)'}`,
    '',
    `  Shop        ${model.url}/`,
    `  Dashboard   ${model.url}/dashboard`,
    `  Webhooks    ${model.url}/demo/events${model.webhookUrl ? `   (delivered to ${printableEndpoint(model.webhookUrl)})` : ''}`,
    ...(model.sandbox ? [`  Sandbox     ${model.url}/sandbox`] : []),
    `  Database    ${model.database}`,
    '',
  ];
  if (model.apiKey) {
    lines.push(
      `  Merchant API key (sandbox demo key${model.credentialsFile ? `, kept in ${model.credentialsFile}` : ''}):`,
      `    ${model.apiKey}`,
      '',
    );
  }
  if (model.sandbox) {
    lines.push('  Test cards (any future expiry such as 12/30, any CVC: 3 digits, 4 for American Express):');
    for (const card of TEST_CARDS) lines.push(`    ${groups(card.number).padEnd(20)} ${card.brand.padEnd(17)} ${card.result}`);
    lines.push('');
  }
  lines.push('  Stop with Ctrl+C.', '');
  return lines.join('\n');
}
