// Number formats for the Markdown tables.
export const rate = (value) =>
  typeof value !== 'number'
    ? '–'
    : value >= 1e6
      ? `${(value / 1e6).toFixed(2)}M`
      : value >= 1e4
        ? `${Math.round(value / 1e3)}k`
        : value >= 1e3
          ? `${(value / 1e3).toFixed(1)}k`
          : value.toFixed(0);

export const spread = (summary, format) => (summary ? `${format(summary.min)}–${format(summary.max)}` : '–');

export const fixed = (digits) => (value) => (typeof value === 'number' ? value.toFixed(digits) : '–');

export const ms = (value) => (typeof value !== 'number' ? '–' : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
