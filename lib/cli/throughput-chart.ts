import { extname } from 'node:path';

/** One sampling interval of a run. */
export interface ChartPoint {
  /** End of the interval, milliseconds since the run started. */
  atMs: number;
  recordsPerSec: number;
  mbPerSec: number;
  /** Average and maximum latency of the records delivered in the interval; 0 when none was. */
  avgLatencyMs: number;
  maxLatencyMs: number;
}

/** Which file a chart goes to: `.svg`, or `.html` (the same SVG in a page). */
export function chartFormatOf(path: string): 'svg' | 'html' | undefined {
  const extension = extname(path).toLowerCase();
  return extension === '.svg' ? 'svg' : extension === '.html' || extension === '.htm' ? 'html' : undefined;
}

const WIDTH = 860;
const PANEL_HEIGHT = 220;
const LEFT = 80;
const RIGHT = 30;
const TOP = 50;
const GAP = 70;
const HEIGHT = TOP + 2 * PANEL_HEIGHT + GAP + 50;

interface Series {
  name: string;
  color: string;
  values: readonly number[];
}

/**
 * Draws throughput (records/sec) and latency (average and maximum, ms) over a run as a standalone
 * SVG: two panels sharing the time axis, each line a `<path>`. Hand-written (a small module): the
 * chart libraries for Node.js render in a browser or a headless one, which a command line tool
 * should not need for two line charts.
 */
export function renderChartSvg(points: readonly ChartPoint[], title: string): string {
  const times = points.map((p) => p.atMs / 1000);
  const maxTime = Math.max(1, ...times);
  const throughput: Series[] = [{ name: 'records/sec', color: '#1f77b4', values: points.map((p) => p.recordsPerSec) }];
  const latency: Series[] = [
    { name: 'avg latency (ms)', color: '#2ca02c', values: points.map((p) => p.avgLatencyMs) },
    { name: 'max latency (ms)', color: '#d62728', values: points.map((p) => p.maxLatencyMs) },
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
    panel(throughput, times, maxTime, TOP, 'records/sec'),
    panel(latency, times, maxTime, TOP + PANEL_HEIGHT + GAP, 'latency (ms)'),
    `<text x="${LEFT + (WIDTH - LEFT - RIGHT) / 2}" y="${HEIGHT - 10}" text-anchor="middle">time (s)</text>`,
    '</svg>',
  ].join('\n');
}

/** The chart in a minimal HTML page, for a browser. */
export function renderChartHtml(points: readonly ChartPoint[], title: string): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>\n<body>\n${renderChartSvg(points, title)}\n</body></html>\n`;
}

function panel(series: readonly Series[], times: readonly number[], maxTime: number, top: number, label: string): string {
  const width = WIDTH - LEFT - RIGHT;
  const maxValue = niceCeiling(Math.max(0, ...series.flatMap((s) => s.values)));
  const x = (t: number): string => (LEFT + (t / maxTime) * width).toFixed(1);
  const y = (v: number): string => (top + PANEL_HEIGHT - (v / maxValue) * PANEL_HEIGHT).toFixed(1);
  const out: string[] = [`<g class="panel">`, `<text x="${LEFT}" y="${top - 8}">${escapeXml(label)}</text>`];
  for (let i = 0; i <= 4; i++) {
    const value = (maxValue * i) / 4;
    out.push(
      `<line x1="${LEFT}" x2="${LEFT + width}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`,
      `<text x="${LEFT - 6}" y="${y(value)}" text-anchor="end" dominant-baseline="middle">${formatTick(value)}</text>`,
    );
  }
  const step = niceCeiling(maxTime / 6);
  for (let t = 0; t <= maxTime + 1e-9; t += step) {
    out.push(`<text x="${x(t)}" y="${top + PANEL_HEIGHT + 16}" text-anchor="middle">${formatTick(t)}</text>`);
  }
  out.push(`<rect x="${LEFT}" y="${top}" width="${width}" height="${PANEL_HEIGHT}" fill="none" stroke="#888"/>`);
  series.forEach((s, index) => {
    if (s.values.length > 0) {
      const d = s.values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(times[i] as number)},${y(v)}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"><title>${escapeXml(s.name)}</title></path>`);
    }
    const legendX = LEFT + width - 150 * (series.length - index);
    out.push(
      `<line x1="${legendX}" x2="${legendX + 20}" y1="${top - 12}" y2="${top - 12}" stroke="${s.color}" stroke-width="2"/>`,
      `<text x="${legendX + 25}" y="${top - 8}">${escapeXml(s.name)}</text>`,
    );
  });
  out.push('</g>');
  return out.join('\n');
}

/** 1, 2 or 5 times a power of ten, at least `value` (and at least 1). */
function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function formatTick(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(value % 1e6 === 0 ? 0 : 1)}M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(value % 1e3 === 0 ? 0 : 1)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
