import type { ResponseCode } from '../../domain/responses.js';

/**
 * What each answer of a lookup (domain/responses.ts, SPEC §2) means and what the officer does
 * next, for the guide inside the portal. Typed by the response table: a new answer does not
 * compile without its guidance.
 */
export interface AnswerGuidance {
  readonly meaning: string;
  readonly next: string;
}

export const ANSWER_GUIDANCE: Readonly<Record<ResponseCode, AnswerGuidance>> = {
  DITEMUKAN: {
    meaning:
      'NIK terdaftar dan berstatus aktif. Ditampilkan hanya elemen data yang diberikan PKS instansi Anda.',
    next: 'Cocokkan data dengan dokumen pemohon. Bila sesuai, lanjutkan layanan; bila tidak sesuai, minta pemohon memperbaiki dokumennya lalu periksa kembali (NIK tetap terisi di formulir). Setelah layanan selesai, kirim data balikan untuk NIK ini.',
  },
  MENINGGAL: {
    meaning:
      'NIK terdaftar atas penduduk yang telah meninggal dunia. Data penduduk tidak ditampilkan.',
    next: 'Jangan lanjutkan layanan atas nama NIK ini. Arahkan pemohon atau keluarganya ke Dinas Dukcapil. Bila instansi Anda menerbitkan dokumen terkait (misalnya surat keterangan kematian), kirim nomornya sebagai data balikan.',
  },
  GANDA: {
    meaning: 'NIK tercatat lebih dari satu kali dalam database kependudukan (data ganda).',
    next: 'Tunda layanan dan arahkan pemohon ke Dinas Dukcapil untuk perbaikan data. Jangan mencoba NIK lain milik pemohon tanpa dokumen yang sah.',
  },
  NON_AKTIF: {
    meaning: 'NIK terdaftar tetapi berstatus nonaktif.',
    next: 'Arahkan pemohon ke Dinas Dukcapil untuk mengaktifkan kembali datanya, lalu periksa kembali setelah aktif.',
  },
  TIDAK_DITEMUKAN: {
    meaning: 'Format NIK benar, tetapi NIK tidak terdapat dalam database kependudukan.',
    next: 'Bandingkan NIK di formulir dengan KTP-el atau Kartu Keluarga pemohon dan perbaiki digit yang salah; NIK tetap terisi sehingga tidak perlu diketik ulang. Bila sudah sesuai dokumen, arahkan pemohon ke Dinas Dukcapil.',
  },
  FORMAT_SALAH: {
    meaning:
      'Yang diketik bukan NIK yang sah: bukan 16 digit, atau kode wilayah atau tanggal lahirnya tidak mungkin.',
    next: 'Perbaiki ketikan sesuai dokumen pemohon. Jawaban ini tidak dihitung dalam kuota.',
  },
  GAGAL_LOGIN: {
    meaning: 'Sesi Anda berakhir atau tidak sah, atau user ID dan kata sandi tidak cocok.',
    next: 'Masuk kembali. Setelah lima kali kata sandi salah akun terkunci selama 15 menit; Admin Dukcapil dapat membukanya lebih awal.',
  },
  KUOTA_HABIS: {
    meaning: 'Kuota akses instansi Anda untuk hari ini (hari kalender WIB) telah habis.',
    next: 'Pencarian dapat dilakukan lagi mulai pukul 00.00 WIB. Batas kuota dicabut setelah instansi lulus uji coba (PoC), yang diajukan kepala instansi melalui menu Permohonan.',
  },
  INSTANSI_TIDAK_AKTIF: {
    meaning:
      'Instansi Anda dinonaktifkan, atau PKS-nya tidak berlaku (berakhir, dicabut) atau tidak memberikan cara akses ini.',
    next: 'Hentikan pencarian dan hubungi kepala instansi. Kepala instansi berhubungan dengan Dinas Dukcapil tentang perpanjangan atau pemulihan PKS.',
  },
  USER_NON_AKTIF: {
    meaning:
      'User ID Anda dinonaktifkan, atau pakta integritas Anda (NDA bagi operator, SPTJM bagi kepala instansi) belum dicatat.',
    next: 'Hubungi Admin Dinas Dukcapil. Serahkan NDA atau SPTJM yang telah ditandatangani bila belum.',
  },
  IP_TIDAK_SESUAI: {
    meaning: 'Permintaan tidak berasal dari alamat titik akses instansi yang ditetapkan dalam PKS.',
    next: 'Gunakan komputer di jaringan tertutup instansi. Bila sudah, hubungi pengelola jaringan instansi; perubahan titik akses diajukan kepada Dinas Dukcapil.',
  },
  AKSES_DITAHAN: {
    meaning:
      'Akses Anda ditahan karena pola input NIK tidak wajar (berurutan, berpola, atau dalam waktu berdekatan).',
    next: 'Hubungi Admin Dinas Dukcapil. Dinas Dukcapil meninjau peringatan tersebut dan dapat membebaskan akses Anda.',
  },
};
