/** Draws a ChartModel as an inline SVG stacked bar chart (colours from the stylesheet's classes). */
import type { ChartModel } from './chart-model.ts';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 220;
const PAD = { top: 10, right: 10, bottom: 28, left: 32 };

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A step of 1, 2, 5, 10, 20… so the axis has at most ~5 labels. */
function tickStep(max: number): number {
  const raw = Math.max(1, max / 5);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((step) => step >= raw) ?? raw;
}

export function renderChart(model: ChartModel, label: (state: string) => string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const summary = model.series.map((s) => `${label(s.state)} ${s.counts.reduce((a, b) => a + b, 0)}`).join(', ');
  const svg = el('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: 'img',
    'aria-label':
      model.total === 0
        ? `No payments in the last ${model.days.length} days`
        : `${model.total} payments in the last ${model.days.length} days: ${summary}`,
  });
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const top = Math.max(1, model.max);
  const step = tickStep(top);
  const scaleTop = Math.ceil(top / step) * step;
  const y = (value: number) => PAD.top + plotHeight - (value / scaleTop) * plotHeight;

  for (let value = 0; value <= scaleTop; value += step) {
    svg.append(el('line', { class: 'axis', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value) }));
    svg.append(el('text', { x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end' }, String(value)));
  }
  const slot = plotWidth / model.days.length;
  const barWidth = Math.max(4, slot * 0.7);
  model.days.forEach((day, i) => {
    const x = PAD.left + i * slot + (slot - barWidth) / 2;
    let base = 0;
    for (const series of model.series) {
      const count = series.counts[i] ?? 0;
      if (count === 0) continue;
      const rect = el('rect', {
        class: `bar s-${series.state}`,
        x,
        y: y(base + count),
        width: barWidth,
        height: y(base) - y(base + count),
        'data-day': day,
        'data-state': series.state,
        'data-count': count,
      });
      rect.append(el('title', {}, `${day}: ${count} ${label(series.state)}`));
      svg.append(rect);
      base += count;
    }
    if (i % 2 === model.days.length % 2 || model.days.length <= 7) {
      svg.append(el('text', { x: PAD.left + i * slot + slot / 2, y: HEIGHT - 8, 'text-anchor': 'middle' }, day.slice(5)));
    }
  });
  fragment.append(svg);

  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const series of model.series) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `s-${series.state}`;
    item.append(swatch, `${label(series.state)} (${series.counts.reduce((a, b) => a + b, 0)})`);
    legend.append(item);
  }
  fragment.append(legend);
  return fragment;
}
