// Draws the timeline model as SVG, at the container's width in pixels so that text keeps its
// size on a phone. Labels of instants close together go on separate rows.
import type { LiveKitClaims } from '../claims.js';
import type { TokenStatus } from '../describe.js';
import { formatDuration } from '../describe.js';
import { timelineModel, type Mark } from './timeline.js';

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 30;
/** Rough width of a character of the labels' 12 px font, to keep labels apart. */
const CHAR = 6.6;

const NAMES: Record<Mark['name'], string> = { nbf: 'nbf · valid from', iat: 'iat · issued', exp: 'exp · expires', now: 'now' };

function el(name: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Local date and time, to the second: the page shows instants as the reader's clock does. */
function localTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) return '?';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Left, centred or right-aligned so that a label never runs off the drawing. */
function anchor(x: number, width: number, total: number): { anchor: string; from: number; to: number } {
  if (x - width / 2 < 0) return { anchor: 'start', from: x, to: x + width };
  if (x + width / 2 > total) return { anchor: 'end', from: x - width, to: x };
  return { anchor: 'middle', from: x - width / 2, to: x + width / 2 };
}

/**
 * Replaces the container's content with the timeline of `claims` at `now` (seconds) and returns
 * the relative phrase ("expires in 9 min").
 *
 * @example
 * drawTimeline(document.getElementById('timeline')!, claims, 'valid', Date.now() / 1000, 60); // 'expires in 9 min'
 */
export function drawTimeline(container: HTMLElement, claims: LiveKitClaims, state: TokenStatus['state'], now: number, leeway: number): string {
  const model = timelineModel(claims, now, leeway);
  const width = Math.max(280, Math.floor(container.clientWidth || 600));
  const inner = width - 8;
  const at = (x: number) => 4 + x * inner;

  // Token instants above the line; instants at the same second share a label.
  const groups: Array<{ x: number; names: string[]; time: number }> = [];
  for (const mark of model.marks.filter((m) => m.name !== 'now').sort((a, b) => a.x - b.x)) {
    const same = groups.find((g) => g.time === mark.time);
    if (same) same.names.push(mark.name);
    else groups.push({ x: at(mark.x), names: [mark.name], time: mark.time });
  }
  const rowsEnd: number[] = [];
  const labels = groups.map((g) => {
    const title = g.names.length === 1 ? NAMES[g.names[0] as Mark['name']] : g.names.join(' · ');
    const time = localTime(g.time);
    const place = anchor(g.x, Math.max(title.length, time.length) * CHAR, width);
    let row = rowsEnd.findIndex((end) => end + 10 < place.from);
    if (row < 0) row = rowsEnd.push(-Infinity) - 1;
    rowsEnd[row] = place.to;
    return { ...g, title, time, place, row };
  });
  const rows = Math.max(1, rowsEnd.length);
  const axis = 14 + rows * ROW + 16;
  const height = axis + 64;

  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, 'aria-label': `timeline: ${model.relative}` });
  svg.append(el('line', { class: 'axis', x1: 4, y1: axis, x2: width - 4, y2: axis }));
  if (model.window) {
    const from = at(model.window.from);
    const to = at(model.window.to);
    svg.append(el('rect', { class: `window ${state}`, x: from, y: axis - 9, width: Math.max(2, to - from), height: 18, rx: 3 }));
    if (model.window.open) svg.append(el('text', { x: width - 6, y: axis + 4, 'text-anchor': 'end', class: 'legend' }, 'no exp →'));
  }
  for (const band of model.bands) svg.append(el('rect', { class: 'band', x: at(band.from), y: axis - 13, width: Math.max(3, at(band.to) - at(band.from)), height: 26 }));
  if (model.gap) {
    const from = at(model.gap.from);
    const to = at(model.gap.to);
    svg.append(el('rect', { class: 'gap', x: from, y: axis - 14, width: to - from, height: 28 }));
    svg.append(el('line', { class: 'gap-line', x1: from - 4, y1: axis + 10, x2: from + 4, y2: axis - 10 }));
    svg.append(el('line', { class: 'gap-line', x1: to - 4, y1: axis + 10, x2: to + 4, y2: axis - 10 }));
    svg.append(el('text', { x: (from + to) / 2, y: axis - 18, 'text-anchor': 'middle', class: 'legend' }, `${formatDuration(model.gap.seconds)}`));
  }
  for (const label of labels) {
    const top = 14 + label.row * ROW;
    svg.append(el('line', { class: 'tick', x1: label.x, y1: top + 20, x2: label.x, y2: axis + 9 }));
    svg.append(el('text', { x: label.x, y: top + 2, 'text-anchor': label.place.anchor }, label.title));
    svg.append(el('text', { x: label.x, y: top + 16, 'text-anchor': label.place.anchor, class: 'time' }, label.time));
  }
  const nowMark = model.marks.find((m) => m.name === 'now');
  if (nowMark) {
    const x = at(nowMark.x);
    const text = `now · ${model.relative}`;
    const place = anchor(x, text.length * CHAR * 1.08, width);
    svg.append(el('line', { class: 'now-line', x1: x, y1: axis - 16, x2: x, y2: axis + 20 }));
    svg.append(el('text', { x, y: axis + 34, 'text-anchor': place.anchor, class: 'now-label' }, text));
  }
  svg.append(el('rect', { class: 'band', x: 4, y: height - 16, width: 10, height: 10 }));
  svg.append(el('text', { x: 19, y: height - 7, class: 'legend' }, `LiveKit's ${leeway} s clock-skew allowance`));
  container.replaceChildren(svg);
  return model.relative;
}
