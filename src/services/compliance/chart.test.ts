import { describe, expect, it } from 'vitest';
import { renderStackedBarChart } from './chart.js';

const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
const figures = (i: number) => ({
  accessed: 1000 * i + 7,
  returned: 600 * i,
  pending: 300 * i + 7,
  overdue: 100 * i,
});

describe('renderStackedBarChart', () => {
  it('draws an SVG without script or inline style, titled in Bahasa Indonesia', async () => {
    const svg = await renderStackedBarChart({
      title: 'NIK diakses per bulan',
      categoryTitle: 'Bulan akses pertama (WIB)',
      orientation: 'vertical',
      bars: months.map((label, i) => ({ label, figures: figures(i) })),
    });
    const operators = await renderStackedBarChart({
      title: 'NIK diakses per operator',
      categoryTitle: 'Operator',
      orientation: 'horizontal',
      bars: Array.from({ length: 10 }, (_, i) => ({ label: `operator.${i}`, figures: figures(i) })),
    });
    for (const chart of [svg, operators]) {
      expect(chart.startsWith('<svg ')).toBe(true);
      expect(chart).not.toMatch(/<script/i);
      expect(chart).not.toMatch(/style=/i);
    }
    expect(svg).toContain('Bulan akses pertama (WIB)');
    expect(svg).toContain('Jumlah NIK');
    expect(svg).toContain('Terlambat');
    // Numbers as Bahasa Indonesia writes them, and small enough for a 1 Mbps link.
    expect(svg).toContain('>10.000<');
    expect(svg.length + operators.length).toBeLessThan(32 * 1024);
  });
});
