import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readDataBalikanFile, type FileReading } from './file.js';
import { columnLetter } from './file-records.js';
import { identifyUpload } from './file-type.js';
import { dataBalikanCsv, dataBalikanXlsx, refusedRowsCsv, type FileRow } from './template.js';
import { DINKES_DATA_BALIKAN, DPMPTSP_DATA_BALIKAN } from '../demo/agreements.js';

const NIK_A = '3303014101900001';
const NIK_B = '3303014201900001';
const schema = DINKES_DATA_BALIKAN;

const csv = (text: string) => Buffer.from(text, 'utf8');
const readCsv = (text: string, s = schema) => readDataBalikanFile('CSV', csv(text), s);

function records(reading: FileReading) {
  if (!reading.ok) throw new Error(`file refused: ${reading.problem}`);
  return reading.records;
}

function problem(reading: FileReading): string {
  if (reading.ok) throw new Error('file was read');
  return reading.problem;
}

/** A workbook written the way Excel users make one: cells typed one by one. */
async function workbook(
  rows: (ExcelJS.CellValue | undefined)[][],
  options: { sheets?: string[]; at?: number } = {},
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const names = options.sheets ?? ['Lembar1'];
  for (const name of names) book.addWorksheet(name);
  const sheet = book.worksheets[0]!;
  rows.forEach((cells, index) => {
    cells.forEach((value, column) => {
      if (value !== undefined) sheet.getCell((options.at ?? 1) + index, column + 1).value = value;
    });
  });
  if (names.length > 1) book.worksheets[1]!.getCell('A1').value = 'bukan data';
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('identifyUpload', () => {
  it('takes a UTF-8 .csv (with or without BOM) and counts its lines for progress', () => {
    expect(identifyUpload('Data.CSV', csv('\uFEFFnik\r\n1\r\n2'))).toEqual({
      ok: true,
      format: 'CSV',
      lastLine: 3,
    });
  });

  it('refuses a .csv that is not UTF-8 text, with what to do instead', () => {
    const latin1 = Buffer.from('nik,nomor_rekam_medis\n3303014101900001,RM-Ñ\n', 'latin1');
    expect(identifyUpload('x.csv', latin1)).toMatchObject({
      ok: false,
      refusal: {
        code: 'JENIS_BERKAS_DITOLAK',
        message: expect.stringContaining('CSV UTF-8') as string,
      },
    });
    expect(identifyUpload('x.csv', Buffer.from('\xff\xfen\x00i\x00k\x00', 'latin1'))).toMatchObject(
      { ok: false, refusal: { code: 'JENIS_BERKAS_DITOLAK' } },
    );
  });

  it('refuses an .xlsx that is not an Excel workbook, an old .xls, and other types', async () => {
    expect(identifyUpload('x.xlsx', csv('nik\n1\n'))).toMatchObject({
      ok: false,
      refusal: { code: 'JENIS_BERKAS_DITOLAK' },
    });
    const ole2 = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(100),
    ]);
    expect(identifyUpload('lama.xls', ole2)).toMatchObject({
      ok: false,
      refusal: {
        code: 'JENIS_BERKAS_DITOLAK',
        message: expect.stringContaining('.xls') as string,
      },
    });
    expect(identifyUpload('x.pdf', csv('%PDF-1.4'))).toMatchObject({
      ok: false,
      refusal: { code: 'JENIS_BERKAS_DITOLAK' },
    });
    expect(identifyUpload('x.csv', Buffer.alloc(0))).toMatchObject({
      ok: false,
      refusal: { code: 'BERKAS_KOSONG' },
    });
    const xlsx = await workbook([['nik']]);
    expect(identifyUpload('salah.csv', xlsx)).toMatchObject({
      ok: false,
      refusal: { code: 'JENIS_BERKAS_DITOLAK' },
    });
  });

  it('reads the row count an Excel workbook declares, for progress', async () => {
    const rows = [['nik', 'nomor_rekam_medis'], ...Array.from({ length: 40 }, () => [NIK_A, 'R'])];
    expect(identifyUpload('x.xlsx', await workbook(rows))).toEqual({
      ok: true,
      format: 'XLSX',
      lastLine: 41,
    });
  });
});

