import {
  EXTENSION_MONTHS_BEFORE_END,
  ISO_MONTHS_AFTER_SIGNING,
  OFFICIALS_NOTICE_DAYS,
  REPORT_WORKING_DAYS,
} from '../../domain/deadlines.js';
import { QUOTA_BEFORE_POC } from '../../domain/quota.js';
import { RESPONSE_CODES, RESPONSES } from '../../domain/responses.js';
import { html, type Html } from '../kit/html.js';
import { ANSWER_GUIDANCE } from './answer-guide.js';

/*
 * The parts of the guide that are the same for every agency (issue 12 item 4): nothing of any
 * agreement in them, so that they may be read before signing in — by an officer who cannot
 * sign in and needs to know what "Gagal Login" or "User ID non aktif" asks of them.
 */

export function lookupSteps(): Html {
  return html`<section class="card" id="cara-verifikasi">
    <h2>Cara verifikasi NIK</h2>
    <ol>
      <li>Masuk dengan user ID dan kata sandi dari komputer di jaringan instansi.</li>
      <li>Buka menu <strong>Verifikasi NIK</strong>.</li>
      <li>
        Ketik NIK (16 digit) sesuai dokumen pemohon dan keperluan sesuai maksud dan tujuan PKS, lalu
        tekan <strong>Periksa</strong>.
      </li>
      <li>
        Baca jawabannya (lihat daftar jawaban di bawah). NIK yang diperiksa tetap terisi di
        formulir, sehingga pemeriksaan ulang setelah pemohon memperbaiki dokumen tidak perlu
        mengetik ulang.
      </li>
      <li>
        Setiap hasil memuat tanda asal: nama petugas, instansi, waktu (WIB) dan ID permintaan.
        Dengan ID permintaan itu Dinas Dukcapil menemukan catatan aksesnya.
      </li>
    </ol>
    <p>
      Masukkan NIK satu per satu sesuai pemohon yang dilayani. Input yang berurutan, berpola, atau
      dalam waktu berdekatan dicatat sebagai peringatan bagi Dinas Dukcapil dan dapat berakibat
      wajib menuliskan alasan atau penahanan akses. Formulir hanya dapat dikirim sekali: memuat
      ulang halaman hasil tidak menjalankan pencarian kedua.
    </p>
  </section>`;
}

