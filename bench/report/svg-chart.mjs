// @ts-check
// A horizontal bar chart of S1/S2/S7 throughput (median, with a min–max whisker), one panel per
// scenario. Plain SVG text: no chart library needed for bars.
import { CONTENDERS, contenderById } from '../scenarios/contenders.mjs';
import { rate } from './format.mjs';

const PANELS = ['S1-100B', 'S1-1KiB', 'S2-batch100', 'S2-batch1000', 'S7-writable'];
const COLORS = { ours: '#d9480f', baseline: '#495057', peer: '#1c7ed6' };
const WIDTH = 900;
const LABEL_WIDTH = 330;
const BAR_HEIGHT = 18;
const GAP = 6;

/**
 * @param {import('../types.mjs').Aggregate[]} cells
 * @param {string} title
 * @returns {string}
 */
export function renderSvg(cells, title) {
  /** @type {string[]} */
  const parts = [];
  let y = 40;
  for (const scenario of PANELS) {
    /** @type {Array<import('../types.mjs').Aggregate & { note?: string }>} */
    const rows = CONTENDERS.map((c) => cells.find((cell) => cell.scenario === scenario && cell.contender === c.id)).filter(
      (cell) => cell !== undefined,
    );
    // The batch and stream panels show raw librdkafka's S1-100B run as their ceiling (same 100 B messages).
    const rawReference = cells.find((cell) => cell.scenario === 'S1-100B' && cell.contender === 'raw-librdkafka');
    if (!scenario.startsWith('S1') && rawReference) rows.unshift({ ...rawReference, note: ' (its S1-100B)' });
    if (rows.length === 0) continue;
    const max = Math.max(1, ...rows.map((cell) => cell.msgPerSec?.max ?? 0));
    const scale = (WIDTH - LABEL_WIDTH - 110) / max;
    parts.push(`<text x="10" y="${y + 14}" class="panel">${scenario} (msg/s acknowledged)</text>`);
    y += 24;
    for (const cell of rows) {
      const contender = contenderById(cell.contender);
      if (contender === undefined) continue; // (every row is one of CONTENDERS)
      parts.push(
        `<text x="${LABEL_WIDTH - 8}" y="${y + 13}" class="label" text-anchor="end">${escapeXml(contender.label + (cell.note ?? ''))}</text>`,
      );
      // (an ok cell always has a msg/s summary)
      if (cell.status === 'ok' && cell.msgPerSec !== null) {
        const width = Math.max(1, cell.msgPerSec.median * scale);
        parts.push(`<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${COLORS[contender.role]}"/>`);
        const [x1, x2] = [LABEL_WIDTH + cell.msgPerSec.min * scale, LABEL_WIDTH + cell.msgPerSec.max * scale];
        parts.push(`<line x1="${x1.toFixed(1)}" x2="${x2.toFixed(1)}" y1="${y + BAR_HEIGHT / 2}" y2="${y + BAR_HEIGHT / 2}" class="whisker"/>`);
        parts.push(
          `<text x="${(Math.max(LABEL_WIDTH + width, x2) + 6).toFixed(1)}" y="${y + 13}" class="value">${rate(cell.msgPerSec.median)}</text>`,
        );
      } else {
        parts.push(`<text x="${LABEL_WIDTH + 4}" y="${y + 13}" class="missing">${cell.status === 'failed' ? 'FAILED' : 'not run'}</text>`);
      }
      y += BAR_HEIGHT + GAP;
    }
    y += 14;
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    '<style>.title{font-size:16px;font-weight:bold}.panel{font-size:14px;font-weight:bold}.label,.value,.missing{font-size:12px}.missing{fill:#868e96;font-style:italic}.whisker{stroke:#212529;stroke-width:1.5}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="10" y="22" class="title">${escapeXml(title)}</text>`,
    `<text x="${WIDTH - 10}" y="22" class="label" text-anchor="end">bar: median · line: min–max</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

/** @param {string} text */
function escapeXml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
