import { wibDateTime } from '../../domain/time.js';
import type { Mailer } from '../mail/mailer.js';

/**
 * The latest checkpoint, e-mailed to Dukcapil for safekeeping outside the database: a copy
 * the database's owner cannot reach is what makes a truncated or rewritten tail detectable.
 */
export async function mailCheckpoint(
  mailer: Mailer,
  to: string,
  checkpoint: { readonly note: string; readonly size: number; readonly sealedAt: Date },
  publicKey: string,
): Promise<void> {
  await mailer.send({
    to,
    subject: `Checkpoint jejak audit Gerbang: ${checkpoint.size} catatan (${wibDateTime(checkpoint.sealedAt)} WIB)`,
    text:
      'Yth. Dinas Kependudukan dan Pencatatan Sipil,\n\n' +
      'Berikut checkpoint bertanda tangan dari jejak audit Gerbang. Simpan surel ini di luar ' +
      'server Gerbang: dengan checkpoint ini, setiap perubahan, penghapusan atau pemotongan jejak ' +
      'audit sampai ukuran di bawah dapat dibuktikan dengan perintah\n' +
      '  gerbang audit verify --checkpoint BERKAS --public-key KUNCI\n\n' +
      '----- checkpoint -----\n' +
      `${checkpoint.note}` +
      '----------------------\n\n' +
      `Kunci publik penanda tangan:\n${publicKey}\n\n` +
      'Surel ini dikirim otomatis oleh Gerbang dan tidak memuat data penduduk.\n',
  });
}
