import { describe, expect, it } from 'vitest';
import { renderStackedBarChart } from '../../services/compliance/chart.js';
import { qrSvg } from '../../services/account/totp.js';
import { confirmBox, CONFIRM_MESSAGE, isConfirmed } from './confirm-box.js';
import { contentDisposition } from './download.js';
import {
  alert,
  checkbox,
  dateField,
  errorSummary,
  field,
  fileField,
  form,
  select,
  textarea,
} from './form-fields.js';
import { compactHtml, html, trustedSvg } from './html.js';
import { table } from './table.js';

const HOSTILE = `<script>alert("x")</script>'&`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;';

/** Every hostile text shows escaped and never as markup. */
function expectEscaped(markup: string) {
  expect(markup).not.toContain('<script>');
  expect(markup).not.toContain(`"x"`);
  expect(markup).toContain(ESCAPED);
}

describe('components escape what they are given', () => {
  it('field: label, hint, value, error', () => {
    const out = field({
      name: 'nama',
      label: HOSTILE,
      hint: HOSTILE,
      value: HOSTILE,
      error: HOSTILE,
    }).value;
    expectEscaped(out);
    expect(out.split(ESCAPED)).toHaveLength(5);
  });

  it('dateField, select, textarea, checkbox', () => {
    expectEscaped(dateField({ name: 'd', label: HOSTILE, value: HOSTILE }).value);
    const chosen = select({
      name: 's',
      label: HOSTILE,
      placeholder: HOSTILE,
      options: [{ value: HOSTILE, label: HOSTILE }],
      value: HOSTILE,
    }).value;
    expectEscaped(chosen);
    expect(chosen).toContain(`<option value="${ESCAPED}" selected>`);
    const area = textarea({ name: 't', label: 'Uraian', value: `</textarea>${HOSTILE}` }).value;
    expectEscaped(area);
    expect(area).toContain(`>&lt;/textarea&gt;${ESCAPED}</textarea>`);
    expectEscaped(checkbox({ name: 'c', label: HOSTILE, hint: HOSTILE }).value);
  });

  it('values from a form sent back, and the names and ids given', () => {
    const state = { values: { nama: HOSTILE, sandi: 'rahasia' }, errors: [] };
    expectEscaped(field({ name: 'nama', label: 'Nama' }, state).value);
    // A password is never written back into the page.
    expect(field({ name: 'sandi', label: 'Sandi', type: 'password' }, state).value).not.toContain(
      'rahasia',
    );
    expectEscaped(field({ name: HOSTILE, label: 'x' }).value);
  });

  it('table: headers, cells and the empty-state text', () => {
    const rows = [{ name: HOSTILE }];
    const out = table({
      id: 'daftar',
      caption: HOSTILE,
      rows,
      empty: 'Kosong',
      columns: [
        { header: HOSTILE, cell: (row) => row.name, rowHeader: true },
        { header: 'Jumlah', cell: () => 1234, className: 'num' },
      ],
    }).value;
    expectEscaped(out);
    expect(out).toContain('<th scope="col">');
    expect(out).toContain(`<th scope="row">${ESCAPED}</th>`);
    expect(out).toContain('<td class="num">1234</td>');
    const empty = table({ id: 'daftar', rows: [], empty: HOSTILE, columns: [] }).value;
    expectEscaped(empty);
    expect(empty).toContain('id="daftar-kosong"');
    expect(empty).not.toContain('<table');
  });

  it('alert, form, confirmation box, error summary', () => {
    const note = alert('ok', HOSTILE, { id: 'hasil' }).value;
    expectEscaped(note);
    expect(note).toContain('class="alert ok"');
    expect(note).toContain('role="alert"');
    const posted = form({ action: `/x?a=${HOSTILE}`, csrfToken: HOSTILE, body: HOSTILE }).value;
    expectEscaped(posted);
    expect(posted).toContain('method="post"');
    expect(posted).toContain(`<input type="hidden" name="_csrf" value="${ESCAPED}" />`);
    expect(posted).not.toContain('enctype');
    expect(form({ action: '/x', csrfToken: 't', body: '', multipart: true }).value).toContain(
      'enctype="multipart/form-data"',
    );
    expectEscaped(
      confirmBox('yakin', HOSTILE, { error: HOSTILE, reason: { label: HOSTILE } }).value,
    );
    expectEscaped(errorSummary([{ field: 'nama', message: HOSTILE }]).value);
    expectEscaped(errorSummary([{ field: HOSTILE, message: 'x' }]).value);
  });
});