export function answersTable(): Html {
  return html`<section class="card" id="jawaban">
    <h2>Arti setiap jawaban dan langkah berikutnya</h2>
    <p>
      Setiap pencarian dijawab dengan tepat satu jawaban berikut. Jawaban bertanda
      <em>dihitung</em> mengurangi kuota harian instansi.
    </p>
    <table class="compact panduan-jawaban">
      <thead>
        <tr>
          <th scope="col">Jawaban</th>
          <th scope="col">Artinya</th>
          <th scope="col">Yang dilakukan</th>
        </tr>
      </thead>
      <tbody>
        ${RESPONSE_CODES.map(
          (code) =>
            html`<tr data-code="${code}">
              <td>
                <strong>${RESPONSES[code].message}</strong><br /><span class="hint"
                  >${code}${RESPONSES[code].hit ? ' · dihitung' : ''}</span
                >
              </td>
              <td>${ANSWER_GUIDANCE[code].meaning}</td>
              <td>${ANSWER_GUIDANCE[code].next}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

export function quotaAndReturnData(): Html {
  return html`<section class="card" id="kuota">
      <h2>Kuota</h2>
      <p>
        Sebelum lulus uji coba (<em>proof of concept</em>, PoC) setiap instansi mendapat kuota
        ${QUOTA_BEFORE_POC} NIK per hari melalui portal web; hari dihitung menurut WIB. Setelah
        lulus PoC batas kuota dicabut. Yang dihitung adalah setiap pencarian yang lolos login dan
        format NIK; NIK yang salah format dan penolakan akses tidak dihitung. Sisa kuota tampil di
        halaman Verifikasi NIK.
      </p>
    </section>
    <section class="card" id="data-balikan">
      <h2>Data balikan</h2>
      <p>
        Untuk setiap NIK yang diakses, instansi wajib mengirimkan kembali data hasil layanannya
        kepada Dinas Dukcapil (misalnya nomor kepesertaan JKN, nomor rekam medis, atau nomor
        perizinan). Data balikan dikirim melalui formulir di bawah hasil verifikasi, formulir di
        menu Data balikan, unggah berkas CSV/XLSX, atau aplikasi instansi melalui API. Hanya NIK
        yang pernah diakses instansi Anda yang diterima. Data penduduk hasil verifikasi tidak ikut
        dikirim dan tidak boleh disimpan.
      </p>
    </section>`;
}

export function counterFlow(): Html {
  return html`<section class="card" id="alur-layanan">
    <h2>Alur layanan di loket (Lampiran II PKS)</h2>
    <ol>
      <li>Pemohon datang membawa permohonan dan dokumen.</li>
      <li>Petugas memeriksa kelengkapan dokumen.</li>
      <li>Petugas memverifikasi NIK pada dokumen kependudukan melalui portal.</li>
      <li>
        Bila data sesuai, permohonan disetujui dan dokumen diterbitkan. Bila tidak ditemukan atau
        tidak sesuai, pemohon memperbaiki dokumen, petugas melengkapinya, lalu NIK diperiksa
        kembali.
      </li>
      <li>Petugas menyerahkan dokumen yang diterbitkan.</li>
      <li>Data balikan dikirim kepada Dinas Dukcapil.</li>
      <li>Layanan selesai.</li>
    </ol>
    <p>
      Portal sedang dilengkapi dengan kasus layanan yang memandu petugas melalui langkah-langkah
      ini: nomor permohonan dan jenis layanan dicatat, verifikasi dijalankan dari kasus, pemeriksaan
      ulang tanpa mengetik ulang, dan data balikan terisi dari data kasus. Kasus layanan tidak
      menyimpan data kependudukan. Sampai fitur itu tersedia, ikuti langkah di atas dengan menu
      Verifikasi NIK dan Data balikan.
    </p>
  </section>`;
}

export function cardReaders(): Html {
  return html`<section class="card" id="pembaca-kartu">
    <h2>Pembaca KTP-el dan SAM</h2>
    <p>
      Instansi dapat menggunakan pembaca KTP-el dengan <em>Secure Access Module</em> (SAM). Setiap
      pembaca dan SAM-nya didaftarkan; personalisasi dan aktivasi SAM diajukan melalui aplikasi
      SIFILMA Kementerian Dalam Negeri, dan aktivasi berlaku selama PKS berlaku. Setiap pembacaan
      kartu dicatat seperti pencarian NIK, dihitung sebagai penggunaan PKS, dan wajib diikuti data
      balikan. Data yang dibaca dari kartu hanya boleh disimpan setelah penduduk memverifikasi dan
      menyetujuinya; persetujuan itu dicatat. Pembaca kartu dikelola Kepala Instansi pada menu Card
      reader.
    </p>
    <p id="pks-berakhir-sam">
      Bila PKS berakhir — masa berlakunya habis tanpa permohonan perpanjangan yang tepat waktu,
      permohonan perpanjangan ditolak, diakhiri para pihak, dicabut, atau keadaan kahar — akses
      seluruh pengguna instansi berakhir seketika dan setiap pembaca kartu ditangguhkan. PKS yang
      masa berlakunya habis dicatat berakhir oleh sistem setiap hari dengan alasan "masa berlaku
      berakhir". Kepala Instansi menerima surel daftar tugas pengembalian SAM: cabut SAM, buat dan
      unduh Berita Acara Serah Terima (BAST) pengembalian SAM dan penonaktifan pembaca,
      tandatangani, lalu kirim SAM dan BAST kepada Dinas Dukcapil dan catat pengirimannya. Sampai
      Dinas Dukcapil mencatat penerimaan seluruh SAM, Kepala Instansi tetap dapat masuk ke portal,
      tetapi hanya ke halaman Pengembalian SAM dan panduan ini; verifikasi NIK dan halaman lain
      ditolak. Setelah seluruh SAM diterima, akun instansi tidak dapat masuk lagi.
    </p>
  </section>`;
}

export function dutiesInGeneral(): Html {
  return html`<section class="card" id="kewajiban">
    <h2>Kewajiban instansi dan tenggatnya</h2>
    <ul>
      <li>
        Permohonan perpanjangan PKS paling lambat ${EXTENSION_MONTHS_BEFORE_END} bulan sebelum PKS
        berakhir, ditujukan kepada Direktur Jenderal melalui Dinas Dukcapil.
      </li>
      <li>
        Sertifikat ISO/IEC 27001 dalam ${ISO_MONTHS_AFTER_SIGNING} bulan sejak PKS ditandatangani.
      </li>
      <li>
        Laporan penggunaan NIK, data kependudukan dan KTP-el setiap semester, paling lambat
        ${REPORT_WORKING_DAYS} hari kerja setelah semester berakhir (Juni dan Desember).
      </li>
      <li>
        Pemberitahuan perubahan pejabat atau struktur instansi dalam ${OFFICIALS_NOTICE_DAYS} hari
        sejak perubahan.
      </li>
      <li>
        NDA ditandatangani setiap operator sebelum mengakses data; SPTJM ditandatangani kepala
        instansi.
      </li>
    </ul>
  </section>`;
}

export function confidentiality(): Html {
  return html`<section class="card" id="kerahasiaan">
    <h2>Kerahasiaan, layar dan cetakan</h2>
    <p>
      Data kependudukan yang diakses tidak boleh disimpan, disalin, difoto, atau diberikan kepada
      pihak lain, juga setelah PKS berakhir. Halaman hasil tidak disimpan oleh peramban. Setiap
      hasil memuat tanda asal (petugas, instansi, waktu WIB, ID permintaan) di layar dan di cetakan,
      sehingga setiap tangkapan layar atau cetakan dapat ditelusuri. PKS menentukan apakah hasil
      boleh dicetak; bila tidak diizinkan, halaman hasil menyatakannya dan cetakan hanya memuat
      pemberitahuan tanpa data.
    </p>
  </section>`;
}
