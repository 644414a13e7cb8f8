import { ELEMENT_LABELS } from '../../domain/elements.js';
import { formatDate } from '../../domain/indonesian-dates.js';
import type { Role } from '../../domain/users.js';
import type { GuideFigures } from '../../services/guide/guide-figures.js';
import { html, type Html } from '../kit/html.js';

/*
 * The parts of the guide for one role (issue 12 item 4), shown after signing in: the agency's
 * users read their own agreement's numbers in them.
 */

/** Which role's section a user reads: their own; Dukcapil's admin and evaluator also the agencies'. */
export function sectionsFor(role: Role): readonly Role[] {
  if (role === 'ADMIN_DUKCAPIL' || role === 'EVALUATOR_DUKCAPIL') {
    return [role, 'KEPALA_INSTANSI', 'OPERATOR'];
  }
  return [role];
}

/** The user's own agreement, in figures: what their work runs under today. */
export function agreementFigures(agencyName: string | null, figures: GuideFigures | null): Html {
  if (!figures) {
    return html`<section class="card" id="pks-anda">
      <h2>PKS instansi Anda</h2>
      <p>Instansi Anda tidak memiliki PKS yang berlaku hari ini. Hubungi Dinas Dukcapil.</p>
    </section>`;
  }
  const returnData = figures.returnData;
  return html`<section class="card" id="pks-anda">
    <h2>PKS instansi Anda${agencyName ? html`: ${agencyName}` : ''}</h2>
    <dl class="terms">
      <dt>Nomor PKS</dt>
      <dd>${figures.nomorDukcapil} (Dinas Dukcapil) · ${figures.nomorInstansi} (instansi)</dd>
      ${
        figures.nomorJuknis
          ? html`<dt>Petunjuk teknis</dt>
              <dd>${figures.nomorJuknis}</dd>`
          : ''
      }
      <dt>Maksud dan tujuan</dt>
      <dd>${figures.purpose}</dd>
      <dt>Masa berlaku</dt>
      <dd id="pks-berakhir" data-ends-on="${figures.endsOn}">
        ${formatDate(figures.signedOn)} sampai dengan ${formatDate(figures.endsOn)}
      </dd>
      <dt>Kuota harian</dt>
      <dd id="pks-kuota" data-limit="${figures.dailyLimit ?? 'tanpa-batas'}">
        ${
          figures.dailyLimit === null
            ? 'Tanpa batas (instansi telah lulus PoC)'
            : `${figures.dailyLimit} NIK per hari (WIB) sampai instansi lulus PoC`
        }
      </dd>
      <dt>Elemen data yang diberikan</dt>
      <dd id="pks-elemen" data-count="${figures.grantedElements.length}">
        ${figures.grantedElements.map((e) => ELEMENT_LABELS[e]).join(', ')}
        (${figures.grantedElements.length} dari 8 elemen)
      </dd>
      <dt>Data balikan</dt>
      <dd id="pks-data-balikan">
        ${
          returnData
            ? html`${returnData.fields
                  .map((f) => `${f.label}${f.required ? ' (wajib)' : ''}`)
                  .join(', ')};
                dikirim paling lambat <strong>${returnData.dueDays} hari</strong> setelah akses`
            : 'Skema data balikan belum ditetapkan Dinas Dukcapil'
        }
      </dd>
      <dt>Pencetakan hasil</dt>
      <dd id="pks-cetak" data-print-allowed="${figures.printAllowed ? 'ya' : 'tidak'}">
        ${figures.printAllowed ? 'Diizinkan, dengan tanda asal' : 'Tidak diizinkan'}
      </dd>
      <dt>Kebijakan pola input</dt>
      <dd>${figures.patternPolicy}</dd>
      <dt>Jam layanan</dt>
      <dd>${figures.serviceHours}</dd>
    </dl>
    <h3>Tenggat kewajiban instansi</h3>
    ${
      figures.deadlines.length === 0
        ? html`<p class="empty">Tidak ada tenggat yang tercatat.</p>`
        : html`<ul id="pks-tenggat">
            ${figures.deadlines.map(
              (d) =>
                html`<li data-due-on="${d.dueOn}">
                  ${d.subject}: <strong>${formatDate(d.dueOn)}</strong> (${d.statusLabel})
                </li>`,
            )}
          </ul>`
    }
  </section>`;
}