describe('fileField', () => {
  it('escapes its label, hint, accept and error', () => {
    const out = fileField({
      name: 'berkas',
      label: HOSTILE,
      hint: HOSTILE,
      accept: HOSTILE,
      error: HOSTILE,
    }).value;
    expectEscaped(out);
    expect(out.split(ESCAPED)).toHaveLength(5);
  });

  it('is a labelled file input that never takes a value from the form sent back', () => {
    const out = fileField(
      {
        name: 'berkas',
        label: 'Pindaian',
        accept: 'application/pdf,image/png',
        required: true,
        multiple: true,
      },
      { values: { berkas: 'C:\\fakepath\\surat.pdf' } },
    ).value;
    expect(out).toContain('class="field"');
    expect(out).toContain('<label for="berkas">Pindaian</label>');
    expect(out).toContain(
      '<input type="file" id="berkas" name="berkas" accept="application/pdf,image/png" multiple required />',
    );
    expect(out).not.toContain('value=');
    expect(out).not.toContain('fakepath');
    const plain = fileField({ name: 'lampiran', label: 'Lampiran' }).value;
    expect(plain).toContain('<input type="file" id="lampiran" name="lampiran" />');
    expect(plain).not.toContain('class="hint"');
  });

  it('is marked and described by its error, under its own id, as the summary links it', () => {
    const errors = [{ field: 'berkas', message: 'Pilih berkas pindaian' }];
    const out = fileField(
      { name: 'berkas', id: 'iso-berkas', label: 'Sertifikat', hint: 'PDF, paling besar 5 MB' },
      { errors },
    ).value;
    expect(out).toContain('class="field field-error"');
    expect(out).toContain('<label for="iso-berkas">');
    expect(out).toContain('id="iso-berkas" name="berkas"');
    expect(out).toContain('<p class="hint" id="iso-berkas-hint">PDF, paling besar 5 MB</p>');
    expect(out).toContain('<p class="error-message" id="iso-berkas-error">');
    expect(out).toContain('Pilih berkas pindaian');
    expect(out).toContain('aria-invalid="true"');
    expect(out).toContain('aria-describedby="iso-berkas-hint iso-berkas-error"');
    const summary = errorSummary(errors, { ids: { berkas: 'iso-berkas' } }).value;
    expect(summary).toContain('<a href="#iso-berkas">Pilih berkas pindaian</a>');
    // Another field's error leaves it alone; without a hint it is described by nothing.
    const fine = fileField({ name: 'lampiran', label: 'Lampiran' }, { errors }).value;
    expect(fine).toContain('class="field"');
    expect(fine).not.toContain('aria-invalid');
    expect(fine).not.toContain('aria-describedby');
    // Without a hint the error alone describes it.
    expect(fileField({ name: 'berkas', label: 'B' }, { errors }).value).toContain(
      'aria-describedby="berkas-error"',
    );
  });
});

describe('field errors, as GOV.UK shows them', () => {
  const errors = [
    { field: 'nama', message: 'Nama wajib diisi' },
    { field: 'konfirmasi', message: CONFIRM_MESSAGE },
    { field: '', message: 'Formulir kedaluwarsa' },
  ];

  it('the summary is titled and links each problem to its field', () => {
    const out = errorSummary(errors, { ids: { konfirmasi: 'hapus-yakin' } }).value;
    expect(out).toContain('class="error-summary"');
    expect(out).toContain('role="alert"');
    expect(out).toContain('Terdapat kesalahan');
    expect(out).toContain('<a href="#nama">Nama wajib diisi</a>');
    expect(out).toContain(`<a href="#hapus-yakin">${CONFIRM_MESSAGE}</a>`);
    // A problem of the whole form has no field to go to.
    expect(out).toContain('<li>Formulir kedaluwarsa</li>');
    expect(errorSummary([]).value).toBe('');
    expect(errorSummary(undefined).value).toBe('');
  });

  it('a field with an error is marked and described by its message', () => {
    const out = field({ name: 'nama', label: 'Nama', hint: 'Sesuai KTP' }, { errors }).value;
    expect(out).toContain('class="field field-error"');
    expect(out).toContain('id="nama"');
    expect(out).toContain('aria-invalid="true"');
    expect(out).toContain('aria-describedby="nama-hint nama-error"');
    expect(out).toContain('<p class="error-message" id="nama-error">');
    expect(out).toContain('Nama wajib diisi');
    const fine = field({ name: 'surel', label: 'Surel', hint: 'Opsional' }, { errors }).value;
    expect(fine).toContain('class="field"');
    expect(fine).not.toContain('aria-invalid');
    expect(fine).toContain('aria-describedby="surel-hint"');
    expect(field({ name: 'x', label: 'X' }).value).not.toContain('aria-describedby');
  });

  it('every kind of field is marked the same way, under its own id', () => {
    const own = [{ field: 'pilih', message: 'Salah' }];
    for (const out of [
      select({ name: 'pilih', id: 'pilih-1', label: 'P', options: [] }, { errors: own }),
      textarea({ name: 'pilih', id: 'pilih-1', label: 'P' }, { errors: own }),
      checkbox({ name: 'pilih', id: 'pilih-1', label: 'P' }, { errors: own }),
      dateField({ name: 'pilih', id: 'pilih-1', label: 'P' }, { errors: own }),
    ]) {
      expect(out.value).toContain('id="pilih-1"');
      expect(out.value).toContain('aria-invalid="true"');
      expect(out.value).toContain('aria-describedby="pilih-1-error"');
    }
  });

  it('the confirmation box: as before without an error, marked with one', () => {
    const plain = confirmBox('yakin', 'Saya yakin.').value;
    expect(plain).toContain(
      '<input type="checkbox" id="yakin" name="konfirmasi" value="ya" required />',
    );
    expect(plain).not.toContain('aria-invalid');
    const marked = confirmBox('yakin', 'Saya yakin.', {
      state: { errors, values: { alasan: 'Mutasi' } },
      reason: { label: 'Alasan' },
    }).value;
    expect(marked).toContain('aria-invalid="true"');
    expect(marked).toContain('aria-describedby="yakin-error"');
    expect(marked).toContain(CONFIRM_MESSAGE);
    expect(marked).toContain('name="alasan"');
    expect(marked).toContain('>Mutasi</textarea>');
    expect(isConfirmed({ konfirmasi: 'ya' })).toBe(true);
    expect(isConfirmed({ konfirmasi: ['ya', 'ya'] })).toBe(true);
    expect(isConfirmed({ konfirmasi: 'on' })).toBe(false);
    expect(isConfirmed(undefined)).toBe(false);
  });

  it('values come back into their fields; a select and a checkbox keep their choice', () => {
    const state = { values: { peran: 'B', aktif: 'on', jumlah: '12' } };
    expect(field({ name: 'jumlah', label: 'J', type: 'number' }, state).value).toContain(
      'value="12"',
    );
    const options = [
      { value: 'A', label: 'Satu' },
      { value: 'B', label: 'Dua' },
    ];
    const chosen = select({ name: 'peran', label: 'Peran', options }, state).value;
    expect(chosen).toContain('<option value="B" selected>');
    expect(chosen).not.toContain('<option value="A" selected>');
    expect(checkbox({ name: 'aktif', label: 'Aktif' }, state).value).toContain(' checked');
    expect(checkbox({ name: 'aktif', label: 'Aktif' }).value).not.toContain(' checked');
  });
});