describe('readDataBalikanFile, CSV', () => {
  it('gives every row its physical line: header is 1, blank lines and quoted line breaks count', async () => {
    const text =
      '\uFEFFNIK,Nomor_Rekam_Medis\r\n' +
      `${NIK_A},RM-1\r\n` +
      '\r\n' +
      `${NIK_B},"RM\r\n2"\r\n` +
      ' , \r\n' +
      `${NIK_A},RM-3`;
    expect(records(await readCsv(text))).toEqual([
      { line: 2, nik: NIK_A, values: { nomor_rekam_medis: 'RM-1' } },
      { line: 4, nik: NIK_B, values: { nomor_rekam_medis: 'RM\r\n2' } },
      { line: 7, nik: NIK_A, values: { nomor_rekam_medis: 'RM-3' } },
    ]);
  });

  it('reads the semicolon-separated CSV that Excel writes under Indonesian settings', async () => {
    const text = `nik;nomor_rekam_medis;nomor_kepesertaan_jkn\n${NIK_A};"RM;1";0001234567890\n`;
    expect(records(await readCsv(text))).toEqual([
      {
        line: 2,
        nik: NIK_A,
        values: { nomor_rekam_medis: 'RM;1', nomor_kepesertaan_jkn: '0001234567890' },
      },
    ]);
  });

  it('matches header cells to keys or labels in any case, in any order', async () => {
    const text = `Nomor Rekam Medis,nik\nRM-1,${NIK_A}\n`;
    expect(records(await readCsv(text))[0]).toEqual({
      line: 2,
      nik: NIK_A,
      values: { nomor_rekam_medis: 'RM-1' },
    });
  });

  it('refuses the file for an unknown header column, naming it and the known ones', async () => {
    const refused = problem(await readCsv(`nik,golongan_darah,nomor_rm\n${NIK_A},O,1\n`));
    expect(refused).toContain('"golongan_darah", "nomor_rm"');
    expect(refused).toContain('baris 1');
    expect(refused).toContain('nomor_kepesertaan_jkn');
  });

  it('refuses the file without a nik column, or with a column twice', async () => {
    expect(problem(await readCsv('nomor_rekam_medis\nRM-1\n'))).toContain(
      'Kolom "nik" tidak ada pada baris judul (baris 1)',
    );
    expect(problem(await readCsv('nik,nomor_rekam_medis,Nomor rekam medis\n'))).toContain(
      'muncul dua kali',
    );
  });

  it('refuses an empty file and one with a header only', async () => {
    expect(problem(await readCsv('\r\n\r\n'))).toContain('baris judul');
    expect(problem(await readCsv('nik,nomor_rekam_medis\r\n'))).toContain('tanpa baris data');
    expect(problem(await readDataBalikanFile('CSV', dataBalikanCsv(schema), schema))).toContain(
      'tanpa baris data',
    );
  });

  it('names the line where a broken quote starts', async () => {
    const text = `nik,nomor_rekam_medis\n${NIK_A},RM-1\n${NIK_B},"RM-2\n${NIK_A},RM-3\n`;
    expect(problem(await readCsv(text))).toContain('baris 3');
  });

  it('keeps a value in a column without a header as a problem of its row', async () => {
    const rows = records(
      await readCsv(`nik,nomor_rekam_medis\n${NIK_A},RM 12,5\n${NIK_B},RM-2,\n`),
    );
    expect(rows[0]).toMatchObject({
      line: 2,
      problems: ['Ada nilai pada kolom C yang tidak memiliki judul kolom'],
    });
    // A trailing empty cell is nothing.
    expect(rows[1]).toEqual({ line: 3, nik: NIK_B, values: { nomor_rekam_medis: 'RM-2' } });
  });

  it('explains a NIK that Excel turned into scientific notation', async () => {
    const rows = records(await readCsv('nik,nomor_rekam_medis\n3.30301E+15,RM-1\n'));
    expect(rows[0]!.problems?.[0]).toContain('notasi ilmiah (3.30301E+15)');
  });

  it('stops a file with more data rows than allowed', async () => {
    const many = `nik,nomor_rekam_medis\n${`${NIK_A},R\n`.repeat(150_001)}`;
    expect(problem(await readCsv(many))).toContain('lebih dari 150.000 baris');
  });

  it('reports progress with the line reached, and can be stopped', async () => {
    const text = `nik,nomor_rekam_medis\n${`${NIK_A},R\n`.repeat(5000)}`;
    const seen: number[] = [];
    await readDataBalikanFile('CSV', csv(text), schema, {
      progressEvery: 2000,
      onProgress: (line) => {
        seen.push(line);
      },
    });
    expect(seen).toEqual([2001, 4001]);
    const stopped = await readDataBalikanFile('CSV', csv(text), schema, {
      progressEvery: 1000,
      stopped: () => 'dihentikan',
    });
    expect(problem(stopped)).toBe('dihentikan');
  });
});

