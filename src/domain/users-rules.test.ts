import { describe, expect, it } from 'vitest';
import { documentStatus, requiredDocuments, signedDateProblem } from './documents.js';
import { newPasswordProblems } from './password-policy.js';
import { normaliseTotpCode, totpRequiredFor } from './totp-policy.js';
import type { ActingParty as Actor } from './actor.js';
import { canReadDocuments, canSeeUser, documentRecordProblem } from './user-scope.js';

describe('password rules', () => {
  const base = { userId: 'operator.dinkes', current: 'kata-sandi-lama-1' };
  it.each([
    ['acceptable', 'sandi-baru-yang-kuat', 'sandi-baru-yang-kuat', []],
    [
      'not repeated alike',
      'sandi-baru-yang-kuat',
      'sandi-baru-yang-kuaT',
      ['ulangannya tidak sama'],
    ],
    ['too short', 'pendek-9', 'pendek-9', ['minimal 10 karakter']],
    ['the user ID', 'Operator.Dinkes', 'Operator.Dinkes', ['tidak boleh sama dengan user ID']],
    ['the current one', 'kata-sandi-lama-1', 'kata-sandi-lama-1', ['harus berbeda']],
    ['too long', 'x'.repeat(201), 'x'.repeat(201), ['maksimal 200 karakter']],
  ])('%s', (_name, next, repeat, expected) => {
    const problems = newPasswordProblems({ ...base, next, repeat });
    expect(problems).toHaveLength(expected.length);
    expected.forEach((fragment, i) => expect(problems[i]).toContain(fragment));
  });
});

describe('signing date of a document', () => {
  it.each([
    ['2026-10-01', undefined],
    ['2026-11-24', undefined],
    ['2026-11-25', 'tidak boleh setelah hari ini'],
    ['2026-02-30', 'bukan tanggal yang sah'],
    ['01-10-2026', 'berformat TTTT-BB-HH'],
    ['1999-12-31', 'sebelum tahun 2000'],
  ])('%s', (date, problem) => {
    const found = signedDateProblem(date, '2026-11-24');
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

describe('documents and TOTP by role', () => {
  it('operators sign the NDA, heads the SPTJM, Dukcapil staff nothing; admins need TOTP', () => {
    expect(requiredDocuments('OPERATOR')).toEqual(['NDA']);
    // SPEC §4: the head signs the SPTJM and an NDA of their own.
    expect(requiredDocuments('KEPALA_INSTANSI')).toEqual(['SPTJM', 'NDA']);
    expect(requiredDocuments('ADMIN_DUKCAPIL')).toEqual([]);
    expect(requiredDocuments('EVALUATOR_DUKCAPIL')).toEqual([]);
    expect(
      documentStatus('KEPALA_INSTANSI', { nda_signed_on: null, sptjm_signed_on: '2025-09-16' }),
    ).toEqual([
      { kind: 'SPTJM', signedOn: '2025-09-16' },
      { kind: 'NDA', signedOn: null },
    ]);
    expect(totpRequiredFor('ADMIN_DUKCAPIL')).toBe(true);
    expect(totpRequiredFor('EVALUATOR_DUKCAPIL')).toBe(false);
    expect(totpRequiredFor('OPERATOR')).toBe(false);
  });

  it('reads a code as typed, spaces and all', () => {
    expect(normaliseTotpCode(' 123 456 ')).toBe('123456');
    expect(normaliseTotpCode('12345')).toBeUndefined();
    expect(normaliseTotpCode('12345a')).toBeUndefined();
  });
});

describe('who may see users and record their documents', () => {
  const admin: Actor = { id: 1, role: 'ADMIN_DUKCAPIL', agencyId: null };
  const evaluator: Actor = { id: 2, role: 'EVALUATOR_DUKCAPIL', agencyId: null };
  const headA: Actor = { id: 3, role: 'KEPALA_INSTANSI', agencyId: 10 };
  const operatorA: Actor = { id: 4, role: 'OPERATOR', agencyId: 10 };
  const headB: Actor = { id: 5, role: 'KEPALA_INSTANSI', agencyId: 20 };
  const operatorOfA = { id: 6, role: 'OPERATOR' as const, agencyId: 10 };
  const otherHeadOfA = { id: 7, role: 'KEPALA_INSTANSI' as const, agencyId: 10 };

  it.each([
    ['admin', admin, true, true],
    ['evaluator', evaluator, false, true],
    ['head of A', headA, true, true],
    ['operator of A', operatorA, false, false],
    ['head of B', headB, false, false],
  ] as const)('%s: sees A users %s, reads A scans %s', (_name, actor, sees, reads) => {
    expect(canSeeUser(actor, { agencyId: 10 })).toBe(sees);
    expect(canReadDocuments(actor, 10)).toBe(reads);
  });

  it.each([
    ['admin records an NDA', admin, operatorOfA, 'NDA', undefined],
    ['admin records an SPTJM for an operator', admin, operatorOfA, 'SPTJM', 'menandatangani NDA'],
    ['head A records the NDA of its operator', headA, operatorOfA, 'NDA', undefined],
    ['head A records its own SPTJM', headA, { ...otherHeadOfA, id: 3 }, 'SPTJM', undefined],
    ["head A records another head's SPTJM", headA, otherHeadOfA, 'SPTJM', 'miliknya sendiri'],
    ['head A records its own NDA', headA, { ...otherHeadOfA, id: 3 }, 'NDA', undefined],
    ["head A records another head's NDA", headA, otherHeadOfA, 'NDA', 'NDA miliknya sendiri'],
    ['admin records a head NDA', admin, otherHeadOfA, 'NDA', undefined],
    ["head B records agency A's NDA", headB, operatorOfA, 'NDA', 'bukan dari instansi Anda'],
    ['an operator records anything', operatorA, operatorOfA, 'NDA', 'tidak berwenang'],
    ['an evaluator records anything', evaluator, operatorOfA, 'NDA', 'tidak berwenang'],
  ] as const)('%s', (_name, actor, target, kind, problem) => {
    const found = documentRecordProblem(actor, target, kind);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