describe('trustedSvg: the one way in for library-made SVG', () => {
  it('takes the QR code and the charts as they are made', async () => {
    const qr = await qrSvg('otpauth://totp/Gerbang:uji?secret=ABC');
    expect(trustedSvg(qr).value).toBe(qr.trim());
    const chart = await renderStackedBarChart({
      title: `Judul <b>"tebal"</b> onload=alert(1) & 'kutip'`,
      categoryTitle: 'Operator',
      orientation: 'horizontal',
      bars: [
        {
          label: '<script>alert(1)</script> onclick="x"',
          figures: { accessed: 3, returned: 1, pending: 1, overdue: 1 },
        },
      ],
    });
    expect(trustedSvg(chart).value).toBe(chart.trim());
  }, 30_000);

  it.each([
    ['a script element', '<svg><script>alert(1)</script></svg>'],
    ['an event handler', '<svg onload="alert(1)"><path d="M0 0"/></svg>'],
    ['an event handler on a child', '<svg><g><rect ONCLICK=alert(1) /></g></svg>'],
    ['foreignObject', '<svg><foreignObject><p>x</p></foreignObject></svg>'],
    ['a link out', '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>'],
    ['an external href', '<svg><use xlink:href="https://x.test/a.svg#b"/></svg>'],
    ['an animation that rewrites', '<svg><set attributeName="href" to="javascript:x"/></svg>'],
    ['a comment', '<svg><!-- x --></svg>'],
    ['a DOCTYPE', '<!DOCTYPE svg><svg></svg>'],
    ['not SVG', '<div>x</div>'],
    ['text before', 'x<svg></svg>'],
    ['markup after', '<svg></svg><script>alert(1)</script>'],
    ['text after', '<svg></svg>hello'],
    ['an unclosed root', '<svg><g></g>'],
    ['unbalanced tags', '<svg><g></svg></g>'],
    ['nothing', ''],
  ])('refuses %s', (_name, svg) => {
    expect(() => trustedSvg(svg)).toThrow(/SVG tidak dapat disisipkan/);
  });

  it('keeps attribute values with > and text with escaped markup', () => {
    const svg =
      '<svg aria-label="a > b" role="img"><text>&lt;script&gt;</text><path d="M0"/></svg>';
    expect(trustedSvg(svg).value).toBe(svg);
  });
});

describe('html helpers', () => {
  it('compactHtml drops the indentation after line breaks only', () => {
    expect(compactHtml(html`${'a\n    b  c\n\t d'}`).value).toBe('a\nb  c\nd');
  });

  it('contentDisposition: a plain name as it is, any other also exactly (RFC 5987)', () => {
    expect(contentDisposition('data-balikan_DINKES_2026-11-24.csv')).toBe(
      'attachment; filename="data-balikan_DINKES_2026-11-24.csv"',
    );
    const header = contentDisposition(`Surat "PKS" (revisi)'\\ née\r\n.pdf`);
    expect(header).toBe(
      `attachment; filename="Surat _PKS_ (revisi)'_ n_e__.pdf"; ` +
        `filename*=UTF-8''Surat%20%22PKS%22%20%28revisi%29%27%5C%20n%C3%A9e%0D%0A.pdf`,
    );
    expect(header).not.toMatch(/[\r\n]/);
  });
});
