import { formatDate } from '../../domain/indonesian-dates.js';
import { renderBast } from '../documents/bast.js';

/**
 * The handover letter (Berita Acara Serah Terima, BAST) of a new user ID, in the form of an
 * Indonesian government letter: letterhead, title and number, the day written out, the two
 * parties by their titles, what is handed over, and the signature blocks. Personal names of
 * the signatories are left blank to be written by hand: the system keeps none.
 */
export interface BastContent {
  readonly nomor: string;
  /** YYYY-MM-DD */
  readonly tanggal: string;
  readonly firstPartyName: string;
  readonly firstPartyHeadTitle: string;
  readonly secondPartyName: string;
  readonly secondPartyHeadTitle: string;
  readonly agencyCode: string;
  readonly agreementNumbers: { readonly dukcapil: string; readonly instansi: string };
  readonly requestLetter: { readonly nomor: string; readonly tanggal: string };
  readonly userId: string;
  readonly roleLabel: string;
  readonly holder: {
    readonly namaLengkap: string;
    readonly nomorIdentitasKepegawaian: string;
    readonly jabatan: string;
  };
  /**
   * The one-time password, only in the copy made from the approval's answer. Absent: the
   * copy says it was handed over separately and is not kept by the system.
   */
  readonly password?: string | undefined;
}

export async function renderBastPdf(content: BastContent): Promise<Buffer> {
  return renderBast(
    {
      nomor: content.nomor,
      tanggal: content.tanggal,
      subtitle: 'USER ID DAN KATA SANDI LAYANAN GERBANG',
      subject: `Serah terima user ID ${content.userId}`,
      first: { name: content.firstPartyName, headTitle: content.firstPartyHeadTitle },
      second: { name: content.secondPartyName, headTitle: content.secondPartyHeadTitle },
      handsOver: 'first',
    },
    ({ letter: { doc }, paragraph, row }) => {
      paragraph(
        'Berdasarkan Perjanjian Kerja Sama tentang Pemanfaatan Data Kependudukan nomor ' +
          `${content.agreementNumbers.dukcapil} dan ${content.agreementNumbers.instansi}, serta ` +
          `surat permohonan PIHAK KEDUA nomor ${content.requestLetter.nomor} tanggal ` +
          `${formatDate(content.requestLetter.tanggal)} perihal perubahan user ID, PIHAK KESATU ` +
          'menyerahkan kepada PIHAK KEDUA hak akses sebagai berikut:',
      );
      row('Instansi', `${content.secondPartyName} (${content.agencyCode})`);
      row('Nomor PKS', content.agreementNumbers.dukcapil);
      row('User ID', content.userId, 18, true);
      row(
        'Kata sandi',
        content.password ??
          'diserahkan langsung kepada PIHAK KEDUA pada saat serah terima; tidak disimpan oleh sistem',
        18,
        content.password !== undefined,
      );
      row('Peran', content.roleLabel);
      row('Pemegang user ID', content.holder.namaLengkap);
      row('Nomor identitas kepegawaian', content.holder.nomorIdentitasKepegawaian);
      row('Jabatan', content.holder.jabatan);
      doc.moveDown(0.4);

      paragraph(
        'Kata sandi tersebut hanya berlaku untuk masuk pertama kali dan wajib segera diganti oleh ' +
          'pemegang user ID. PIHAK KEDUA bertanggung jawab penuh atas penggunaan user ID tersebut ' +
          'sesuai Perjanjian Kerja Sama, menjaga kerahasiaan kata sandi, dan tidak menyimpan maupun ' +
          'memberikan data kependudukan kepada pihak lain.',
      );
    },
  );
}
