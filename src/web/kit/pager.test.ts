import { describe, expect, it } from 'vitest';
import { pageHref, pageInfo, pager, readPage } from './pager.js';

describe('readPage', () => {
  it.each([
    [{}, 1],
    [{ halaman: '3' }, 3],
    [{ halaman: '0' }, 1],
    [{ halaman: '-2' }, 1],
    [{ halaman: 'dua' }, 1],
    [{ halaman: '1.5' }, 1],
    [{ halaman: '' }, 1],
    [{ halaman: ' 4 ' }, 4],
    [{ halaman: ['5', '9'] }, 5],
    [{ halaman: '9999999999' }, 1],
    [{ halaman: '999999999' }, 100_000],
  ])('%j asks for page %i', (query, page) => {
    expect(readPage(query).page).toBe(page);
  });

  it('reads the size within its bounds, and the offset', () => {
    expect(readPage(undefined)).toEqual({ page: 1, size: 25, offset: 0 });
    expect(readPage({ halaman: '3' }, { size: 10 })).toEqual({ page: 3, size: 10, offset: 20 });
    const sized = { sizeParam: 'per', size: 20, maxSize: 50 };
    expect(readPage({ per: '40' }, sized).size).toBe(40);
    expect(readPage({ per: '500' }, sized).size).toBe(50);
    expect(readPage({ per: '0' }, sized).size).toBe(20);
    expect(readPage({ per: 'semua' }, sized).size).toBe(20);
    // Without a size parameter, the size is the list's own.
    expect(readPage({ per: '40' }, { size: 20 }).size).toBe(20);
    expect(readPage({ page: '2' }, { param: 'page' }).page).toBe(2);
  });
});

describe('pageInfo', () => {
  it('holds the page within the list once the count is known', () => {
    expect(pageInfo({ page: 1, size: 25 }, 0)).toEqual({
      page: 1,
      pages: 1,
      size: 25,
      total: 0,
      offset: 0,
    });
    expect(pageInfo({ page: 9, size: 25 }, 60)).toMatchObject({ page: 3, pages: 3, offset: 50 });
    expect(pageInfo({ page: 2, size: 25 }, 25)).toMatchObject({ page: 1, pages: 1 });
    expect(pageInfo({ page: 2, size: 25 }, 26)).toMatchObject({ page: 2, pages: 2, offset: 25 });
    expect(pageInfo({ page: 0, size: 10 }, 5)).toMatchObject({ page: 1 });
  });
});

describe('pager', () => {
  const links = { path: '/dukcapil/permohonan' };

  it('shows nothing for zero rows or exactly one page', () => {
    expect(pager(pageInfo({ page: 1, size: 25 }, 0), links).value).toBe('');
    expect(pager(pageInfo({ page: 1, size: 25 }, 25), links).value).toBe('');
    expect(pager({ page: 1, pages: 0 }, links).value).toBe('');
  });

  it('first, middle and last page: only the links that lead somewhere', () => {
    const first = pager({ page: 1, pages: 3 }, links).value;
    expect(first).toContain('<nav class="pager" aria-label="Halaman daftar">');
    expect(first).toContain('Halaman 1 dari 3');
    expect(first).not.toContain('Sebelumnya');
    expect(first).toContain('<a rel="next" href="/dukcapil/permohonan?halaman=2">Berikutnya »</a>');
    const middle = pager({ page: 2, pages: 3 }, links).value;
    // Page 1 is the list's own address, without a page number.
    expect(middle).toContain('<a rel="prev" href="/dukcapil/permohonan">« Sebelumnya</a>');
    expect(middle).toContain('href="/dukcapil/permohonan?halaman=3"');
    expect(middle).toContain('<span aria-current="page">Halaman 2 dari 3</span>');
    const last = pager({ page: 3, pages: 3 }, links).value;
    expect(last).toContain('Sebelumnya');
    expect(last).not.toContain('Berikutnya');
  });

  it('a page past the last, or below the first, shows as the last or the first', () => {
    expect(pager({ page: 7, pages: 3 }, links).value).toContain('Halaman 3 dari 3');
    expect(pager({ page: -1, pages: 3 }, links).value).toContain('Halaman 1 dari 3');
    expect(pager({ page: Number.NaN, pages: 3 }, links).value).toContain('Halaman 1 dari 3');
  });

  it('keeps the other query parameters, escaped, and drops empty ones', () => {
    const query = { status: 'AKTIF', cari: 'a&b "c"', kosong: '', halaman: '2', jenis: ['X', 'Y'] };
    const out = pager({ page: 2, pages: 4 }, { ...links, query, anchor: 'daftar' }).value;
    expect(out).toContain(
      'href="/dukcapil/permohonan?status=AKTIF&amp;cari=a%26b+%22c%22&amp;jenis=X&amp;jenis=Y&amp;halaman=3#daftar"',
    );
    expect(out).not.toContain('kosong');
    expect(pageHref({ ...links, query, param: 'page' }, 1)).toBe(
      '/dukcapil/permohonan?status=AKTIF&cari=a%26b+%22c%22&halaman=2&jenis=X&jenis=Y',
    );
  });

  it('writes large numbers as Bahasa Indonesia does, and takes its own label', () => {
    const out = pager({ page: 1200, pages: 4500 }, { ...links, label: 'Halaman NIK' }).value;
    expect(out).toContain('Halaman 1.200 dari 4.500');
    expect(out).toContain('aria-label="Halaman NIK"');
    expect(pager({ page: 2, pages: 3 }, { ...links, count: 1234 }).value).toContain(
      'Halaman 2 dari 3 (1.234 baris)',
    );
  });
});
