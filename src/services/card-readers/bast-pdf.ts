import { formatDate } from '../../domain/indonesian-dates.js';
import { renderBast } from '../documents/bast.js';

/**
 * The BAST of a SAM's return and its reader's deactivation (SPEC §5), in the official-letter
 * frame of the user-ID BAST: the agency (PIHAK KEDUA) hands the SAM back to Dukcapil (PIHAK
 * KESATU) and states the reader deactivated. Signatories' names are left blank for the pen.
 */
export interface SamReturnBastContent {
  readonly nomor: string;
  /** YYYY-MM-DD */
  readonly tanggal: string;
  readonly firstPartyName: string;
  readonly firstPartyHeadTitle: string;
  readonly secondPartyName: string;
  readonly secondPartyHeadTitle: string;
  readonly agencyCode: string;
  readonly agreement: { readonly dukcapil: string; readonly instansi: string } | null;
  readonly reason: string;
  readonly reader: {
    readonly serial: string;
    readonly make: string;
    readonly location: string;
    readonly samNumber: string;
    readonly activation: string | null;
  };
  readonly samPulledOn: string | null;
}

export async function renderSamReturnBast(content: SamReturnBastContent): Promise<Buffer> {
  return renderBast(
    {
      nomor: content.nomor,
      tanggal: content.tanggal,
      subtitle: 'PENGEMBALIAN SAM DAN PENONAKTIFAN CARD READER KTP-EL',
      subject: `Pengembalian SAM ${content.reader.samNumber}`,
      first: { name: content.firstPartyName, headTitle: content.firstPartyHeadTitle },
      second: { name: content.secondPartyName, headTitle: content.secondPartyHeadTitle },
      handsOver: 'second',
    },
    ({ letter: { doc }, paragraph, row }) => {
      paragraph(
        (content.agreement
          ? 'Sehubungan dengan berakhirnya Perjanjian Kerja Sama tentang Pemanfaatan Data ' +
            `Kependudukan nomor ${content.agreement.dukcapil} dan ${content.agreement.instansi} ` +
            'tanpa perpanjangan, '
          : `Sehubungan dengan ${content.reason.replace(/\.$/, '')}, `) +
          'PIHAK KEDUA menyerahkan kembali kepada PIHAK KESATU Secure Access Module (SAM) ' +
          'card reader KTP-el sebagai berikut:',
      );
      row('Instansi', `${content.secondPartyName} (${content.agencyCode})`);
      row('Nomor SAM', content.reader.samNumber, 18, true);
      row('Nomor seri card reader', content.reader.serial, 18, true);
      row('Merek/tipe', content.reader.make);
      row('Lokasi', content.reader.location);
      row('Aktivasi SIFILMA', content.reader.activation ?? '-');
      row('SAM dicabut pada', content.samPulledOn ? formatDate(content.samPulledOn) : '-');
      doc.moveDown(0.4);

      paragraph(
        'Dengan diserahkannya SAM tersebut, card reader KTP-el di atas dinyatakan nonaktif dan ' +
          'tidak lagi dipergunakan untuk membaca data KTP-el. PIHAK KEDUA menyatakan tidak ' +
          'menyimpan data kependudukan yang dibaca melalui card reader tersebut selain yang telah ' +
          'disetujui penduduk, dan tidak memberikannya kepada pihak lain.',
      );
    },
  );
}
