import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, renderSvgChart } from '../charts/svg-chart.js';

/**
 * Usage charts (issue 9 §3), drawn as the compliance charts are (charts/svg-chart.ts): one
 * series of bars, lookups per day or per WIB hour.
 */

export interface Bar {
  /** The bar's name on its axis (a day, an hour). */
  readonly label: string;
  readonly value: number;
}

export interface BarChart {
  readonly title: string;
  /** The title of the axis naming the bars, e.g. "Tanggal (WIB)". */
  readonly categoryTitle: string;
  /** The title of the value axis, e.g. "Jumlah verifikasi". */
  readonly valueTitle: string;
  readonly bars: readonly Bar[];
  /** Show every n-th label only, so that 30 days stay readable (1: every label). */
  readonly labelEvery?: number;
}

function spec(chart: BarChart): TopLevelSpec {
  const labels = chart.bars.map((b) => b.label);
  const every = Math.max(1, chart.labelEvery ?? 1);
  // Zero bars draw nothing: leaving them out keeps the SVG small (the axis keeps the day).
  const values = chart.bars
    .map((bar, index) => ({ kategori: bar.label, urutan: index, jumlah: bar.value }))
    .filter((row) => row.jumlah > 0);
  const shown = labels.filter((_label, index) => index % every === 0);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, anchor: 'start', fontSize: 14 },
    width: { step: Math.max(14, Math.min(32, Math.floor(600 / Math.max(1, labels.length)))) },
    height: 160,
    data: { values },
    mark: { type: 'bar', color: '#1f5f8b' },
    encoding: {
      x: {
        field: 'kategori',
        type: 'nominal',
        title: chart.categoryTitle,
        sort: labels,
        scale: { domain: labels },
        axis: { labelAngle: 0, values: shown },
      },
      y: {
        field: 'jumlah',
        type: 'quantitative',
        title: chart.valueTitle,
        axis: { format: ',d', tickMinStep: 1, tickCount: 4 },
        scale: { domainMin: 0, ...(values.length === 0 ? { domainMax: 1 } : {}) },
      },
    },
    config: CHART_CONFIG,
  };
}

/**
 * vega's attributes for its own interactive renderer (class names, pointer events, ARIA roles
 * of each mark, opacity 1): nothing an inline, static picture uses. Left out, a chart is about
 * a third lighter on a 1 Mbps link.
 */
const RENDERER_ATTRIBUTES =
  / (?:class="[^"]*"|pointer-events="none"|opacity="1"|aria-hidden="true"|role="graphics-[a-z-]+"|aria-roledescription="[^"]*")/g;

export function slimSvg(svg: string): string {
  return svg.replace(RENDERER_ATTRIBUTES, '');
}

/** The chart as an SVG element, titled for screen readers, ready to be put inline. */
export async function renderBarChart(chart: BarChart): Promise<string> {
  const label = `Grafik: ${chart.title}. Angka yang sama tersedia pada tabel.`;
  return slimSvg(await renderSvgChart(spec(chart), label));
}
