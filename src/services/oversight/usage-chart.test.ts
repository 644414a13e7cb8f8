import { describe, expect, it } from 'vitest';
import { trustedSvg } from '../../web/kit/html.js';
import { renderBarChart } from './usage-chart.js';

describe('usage bar charts', () => {
  const days = Array.from({ length: 30 }, (_, i) => ({
    label: `${String(i + 1).padStart(2, '0')}/11`,
    value: i === 4 ? 0 : 1 + ((i * 37) % 150),
  }));

  it('draws one bar per day with a value, light enough for a 1 Mbps page', async () => {
    const svg = await renderBarChart({
      title: 'Verifikasi per hari <uji> & "kutip"',
      categoryTitle: 'Tanggal (WIB)',
      valueTitle: 'Verifikasi',
      bars: days,
      labelEvery: 3,
    });
    // The page puts it inline: only drawing elements, no script, no handler, no link.
    expect(trustedSvg(svg).value).toBe(svg.trim());
    expect(svg).toMatch(
      /^<svg role="img" aria-label="Grafik: Verifikasi per hari &lt;uji&gt; &amp; &quot;kutip&quot;\. Angka yang sama tersedia pada tabel\." /,
    );
    // 29 bars (the day without lookups draws none), in the bar colour.
    expect(svg.match(/fill="#1f5f8b"/g)).toHaveLength(29);
    // Every third day is named on the axis.
    const labels = [...svg.matchAll(/>(\d\d\/11)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(days.filter((_d, i) => i % 3 === 0).map((d) => d.label));
    expect(svg).not.toMatch(/ class="| pointer-events=| aria-roledescription=/);
    expect(Buffer.byteLength(svg)).toBeLessThan(9 * 1024);
  }, 30_000);

  it('draws an empty period as axes alone', async () => {
    const svg = await renderBarChart({
      title: 'Kosong',
      categoryTitle: 'Jam (WIB)',
      valueTitle: 'Verifikasi',
      bars: Array.from({ length: 24 }, (_, hour) => ({ label: String(hour), value: 0 })),
    });
    expect(trustedSvg(svg).value).toBe(svg.trim());
    expect(svg).not.toContain('fill="#1f5f8b"');
  }, 30_000);
});
