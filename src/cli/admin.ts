import fs from 'node:fs';
import { Command, Option } from 'commander';
import { ACCESS_METHODS, type AccessMethod } from '../domain/agreement.js';
import { ELEMENTS, type Element } from '../domain/elements.js';
import { ROLES } from '../domain/users.js';
import {
  createAgency,
  createAgreement,
  endAgreementByNumber,
  revokeAgreementByNumber,
  setAgreementStageByNumber,
} from '../services/administration/agreements.js';
import { lapseAgreements } from '../services/agreements/lapse.js';
import { sendReturnNotices } from '../services/card-readers/return-notice.js';
import { createMailer } from '../services/mail/mailer.js';
import { setDataBalikanSchemaByNumber } from '../services/administration/data-balikan-schema.js';
import { unlockUserById } from '../services/administration/users.js';
import { Refusal } from '../services/errors.js';
import { withDatabase } from './context.js';
import { CLI_ACTOR } from '../domain/user-scope.js';
import { recordUserDocument } from '../services/users/user-documents.js';
import { createAccount } from '../services/users/create-user.js';
import { changeUserStatus } from '../services/users/user-actions.js';

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', `Berkas ${file} tidak dapat dibaca`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      `Berkas ${file} bukan JSON yang sah: ${(error as Error).message}`,
    );
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `gerbang agency|agreement|user …`: the administration the lookup needs, until the consoles exist. */
export function registerAdminCommands(program: Command): void {
  const agency = program.command('agency').description('Instansi pengguna');
  agency
    .command('add')
    .description('Mendaftarkan instansi pengguna')
    .requiredOption('--code <kode>', 'kode singkat, mis. DINKES')
    .requiredOption('--name <nama>', 'nama resmi instansi')
    .option('--address <alamat>', 'alamat kantor')
    .option('--head-title <jabatan>', 'jabatan pimpinan instansi, mis. Kepala Dinas Kesehatan')
    .action(
      async (options: { code: string; name: string; address?: string; headTitle?: string }) => {
        await withDatabase(async ({ db }, _config, deps) => {
          await createAgency(db, options, deps.clock());
          process.stdout.write(`Instansi ${options.code.toUpperCase()} terdaftar.\n`);
        });
      },
    );

  const agreement = program.command('agreement').description('Perjanjian Kerja Sama (PKS)');
  agreement
    .command('add')
    .description('Mencatat PKS yang telah ditandatangani (langsung berlaku)')
    .requiredOption('--agency <kode>', 'kode instansi')
    .requiredOption('--nomor-dukcapil <nomor>', 'nomor PKS pihak Dukcapil')
    .requiredOption('--nomor-instansi <nomor>', 'nomor PKS pihak instansi')
    .option('--nomor-juknis <nomor>', 'nomor petunjuk teknis')
    .requiredOption('--signed <YYYY-MM-DD>', 'tanggal penandatanganan')
    .requiredOption('--ends <YYYY-MM-DD>', 'tanggal berakhir')
    .requiredOption('--purpose <teks>', 'maksud dan tujuan pemanfaatan data')
    .option(
      '--elements <daftar>',
      `elemen data yang diberikan (${ELEMENTS.join(',')})`,
      ELEMENTS.join(','),
    )
    .option('--methods <daftar>', `metode akses (${ACCESS_METHODS.join(',')})`, 'PORTAL')
    .requiredOption('--access-points <daftar>', 'alamat IP/jaringan titik akses, dipisah koma')
    .option('--bandwidth <kbps>', 'bandwidth tautan titik akses dalam kbps', '1000')
    .addOption(
      new Option('--quota-stage <tahap>', 'tahap kuota')
        .choices(['PRA_POC', 'PASCA_POC'])
        .default('PRA_POC'),
    )
    .action(
      async (options: {
        agency: string;
        nomorDukcapil: string;
        nomorInstansi: string;
        nomorJuknis?: string;
        signed: string;
        ends: string;
        purpose: string;
        elements: string;
        methods: string;
        accessPoints: string;
        bandwidth: string;
        quotaStage: 'PRA_POC' | 'PASCA_POC';
      }) => {
        await withDatabase(async ({ db }, _config, deps) => {
          await createAgreement(
            db,
            {
              agencyCode: options.agency,
              nomorDukcapil: options.nomorDukcapil,
              nomorInstansi: options.nomorInstansi,
              nomorJuknis: options.nomorJuknis ?? null,
              signedOn: options.signed,
              endsOn: options.ends,
              purpose: options.purpose,
              grantedElements: list(options.elements) as Element[],
              accessMethods: list(options.methods) as AccessMethod[],
              accessPoints: list(options.accessPoints),
              bandwidthKbps: /^\d{1,9}$/.test(options.bandwidth) ? Number(options.bandwidth) : NaN,
              quotaStage: options.quotaStage,
            },
            deps.clock(),
          );
          process.stdout.write(
            `PKS ${options.nomorDukcapil} tercatat untuk ${options.agency.toUpperCase()}.\n`,
          );
        });
      },
    );
  agreement
    .command('stage')
    .description('Mengubah tahap kuota PKS (PASCA_POC: kuota tanpa batas setelah lulus PoC)')
    .requiredOption('--nomor-dukcapil <nomor>', 'nomor PKS pihak Dukcapil')
    .addOption(
      new Option('--stage <tahap>', 'tahap kuota')
        .choices(['PRA_POC', 'PASCA_POC'])
        .makeOptionMandatory(),
    )
    .option(
      '--reason <alasan>',
      'alasan yang dicatat dalam riwayat PKS, mis. nomor surat hasil PoC',
    )
    .action(
      async (options: {
        nomorDukcapil: string;
        stage: 'PRA_POC' | 'PASCA_POC';
        reason?: string;
      }) => {
        await withDatabase(async ({ db }, _config, deps) => {
          await setAgreementStageByNumber(
            db,
            options.nomorDukcapil,
            options.stage,
            deps.clock(),
            options.reason,
          );
          process.stdout.write(`Tahap kuota PKS ${options.nomorDukcapil}: ${options.stage}.\n`);
        });
      },
    );

  for (const [name, description, close, done] of [
    [
      'end',
      'Mengakhiri PKS yang berlaku (kesepakatan para pihak, perubahan nama/kelembagaan instansi)',
      endAgreementByNumber,
      'diakhiri',
    ],
    [
      'revoke',
      'Mencabut PKS yang berlaku (instansi tidak memenuhi kewajibannya)',
      revokeAgreementByNumber,
      'dicabut',
    ],
  ] as const) {
    agreement
      .command(name)
      .description(
        `${description}: seketika semua pengguna instansi mendapat "Instansi tidak aktif"; sesi dan token mereka diakhiri`,
      )
      .requiredOption('--nomor-dukcapil <nomor>', 'nomor PKS pihak Dukcapil')
      .requiredOption('--reason <alasan>', 'alasan yang dicatat dalam riwayat PKS')
      .action(async (options: { nomorDukcapil: string; reason: string }) => {
        await withDatabase(async ({ db }, _config, deps) => {
          const ended = await close(db, options.nomorDukcapil, options.reason, deps.clock());
          process.stdout.write(
            `PKS ${options.nomorDukcapil} ${done}; ${ended} sesi/token pengguna instansi diakhiri.\n`,
          );
        });
      });
  }

  agreement
    .command('lapse')
    .description(
      'Mencatat berakhirnya PKS yang masa berlakunya habis tanpa permohonan perpanjangan yang tepat waktu (untuk cron; server juga menjalankannya setiap jam): sesi pengguna instansi diakhiri, card reader ditangguhkan, tugas pengembalian SAM dibuka dan diberitahukan kepada kepala instansi; tidak mengubah apa pun bila dijalankan lagi',
    )
    .action(async () => {
      await withDatabase(async (_open, config, deps) => {
        const ended = await lapseAgreements(deps);
        for (const a of ended) {
          process.stdout.write(
            `PKS ${a.nomorDukcapil} berakhir (masa berlaku sampai ${a.endsOn}); ` +
              `${a.revokedSessions} sesi/token diakhiri, ${a.suspendedReaders} card reader ditangguhkan.\n`,
          );
        }
        process.stdout.write(
          ended.length === 0
            ? 'Tidak ada PKS yang masa berlakunya habis tanpa perpanjangan.\n'
            : `${ended.length} PKS dicatat berakhir karena masa berlaku habis.\n`,
        );
        if (!config.mail) return;
        const mailer = createMailer(config.mail);
        try {
          const run = await sendReturnNotices(deps, {
            mailer,
            dukcapilAddress: config.dukcapilEmail,
            log: { info: () => {}, error: (message) => process.stderr.write(`${message}\n`) },
          });
          process.stdout.write(
            `Tugas pengembalian SAM: ${run.sent} surel terkirim, ${run.failed} gagal.\n`,
          );
          if (run.failed > 0) process.exitCode = 1;
        } finally {
          mailer.close();
        }
      });
    });

  agreement
    .command('data-balikan')
    .description(
      'Menetapkan skema data balikan PKS dari berkas JSON { "fields": [ { "key", "label", "required", "maxLength", "pattern"?, "patternHint"?, "options"? } ], "dueDays" }',
    )
    .requiredOption('--nomor-dukcapil <nomor>', 'nomor PKS pihak Dukcapil')
    .requiredOption('--file <berkas.json>', 'berkas skema data balikan')
    .action(async (options: { nomorDukcapil: string; file: string }) => {
      const schema = readJsonFile(options.file);
      await withDatabase(async ({ db }) => {
        await setDataBalikanSchemaByNumber(db, options.nomorDukcapil, schema);
        process.stdout.write(`Skema data balikan PKS ${options.nomorDukcapil} ditetapkan.\n`);
      });
    });

  const user = program.command('user').description('Pengguna');
  user
    .command('add')
    .description(
      'Membuat user ID; kata sandi dibaca dari stdin (--password-stdin) atau dibuat sekali pakai, ditampilkan sekali dan wajib diganti saat masuk pertama',
    )
    .requiredOption('--user-id <id>', 'user ID, mis. operator.dinkes')
    .requiredOption('--name <nama>', 'nama yang ditampilkan')
    .addOption(new Option('--role <peran>', 'peran').choices([...ROLES]).makeOptionMandatory())
    .option('--agency <kode>', 'kode instansi (wajib untuk peran instansi)')
    .option('--password-stdin', 'baca kata sandi dari stdin (tidak wajib diganti)')
    .action(
      async (options: {
        userId: string;
        name: string;
        role: string;
        agency?: string;
        passwordStdin?: boolean;
      }) => {
        const password = options.passwordStdin ? await readStdin() : undefined;
        const created = await withDatabase(async (_open, _config, deps) =>
          createAccount(deps, CLI_ACTOR, {
            userId: options.userId,
            displayName: options.name,
            role: options.role,
            agencyCode: options.agency,
            password,
          }),
        );
        process.stdout.write(`User ID ${created.userId} dibuat.\n`);
        if (created.oneTimePassword) {
          process.stdout.write(
            `Kata sandi sekali pakai (hanya ditampilkan sekali ini; wajib diganti saat masuk pertama): ${created.oneTimePassword}\n`,
          );
        }
      },
    );
  user
    .command('status')
    .description(
      'Mengubah status user ID (AKTIF, NON_AKTIF, DITAHAN); NON_AKTIF dan DITAHAN mengakhiri sesi',
    )
    .requiredOption('--user-id <id>', 'user ID')
    .addOption(
      new Option('--status <status>', 'status baru')
        .choices(['AKTIF', 'NON_AKTIF', 'DITAHAN'])
        .makeOptionMandatory(),
    )
    .option('--reason <alasan>', 'alasan yang dicatat', 'Melalui baris perintah')
    .action(
      async (options: {
        userId: string;
        status: 'AKTIF' | 'NON_AKTIF' | 'DITAHAN';
        reason: string;
      }) => {
        await withDatabase(async (_open, _config, deps) => {
          await changeUserStatus(deps, CLI_ACTOR, {
            userId: options.userId,
            to: options.status,
            reason: options.reason,
          });
          process.stdout.write(`Status ${options.userId}: ${options.status}.\n`);
        });
      },
    );
  user
    .command('document')
    .description(
      'Mencatat NDA (operator dan kepala instansi) atau SPTJM (kepala instansi) yang ditandatangani: pindaian PDF, PNG atau JPEG',
    )
    .requiredOption('--user-id <id>', 'user ID')
    .addOption(
      new Option('--kind <jenis>', 'jenis dokumen').choices(['NDA', 'SPTJM']).makeOptionMandatory(),
    )
    .requiredOption('--signed <YYYY-MM-DD>', 'tanggal penandatanganan')
    .requiredOption('--file <berkas>', 'berkas pindaian')
    .action(async (options: { userId: string; kind: string; signed: string; file: string }) => {
      let content: Buffer;
      try {
        content = fs.readFileSync(options.file);
      } catch {
        throw new Refusal('PERMINTAAN_TIDAK_VALID', `Berkas ${options.file} tidak dapat dibaca`);
      }
      const recorded = await withDatabase(async (_open, _config, deps) =>
        recordUserDocument(deps, CLI_ACTOR, {
          userId: options.userId,
          kind: options.kind,
          signedOn: options.signed,
          content,
          fileName: options.file,
        }),
      );
      process.stdout.write(
        `${recorded.kind} ${recorded.userId} tercatat (${recorded.contentType}, ${recorded.sizeBytes} byte, SHA-256 ${recorded.sha256}).\n`,
      );
    });
  user
    .command('unlock')
    .description('Membuka kunci user ID yang terkunci karena kata sandi salah berulang kali')
    .requiredOption('--user-id <id>', 'user ID')
    .action(async (options: { userId: string }) => {
      await withDatabase(async ({ db }) => {
        await unlockUserById(db, options.userId);
        process.stdout.write(`Kunci ${options.userId} dibuka.\n`);
      });
    });
}
