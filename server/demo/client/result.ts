/**
 * Redraws the shop's result banner from `/demo/payments/:reference` (server/demo/result.ts decides
 * the words, in the shopper's language; this only puts them in place, as text, never as HTML).
 */
export interface DemoResult {
  state: string;
  outcome: string;
  lang: string;
  title: string;
  message: string;
  details: string;
  retry?: { href: string; label: string };
}

function paragraph(className: string, text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

export function renderResult(section: HTMLElement, result: DemoResult): void {
  section.dataset.state = result.state;
  section.dataset.outcome = result.outcome;
  section.lang = result.lang;
  const title = document.createElement('h2');
  title.className = 'result-title';
  title.textContent = result.title;
  const parts: HTMLElement[] = [title, paragraph('result-message', result.message), paragraph('result-details', result.details)];
  if (result.retry) {
    const link = document.createElement('a');
    link.className = 'retry';
    link.href = result.retry.href;
    link.textContent = result.retry.label;
    const holder = document.createElement('p');
    holder.append(link);
    parts.push(holder);
  }
  section.replaceChildren(...parts);
}
