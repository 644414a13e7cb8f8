import { describe, expect, it } from 'vitest';
import {
  checkPatternSettings,
  describeServiceHours,
  effectiveAction,
  MAX_EVIDENCE,
  operatorWarning,
  reviewProblem,
  storedEvidence,
  strongerAction,
} from './pattern-alert.js';

describe('input-pattern alerts: pure rules', () => {
  it('keeps evidence with the NIK masked, oldest first, at most MAX_EVIDENCE', () => {
    const evidence = Array.from({ length: MAX_EVIDENCE + 5 }, (_, i) => ({
      auditId: 100 - i,
      at: new Date(Date.UTC(2026, 10, 24, 3, 0, i)),
      userId: 7,
      nik: `33030512039000${String(i).padStart(2, '0')}`,
      responseCode: 'DITEMUKAN',
    }));
    const kept = storedEvidence(evidence);
    expect(kept).toHaveLength(MAX_EVIDENCE);
    expect(kept[0]!.auditId).toBeLessThan(kept[1]!.auditId);
    expect(kept.at(-1)!.auditId).toBe(100);
    expect(kept[0]!.nik).toBe('330305••••••0049');
    expect(JSON.stringify(kept)).not.toMatch(/\d{16}/);
  });

  it('holds the user for a honeytoken whatever the policy; otherwise the policy decides', () => {
    expect(effectiveAction('PERINGATAN', [{ kind: 'BERURUTAN' }])).toBe('PERINGATAN');
    expect(effectiveAction('ALASAN', [{ kind: 'BERDEKATAN' }])).toBe('ALASAN');
    expect(effectiveAction('PERINGATAN', [{ kind: 'BERPOLA' }, { kind: 'HONEYTOKEN' }])).toBe(
      'BLOKIR',
    );
    expect(strongerAction('ALASAN', 'PERINGATAN')).toBe('ALASAN');
    expect(strongerAction('ALASAN', 'BLOKIR')).toBe('BLOKIR');
  });

  it('warns the operator in Indonesian and never names a planted NIK', () => {
    const warn = operatorWarning('PERINGATAN', [{ kind: 'BERURUTAN' }, { kind: 'BERDEKATAN' }]);
    expect(warn).toContain('NIK berurutan, pencarian dalam waktu berdekatan');
    expect(warn).not.toContain('alasan tertulis');
    expect(operatorWarning('ALASAN', [{ kind: 'BERPOLA' }])).toContain(
      'Pencarian berikutnya wajib disertai alasan tertulis.',
    );
    const held = operatorWarning('BLOKIR', [{ kind: 'HONEYTOKEN' }]);
    expect(held).toContain('Akses Anda ditahan');
    expect(held).not.toMatch(/honeytoken|penanda/i);
  });

  it('reviews OPEN → DITINJAU → SELESAI, one step at a time, closing only with a note', () => {
    expect(reviewProblem('OPEN', 'DITINJAU', '')).toBeUndefined();
    expect(reviewProblem('DITINJAU', 'SELESAI', 'Sudah dikonfirmasi ke instansi')).toBeUndefined();
    expect(reviewProblem('DITINJAU', 'SELESAI', '')).toEqual({
      field: 'note',
      message: 'Catatan wajib diisi (minimal 3 karakter) untuk menyelesaikan peringatan',
    });
    expect(reviewProblem('OPEN', 'SELESAI', 'catatan')).toEqual({
      field: 'to',
      message: 'Peringatan berstatus Baru tidak dapat diubah menjadi Selesai',
    });
    expect(reviewProblem('SELESAI', 'DITINJAU', '')?.message).toBe(
      'Peringatan ini sudah selesai ditinjau',
    );
    expect(reviewProblem('DITINJAU', 'DITINJAU', '')?.field).toBe('to');
    expect(reviewProblem('OPEN', 'DITINJAU', 'x'.repeat(1001))?.field).toBe('note');
  });

  it('checks the policy form: a policy, start before end (or 24 hours), at least one day', () => {
    expect(
      checkPatternSettings({
        policy: 'ALASAN',
        allDay: false,
        start: '7.30',
        end: '16:00',
        days: ['5', '1', '2'],
      }),
    ).toEqual({
      ok: true,
      value: { policy: 'ALASAN', hours: { start: '07:30', end: '16:00', days: [1, 2, 5] } },
    });
    expect(
      checkPatternSettings({ policy: 'BLOKIR', allDay: true, start: 'x', end: '', days: ['7'] }),
    ).toEqual({
      ok: true,
      value: { policy: 'BLOKIR', hours: { start: null, end: null, days: [7] } },
    });
    const bad = checkPatternSettings({
      policy: 'HUKUM',
      allDay: false,
      start: '17:00',
      end: '08:00',
      days: [],
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['policy', 'end', 'days']);
    expect(!bad.ok && bad.errors[1]!.message).toBe('Jam selesai harus setelah jam mulai');
    const unreadable = checkPatternSettings({
      policy: 'PERINGATAN',
      allDay: false,
      start: '25:00',
      end: '',
      days: ['8'],
    });
    expect(!unreadable.ok && unreadable.errors.map((e) => e.field)).toEqual([
      'start',
      'end',
      'days',
    ]);
  });

  it('describes service hours as Indonesian writes them', () => {
    expect(
      describeServiceHours({ start: '07:00:00', end: '17:00:00', days: [1, 2, 3, 4, 5, 6] }),
    ).toBe('Senin–Sabtu, 07.00–17.00 WIB');
    expect(describeServiceHours({ start: null, end: null, days: [1, 2, 3, 4, 5, 6, 7] })).toBe(
      'Setiap hari, 24 jam',
    );
    expect(describeServiceHours({ start: '08:00', end: '12:00', days: [1, 3] })).toBe(
      'Senin, Rabu, 08.00–12.00 WIB',
    );
  });
});
