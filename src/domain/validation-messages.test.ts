import { describe, expect, it } from 'vitest';
import {
  describeValidationErrors,
  validationSummary,
  type ValidationError,
} from './validation-messages.js';

const error = (
  keyword: string,
  instancePath: string,
  params: Record<string, unknown> = {},
): ValidationError => ({
  keyword,
  instancePath,
  params,
  message: 'english text that must not leak',
});

describe('describeValidationErrors', () => {
  it.each<[string, ValidationError, string, string]>([
    [
      'required',
      error('required', '', { missingProperty: 'purpose' }),
      'purpose',
      'purpose wajib diisi',
    ],
    [
      'required, nested',
      error('required', '/records/0', { missingProperty: 'nik' }),
      'records[0].nik',
      'records[0].nik wajib diisi',
    ],
    ['type string', error('type', '/nik', { type: 'string' }), 'nik', 'nik harus berupa teks'],
    [
      'type integer',
      error('type', '/halaman', { type: 'integer' }),
      'halaman',
      'halaman harus berupa bilangan bulat',
    ],
    [
      'type union',
      error('type', '/nilai', { type: ['string', 'number'] }),
      'nilai',
      'nilai harus berupa teks atau angka',
    ],
    ['minLength 1', error('minLength', '/nama', { limit: 1 }), 'nama', 'nama tidak boleh kosong'],
    [
      'minLength',
      error('minLength', '/kataSandi', { limit: 10 }),
      'kataSandi',
      'kataSandi paling sedikit 10 karakter',
    ],
    [
      'maxLength',
      error('maxLength', '/purpose', { limit: 200 }),
      'purpose',
      'purpose paling banyak 200 karakter',
    ],
    [
      'pattern',
      error('pattern', '/kode', { pattern: '^[A-Z]+$' }),
      'kode',
      'kode formatnya tidak sesuai',
    ],
    [
      'format date',
      error('format', '/mulai', { format: 'date' }),
      'mulai',
      'mulai harus berupa tanggal dengan format TTTT-BB-HH',
    ],
    [
      'format email',
      error('format', '/surel', { format: 'email' }),
      'surel',
      'surel harus berupa alamat surel yang sah',
    ],
    [
      'format unknown',
      error('format', '/x', { format: 'hostname' }),
      'x',
      'x harus berupa format hostname',
    ],
    [
      'enum',
      error('enum', '/mode', { allowedValues: ['SEMUA', 'YANG_VALID'] }),
      'mode',
      'mode harus salah satu dari: "SEMUA", "YANG_VALID"',
    ],
    [
      'const',
      error('const', '/konfirmasi', { allowedValue: true }),
      'konfirmasi',
      'konfirmasi harus bernilai true',
    ],
    [
      'minimum',
      error('minimum', '/halaman', { comparison: '>=', limit: 1 }),
      'halaman',
      'halaman paling kecil 1',
    ],
    [
      'maximum',
      error('maximum', '/kuota', { comparison: '<=', limit: 1000 }),
      'kuota',
      'kuota paling besar 1000',
    ],
    [
      'exclusiveMinimum',
      error('exclusiveMinimum', '/kuota', { comparison: '>', limit: 0 }),
      'kuota',
      'kuota harus lebih dari 0',
    ],
    [
      'minItems',
      error('minItems', '/records', { limit: 1 }),
      'records',
      'records paling sedikit berisi satu butir',
    ],
    [
      'maxItems',
      error('maxItems', '/records', { limit: 500 }),
      'records',
      'records paling banyak 500 butir',
    ],
    [
      'additionalProperties',
      error('additionalProperties', '', { additionalProperty: 'peran' }),
      'peran',
      'peran tidak dikenal',
    ],
    ['whole body', error('type', '', { type: 'object' }), '', 'Isi permintaan harus berupa objek'],
    ['unknown keyword', error('x-custom', '/a', {}), 'a', 'a tidak valid'],
    [
      'escaped pointer',
      error('type', '/a~1b/c~0d', { type: 'string' }),
      'a/b.c~d',
      'a/b.c~d harus berupa teks',
    ],
  ])('%s', (_name, input, field, message) => {
    expect(describeValidationErrors([input])).toEqual([{ field, message }]);
  });

  it('names a field by its label, by the whole field or by its last name', () => {
    const errors = [
      error('required', '', { missingProperty: 'purpose' }),
      error('pattern', '/records/2/nik', { pattern: '^\\d{16}$' }),
    ];
    expect(describeValidationErrors(errors, { purpose: 'Keperluan', nik: 'NIK' })).toEqual([
      { field: 'purpose', message: 'Keperluan wajib diisi' },
      { field: 'records[2].nik', message: 'NIK (records[2].nik) formatnya tidak sesuai' },
    ]);
  });

  it('folds the errors of the branches of anyOf into one problem of the value', () => {
    const errors = [
      error('type', '/nik', { type: 'string' }),
      error('type', '/nik', { type: 'number' }),
      error('anyOf', '/nik', {}),
      error('required', '', { missingProperty: 'purpose' }),
    ];
    expect(describeValidationErrors(errors)).toEqual([
      { field: 'nik', message: 'nik tidak sesuai dengan bentuk yang diterima' },
      { field: 'purpose', message: 'purpose wajib diisi' },
    ]);
  });

  it('reports each field once, skips `if`, and never passes the English text on', () => {
    const errors = [
      error('minLength', '/nama', { limit: 3 }),
      error('pattern', '/nama', { pattern: 'x' }),
      error('if', '', { failingKeyword: 'then' }),
    ];
    const described = describeValidationErrors(errors);
    expect(described).toEqual([{ field: 'nama', message: 'nama paling sedikit 3 karakter' }]);
    expect(JSON.stringify(described)).not.toContain('english');
  });

  it('sums the problems up in one sentence', () => {
    expect(validationSummary([])).toBe('Permintaan tidak valid');
    expect(
      validationSummary([
        { field: 'a', message: 'a wajib diisi' },
        { field: 'b', message: 'b harus berupa teks' },
      ]),
    ).toBe('Permintaan tidak valid: a wajib diisi; b harus berupa teks');
  });
});