describe('readDataBalikanFile, XLSX', () => {
  it('reads the first worksheet with row numbers as lines, skipping blank rows', async () => {
    const book = await workbook(
      [
        ['nik', 'nomor_kepesertaan_jkn', 'nomor_rekam_medis'],
        [NIK_A, '0001234567890', 'RM-1'],
        [],
        [NIK_B, undefined, { richText: [{ text: 'RM-' }, { text: '2' }] }],
        [NIK_A, { formula: 'CONCAT("000","1234567891")', result: '0001234567891' }],
      ],
      { sheets: ['Data', 'Petunjuk'] },
    );
    expect(records(await readDataBalikanFile('XLSX', book, schema))).toEqual([
      {
        line: 2,
        nik: NIK_A,
        values: { nomor_kepesertaan_jkn: '0001234567890', nomor_rekam_medis: 'RM-1' },
      },
      { line: 4, nik: NIK_B, values: { nomor_rekam_medis: 'RM-2' } },
      { line: 5, nik: NIK_A, values: { nomor_kepesertaan_jkn: '0001234567891' } },
    ]);
  });

  it('takes the first non-blank row as the header and keeps its line numbers', async () => {
    const book = await workbook(
      [
        ['nik', 'nomor_rekam_medis'],
        [NIK_A, 'RM-1'],
      ],
      { at: 3 },
    );
    expect(records(await readDataBalikanFile('XLSX', book, schema))).toEqual([
      { line: 4, nik: NIK_A, values: { nomor_rekam_medis: 'RM-1' } },
    ]);
  });

  it('gives a NIK stored as a number as its exact digits, never in exponent notation', async () => {
    const book = await workbook([
      ['nik', 'nomor_rekam_medis', 'nomor_kepesertaan_jkn'],
      [Number(NIK_A), 'RM-1', 1234567890123],
    ]);
    expect(records(await readDataBalikanFile('XLSX', book, schema))).toEqual([
      {
        line: 2,
        nik: NIK_A,
        values: { nomor_rekam_medis: 'RM-1', nomor_kepesertaan_jkn: '1234567890123' },
      },
    ]);
  });

  it('refuses a numeric NIK that Excel may have cut to 15 digits, or beyond exact range', async () => {
    const book = await workbook([
      ['nik', 'nomor_rekam_medis'],
      [3303014101900010, 'RM-1'],
      // Beyond 2^53: the double nearest to it is all the file can hold.
      [Number('9171014101900011'), 'RM-2'],
    ]);
    const [ends0, tooBig] = records(await readDataBalikanFile('XLSX', book, schema));
    expect(ends0).toMatchObject({ line: 2, nik: '3303014101900010' });
    expect(ends0!.problems?.[0]).toContain('NIK tersimpan sebagai angka');
    expect(tooBig!.problems?.[0]).toContain('15 digit');
    expect(String(tooBig!.nik)).toMatch(/^\d{16}$/);
  });

  it('keeps an error cell and a value without header as problems of their row', async () => {
    const book = await workbook([
      ['nik', 'nomor_rekam_medis'],
      [NIK_A, { error: '#N/A' }, 'lebih'],
    ]);
    expect(records(await readDataBalikanFile('XLSX', book, schema))[0]!.problems).toEqual([
      'Sel B2 berisi galat rumus #N/A',
      'Ada nilai pada kolom C yang tidak memiliki judul kolom',
    ]);
  });

  it('refuses an unknown header and an unreadable workbook', async () => {
    const book = await workbook([
      ['nik', 'jenis'],
      [NIK_A, 'NIB'],
    ]);
    expect(problem(await readDataBalikanFile('XLSX', book, schema))).toContain('"jenis"');
    const broken = Buffer.concat([book.subarray(0, 200), Buffer.alloc(500)]);
    expect(problem(await readDataBalikanFile('XLSX', broken, schema))).toContain(
      'tidak dapat dibaca',
    );
  });

  it('reads a sound workbook as sound every time, though ExcelJS now and then loses its last entry', async () => {
    // exceljs issue 3064: the streaming reader fails about 1 read in 1,500 of a workbook ExcelJS
    // wrote (xl/workbook.xml last), which the reader used to call unreadable.
    const book = await workbook([
      ['nik', 'jenis'],
      [NIK_A, 'NIB'],
    ]);
    const problems = new Set<string>();
    for (let round = 0; round < 100; round++) {
      const readings = await Promise.all(
        Array.from({ length: 8 }, () => readDataBalikanFile('XLSX', book, schema)),
      );
      for (const reading of readings) problems.add(problem(reading));
    }
    expect([...problems]).toHaveLength(1);
    expect([...problems][0]).toContain('"jenis"');
  });

  it('reads back its own template and files written with rows', async () => {
    const template = await dataBalikanXlsx(DPMPTSP_DATA_BALIKAN);
    expect(problem(await readDataBalikanFile('XLSX', template, DPMPTSP_DATA_BALIKAN))).toContain(
      'tanpa baris data',
    );
    const rows: FileRow[] = [
      {
        nik: NIK_A,
        values: { nomor_perizinan_investasi: 'P-1', jenis_perizinan_investasi: 'NIB' },
      },
      { nik: NIK_B, values: { nomor_perizinan_investasi: 'P-2' } },
    ];
    const file = await dataBalikanXlsx(DPMPTSP_DATA_BALIKAN, rows);
    expect(identifyUpload('f.xlsx', file)).toMatchObject({ ok: true, format: 'XLSX' });
    expect(records(await readDataBalikanFile('XLSX', file, DPMPTSP_DATA_BALIKAN))).toEqual([
      { line: 2, ...rows[0] },
      { line: 3, nik: NIK_B, values: { nomor_perizinan_investasi: 'P-2' } },
    ]);
  });
});

