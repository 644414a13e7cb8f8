import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, renderSvgChart } from '../charts/svg-chart.js';
import type { Figures } from './compliance.js';

/** Compliance charts: stacked bars of the accessed NIKs' states, drawn by charts/svg-chart.ts. */

/** The three states of an accessed NIK, bottom of the stack first, with their colours. */
const STATES = [
  { key: 'returned', label: 'Sudah dikirim', colour: '#1e7b34' },
  { key: 'pending', label: 'Menunggu', colour: '#e0a100' },
  { key: 'overdue', label: 'Terlambat', colour: '#b42318' },
] as const;

export interface ChartBar {
  /** The bar's name on its axis (a month, a user ID). */
  readonly label: string;
  readonly figures: Figures;
}

export interface StackedBarChart {
  readonly title: string;
  /** The title of the axis naming the bars, e.g. "Bulan akses pertama (WIB)". */
  readonly categoryTitle: string;
  readonly bars: readonly ChartBar[];
  /** Vertical bars suit months; horizontal bars suit a list of operators. */
  readonly orientation: 'vertical' | 'horizontal';
}

function spec(chart: StackedBarChart): TopLevelSpec {
  // Zero segments draw nothing: leaving them out keeps the SVG small.
  const values = chart.bars.flatMap((bar, index) =>
    STATES.filter((s) => bar.figures[s.key] > 0).map((s, order) => ({
      kategori: bar.label,
      urutan: index,
      status: s.label,
      lapisan: order,
      jumlah: bar.figures[s.key],
    })),
  );
  const category = {
    field: 'kategori',
    type: 'nominal' as const,
    title: chart.categoryTitle,
    sort: chart.bars.map((b) => b.label),
    scale: { domain: chart.bars.map((b) => b.label) },
  };
  const amount = {
    field: 'jumlah',
    type: 'quantitative' as const,
    title: 'Jumlah NIK',
    stack: 'zero' as const,
    axis: { format: ',d', tickMinStep: 1 },
  };
  const vertical = chart.orientation === 'vertical';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, anchor: 'start', fontSize: 14 },
    width: vertical
      ? { step: Math.max(18, Math.min(40, Math.floor(560 / chart.bars.length))) }
      : 460,
    height: vertical ? 200 : { step: 22 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: vertical ? { ...category, axis: { labelAngle: -40 } } : amount,
      y: vertical ? amount : category,
      color: {
        field: 'status',
        type: 'nominal',
        title: 'Status',
        scale: { domain: STATES.map((s) => s.label), range: STATES.map((s) => s.colour) },
        legend: { orient: 'bottom', direction: 'horizontal' },
      },
      order: { field: 'lapisan', type: 'quantitative' },
    },
    config: CHART_CONFIG,
  };
}

/** The chart as an SVG element, titled for screen readers, ready to be put inline. */
export function renderStackedBarChart(chart: StackedBarChart): Promise<string> {
  return renderSvgChart(
    spec(chart),
    `Grafik: ${chart.title}. Angka yang sama tersedia pada tabel di bawahnya.`,
  );
}
