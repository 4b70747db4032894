// @ts-check
// A soak run as one SVG: a panel per group of readings (memory, counts, throughput) over time,
// with the faults as shaded bands and the end of warm-up as a dashed line. Plain SVG text, like
// bench/report/svg-chart.mjs (which draws bars only): no chart library needed for polylines.

const WIDTH = 960;
const PANEL_HEIGHT = 190;
const MARGIN = { left: 70, right: 150, top: 34, bottom: 26 };
const COLORS = ['#d9480f', '#1c7ed6', '#2b8a3e', '#7048e8', '#e67700', '#495057'];

/**
 * @typedef {{ name: string, points: Array<[number, number]> }} Series
 * @typedef {{ title: string, unit: string, series: Series[] }} Panel
 * @typedef {{ from: number, to: number, label: string }} Band
 */

/**
 * @param {{ title: string, xLabel: string, panels: Panel[], bands: Band[], marker?: { at: number, label: string } }} chart
 * @returns {string}
 */
export function renderLineChart(chart) {
  const xs = chart.panels.flatMap((panel) => panel.series.flatMap((s) => s.points.map(([x]) => x)));
  const xMin = Math.min(...xs);
  const xMax = Math.max(xMin + 1e-9, ...xs);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const xAt = (/** @type {number} */ x) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotWidth;
  /** @type {string[]} */
  const parts = [];
  chart.panels.forEach((panel, index) => {
    const top = 30 + index * (PANEL_HEIGHT + MARGIN.top);
    const plotTop = top + MARGIN.top;
    const plotHeight = PANEL_HEIGHT - MARGIN.bottom;
    const ys = panel.series.flatMap((s) => s.points.map(([, y]) => y));
    const yMax = niceCeiling(Math.max(1e-9, ...ys));
    const yAt = (/** @type {number} */ y) => plotTop + plotHeight - (y / yMax) * plotHeight;
    parts.push(`<text x="${MARGIN.left}" y="${top + 22}" class="panel">${escapeXml(panel.title)} (${escapeXml(panel.unit)})</text>`);
    for (const band of chart.bands) {
      const [x1, x2] = [xAt(band.from), xAt(Math.max(band.to, band.from))];
      parts.push(
        `<rect x="${x1.toFixed(1)}" y="${plotTop}" width="${Math.max(1, x2 - x1).toFixed(1)}" height="${plotHeight}" class="fault"><title>${escapeXml(band.label)}</title></rect>`,
      );
    }
    if (chart.marker) {
      const x = xAt(chart.marker.at).toFixed(1);
      parts.push(`<line x1="${x}" x2="${x}" y1="${plotTop}" y2="${plotTop + plotHeight}" class="marker"/>`);
      if (index === 0) parts.push(`<text x="${x}" y="${plotTop - 4}" class="small" text-anchor="middle">${escapeXml(chart.marker.label)}</text>`);
    }
    for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
      const y = (plotTop + plotHeight - fraction * plotHeight).toFixed(1);
      parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y}" y2="${y}" class="grid"/>`);
      parts.push(`<text x="${MARGIN.left - 6}" y="${Number(y) + 4}" class="small" text-anchor="end">${formatNumber(fraction * yMax)}</text>`);
    }
    for (let i = 0; i <= 5; i++) {
      const x = xMin + ((xMax - xMin) * i) / 5;
      parts.push(`<text x="${xAt(x).toFixed(1)}" y="${plotTop + plotHeight + 16}" class="small" text-anchor="middle">${formatNumber(x)}</text>`);
    }
    panel.series.forEach((series, s) => {
      const color = COLORS[s % COLORS.length];
      const path = series.points.map(([x, y]) => `${xAt(x).toFixed(1)},${yAt(y).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="1.6"/>`);
      parts.push(`<rect x="${WIDTH - MARGIN.right + 12}" y="${plotTop + s * 18}" width="12" height="3" fill="${color}"/>`);
      parts.push(`<text x="${WIDTH - MARGIN.right + 30}" y="${plotTop + s * 18 + 5}" class="small">${escapeXml(series.name)}</text>`);
    });
  });
  const height = 30 + chart.panels.length * (PANEL_HEIGHT + MARGIN.top) + 20;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(chart.title)}</title>`,
    '<style>.title{font-size:16px;font-weight:bold}.panel{font-size:13px;font-weight:bold}.small{font-size:11px;fill:#343a40}.grid{stroke:#e9ecef}.fault{fill:#fa5252;opacity:0.15}.marker{stroke:#495057;stroke-dasharray:4 3}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="10" y="22" class="title">${escapeXml(chart.title)}</text>`,
    `<text x="${WIDTH - 10}" y="22" class="small" text-anchor="end">x: ${escapeXml(chart.xLabel)} · shaded: faults</text>`,
    ...parts,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${height - 6}" class="small" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

/** A round axis maximum at or above `value` (1, 2 or 5 times a power of ten). */
function niceCeiling(/** @type {number} */ value) {
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

function formatNumber(/** @type {number} */ value) {
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (value >= 1e4) return `${Math.round(value / 1e3)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function escapeXml(/** @type {string} */ text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
