import type { TopLevelSpec } from 'vega-lite';

/*
 * The portal's charts as SVG drawn on the server with vega-lite + vega, to be put inline in
 * a page: the portal's CSP allows no script and no inline style, and vega's SVG carries
 * neither (presentation attributes only), so a chart needs nothing but the page itself.
 * Each feature writes its chart's spec (compliance/chart.ts, oversight/usage-chart.ts); this
 * draws it.
 */

/** What every chart shares: no ARIA texts of vega's own, the font, numbers as written here. */
export const CHART_CONFIG = {
  // vega's own ARIA texts are English; the page describes the chart in Bahasa Indonesia
  // (aria-label below) and gives the same numbers in a table.
  aria: false,
  font: 'sans-serif',
  background: 'white',
  // Numbers as Bahasa Indonesia writes them: 1.234.567.
  locale: { number: { decimal: ',', thousands: '.', grouping: [3], currency: ['Rp', ''] } },
} satisfies TopLevelSpec['config'];

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** The chart as an SVG element, labelled for screen readers by `label`, ready to be put inline. */
export async function renderSvgChart(spec: TopLevelSpec, label: string): Promise<string> {
  // Loaded on the first chart, not at start: most server processes only serve lookups,
  // and vega with vega-lite hold about 40 MB.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.replace('<svg ', `<svg role="img" aria-label="${escapeAttribute(label)}" `);
  } finally {
    view.finalize();
  }
}