const ROLE_SECTIONS: Readonly<Record<Role, () => Html>> = {
  OPERATOR: () =>
    html`<section class="card" id="peran-operator">
      <h2>Untuk operator</h2>
      <ul>
        <li>Anda hanya dapat mencari setelah NDA Anda dicatat Dinas Dukcapil.</li>
        <li>
          Cari hanya NIK pemohon yang sedang dilayani, dengan keperluan sesuai maksud dan tujuan PKS
          di atas. Bila diminta alasan, tuliskan mengapa NIK perlu dicari (misalnya nomor antrean).
        </li>
        <li>
          Setelah layanan selesai, buka <strong>Kirim data balikan untuk NIK ini</strong> di bawah
          hasil, atau menu Data balikan, dan isi data yang wajib dikembalikan.
        </li>
        <li>
          Jangan menyimpan, memotret atau menyalin hasil. Cetak hanya bila PKS mengizinkan; cetakan
          memuat nama Anda dan ID permintaan.
        </li>
        <li>Keluar dari portal setiap kali meninggalkan loket.</li>
      </ul>
    </section>`,
  KEPALA_INSTANSI: () =>
    html`<section class="card" id="peran-kepala">
      <h2>Untuk kepala instansi</h2>
      <ul>
        <li>
          Anda bertanggung jawab penuh atas user ID instansi (SPTJM). Perubahan user ID diajukan
          melalui menu Permohonan; Dinas Dukcapil menjawab dengan BAST user ID.
        </li>
        <li>
          Pantau pencarian petugas di menu Pemantauan Akses dan kepatuhan data balikan di menu
          Kepatuhan.
        </li>
        <li>
          Penuhi tenggat kewajiban di menu Tenggat: sertifikat ISO/IEC 27001, laporan semester,
          pemberitahuan perubahan pejabat, dan permohonan perpanjangan PKS.
        </li>
        <li>
          Uji coba (PoC), perubahan cara akses, elemen data atau bandwidth diajukan melalui menu
          Permohonan.
        </li>
        <li>
          Bila PKS berakhir (juga bila masa berlakunya habis tanpa perpanjangan): kerjakan tugas
          pada menu Pengembalian SAM — cabut SAM pembaca kartu, buat dan unduh BAST pengembalian SAM
          dan penonaktifan pembaca, kirim keduanya kepada Dinas Dukcapil dan catat pengirimannya.
          Daftar tugas juga dikirim ke surel Anda. Sampai seluruh SAM diterima Dinas Dukcapil, Anda
          tetap dapat masuk, tetapi hanya ke halaman itu dan panduan.
        </li>
      </ul>
    </section>`,
  ADMIN_DUKCAPIL: () =>
    html`<section class="card" id="peran-admin">
      <h2>Untuk admin Dinas Dukcapil</h2>
      <ul>
        <li>
          Setiap PKS diatur pada halamannya (menu Instansi &amp; PKS): elemen data, cara akses,
          kuota, kebijakan pola input, jam layanan, dan izin mencetak hasil verifikasi (bawaan:
          tidak diizinkan).
        </li>
        <li>
          Untuk menelusuri tangkapan layar atau cetakan hasil, cari ID permintaannya di menu Jejak
          audit, atau buktikan dengan <code>gerbang audit prove --id</code>.
        </li>
        <li>Tinjau peringatan pola input dan bebaskan pengguna yang ditahan bila layak.</li>
        <li>Jawab permohonan instansi dan catat dokumen yang diterima di menu Tenggat.</li>
      </ul>
    </section>`,
  EVALUATOR_DUKCAPIL: () =>
    html`<section class="card" id="peran-evaluator">
      <h2>Untuk evaluator Dinas Dukcapil</h2>
      <ul>
        <li>
          Anda membaca pemantauan akses, peringatan pola, jejak audit, kepatuhan data balikan, dan
          tenggat seluruh instansi, tanpa mengubahnya.
        </li>
        <li>
          ID permintaan pada cetakan atau tangkapan layar hasil menunjuk catatan jejak auditnya.
        </li>
      </ul>
    </section>`,
  PETUGAS_LAYANAN_DUKCAPIL: () =>
    html`<section class="card" id="peran-petugas-layanan">
      <h2>Untuk petugas layanan Dinas Dukcapil</h2>
      <ul>
        <li>
          Catat permintaan penduduk (NIK, nomor permintaan, dokumen identitas yang diperiksa) di
          menu Riwayat akses penduduk dan cetak Riwayat Akses Data Kependudukan untuk penduduk itu.
        </li>
        <li>
          Setiap permintaan dicatat; permintaan yang banyak dalam waktu singkat atau berurutan
          menjadi peringatan.
        </li>
      </ul>
    </section>`,
};

export function roleSections(role: Role): Html {
  return html`${sectionsFor(role).map((r) => ROLE_SECTIONS[r]())}`;
}