describe('templates', () => {
  it('CSV: BOM and the header row of nik and the schema keys', () => {
    expect(dataBalikanCsv(schema).toString('utf8')).toBe(
      '\uFEFFnik,nomor_kepesertaan_jkn,nomor_rekam_medis,nomor_surat_kematian,nomor_surat_kelahiran\r\n',
    );
  });

  it('XLSX: header with notes, text-formatted columns, and a guide sheet', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await dataBalikanXlsx(DPMPTSP_DATA_BALIKAN)) as unknown as ArrayBuffer);
    const [data, guide] = book.worksheets;
    expect(data!.getRow(1).values).toEqual([
      undefined,
      'nik',
      'nomor_perizinan_investasi',
      'jenis_perizinan_investasi',
    ]);
    expect(JSON.stringify(data!.getCell('C1').note)).toContain('salah satu dari: NIB');
    expect(data!.getColumn(1).numFmt).toBe('@');
    expect(guide!.name).toBe('Petunjuk');
    expect(guide!.getCell('A3').value).toBe('nomor_perizinan_investasi');
  });

  it('refusal CSV: every row, and cells Excel would run as formulas written as text', () => {
    const out = refusedRowsCsv([
      { line: 3, nik: '=HYPERLINK("x")', reasons: ['NIK: salah', 'Kolom "a", b'] },
    ]).toString('utf8');
    expect(out).toBe(
      '\uFEFFbaris,nik,alasan\r\n3,"\'=HYPERLINK(""x"")","NIK: salah; Kolom ""a"", b"\r\n',
    );
  });

  it('column letters as spreadsheets show them', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});
