import { RESPONSES } from '../../domain/responses.js';
import {
  SANDBOX_BANNER,
  SANDBOX_RESIDENTS,
  SANDBOX_USERS,
  sandboxRoutes,
} from '../../domain/sandbox.js';
import { refusalOf } from '../../domain/national-service.js';
import { html, type Html } from '../kit/html.js';
import { table } from '../kit/table.js';

/** The banner atop every portal page of the sandbox (app-sandbox.ts puts it there). */
export function sandboxBanner(): Html {
  return html`<div class="sandbox-banner" role="note" id="lingkungan-uji">
    ${SANDBOX_BANNER} · <a href="/sandbox">Daftar NIK uji</a>
  </div>`;
}

/** The compatible endpoint's code of an answer (SPEC §9), for the table. */
const envelopeCode = (code: keyof typeof RESPONSES) =>
  code === 'DITEMUKAN' ? '(data penduduk)' : refusalOf(code, 'NASIONAL').code;

/** The sandbox's page: how agencies reach each answer (docs/SANDBOX.md says the same). */
export function sandboxPageBody(): Html {
  const routes = sandboxRoutes();
  return html`<h1>Lingkungan uji (sandbox) untuk PoC</h1>
    <p>
      Sandbox ini adalah Gerbang tersendiri dengan basis data sendiri yang hanya berisi penduduk
      sintetis (dibangkitkan, bukan data register). Pengembang aplikasi instansi memakainya sebelum
      PoC: portal, API v1 (<code>/api/v1/auth/token</code>,
      <code>/api/v1/nik/lookup</code>, <code>/api/v1/nik/verifikasi</code>) dan titik akhir
      kompatibel layanan nasional (<code>/dukcapil/get_json/…/CALL_NIK</code>,
      <code>…/CALL_VERIFY_BY_ELEMEN</code>). Setiap jawaban membawa header
      <code>X-Gerbang-Lingkungan: sandbox</code>. User ID dan kata sandi diberikan Dinas Dukcapil.
    </p>
    <h2 id="kredensial-aplikasi">Kredensial aplikasi</h2>
    <p>
      Web service hanya menjawab melalui aplikasi instansi yang lulus PoC, dan setiap panggilan
      menyebut operator yang dilayaninya. Kepala instansi uji menerbitkan client ID
      (<code>gbc_…</code>) dan client secret (<code>gbs_…</code>, ditampilkan sekali) pada menu
      Aplikasi. Aplikasi memperoleh token <code>gba_…</code> dari
      <code>POST /api/v1/oauth/token</code> (<code>grant_type=client_credentials</code>) dan
      mengirimnya sebagai <code>Authorization: Bearer</code> dengan header
      <code>X-Gerbang-Operator</code> berisi user ID operator. Klien lama titik akhir kompatibel
      yang hanya dapat mengisi <code>USER_ID</code> dan <code>PASSWORD</code> mengisinya dengan
      client ID dan client secret, dan menyebut operator pada kunci <code>OPERATOR</code>.
    </p>
    <h2>Jawaban dan cara memperolehnya</h2>
    ${table({
      id: 'nik-uji',
      empty: 'Tidak ada.',
      columns: [
        { header: 'Jawaban', cell: (r) => html`<code>${r.answer}</code>`, rowHeader: true },
        { header: 'Pesan', cell: (r) => RESPONSES[r.answer].message },
        { header: 'Kode kompatibel', cell: (r) => envelopeCode(r.answer) },
        { header: 'User ID', cell: (r) => html`<code>${r.userId}</code>` },
        { header: 'NIK', cell: (r) => r.nik, className: 'nik' },
        { header: 'Cara', cell: (r) => r.how },
      ],
      rows: routes,
      rowAttributes: (r) => ({ 'data-answer': r.answer }),
    })}
    <h2>Penduduk tetap</h2>
    <p>
      Untuk mencoba verifikasi tanpa pengungkapan (<code>CALL_VERIFY_BY_ELEMEN</code>,
      <code>/api/v1/nik/verifikasi</code>), bandingkan isian dengan data sintetis berikut.
    </p>
    ${table({
      id: 'penduduk-tetap',
      empty: 'Tidak ada.',
      columns: [
        { header: 'NIK', cell: (r) => r.nik, className: 'nik', rowHeader: true },
        { header: 'Nama lengkap', cell: (r) => r.namaLengkap },
        { header: 'Jenis kelamin', cell: (r) => r.jenisKelamin },
        { header: 'Tempat, tanggal lahir', cell: (r) => `${r.tempatLahir}, ${r.tanggalLahir}` },
        { header: 'Alamat', cell: (r) => `${r.alamat} RT ${r.rt} RW ${r.rw}` },
        { header: 'Status', cell: (r) => r.status },
      ],
      rows: SANDBOX_RESIDENTS,
    })}
    <h2>Pengguna uji</h2>
    ${table({
      id: 'pengguna-uji',
      empty: 'Tidak ada.',
      columns: [
        { header: 'User ID', cell: (u) => html`<code>${u.userId}</code>`, rowHeader: true },
        { header: 'Nama', cell: (u) => u.displayName },
        { header: 'Instansi', cell: (u) => u.agency ?? 'Dinas Dukcapil' },
        { header: 'Jawaban setiap pencarian', cell: (u) => u.answer ?? 'sesuai NIK' },
      ],
      rows: SANDBOX_USERS,
    })}
    <p class="hint">
      Kuota instansi SANDBOX 200 NIK sehari (WIB) seperti sebelum PoC. Teks penolakan titik akhir
      kompatibel mengikuti profil teks PKS (bawaan: layanan nasional); varian query string mendapat
      teks Kabupaten Tegal. Sandbox menolak impor data register.
    </p>`;
}
