import {
  askedElements,
  DEFAULT_THRESHOLD,
  verifyElements,
  type ElementVerdict,
  type VerifiableElement,
} from '../../domain/matching/verification.js';
import { Refusal } from '../errors.js';
import type { Deps } from '../deps.js';
import { findResident, type LookupInput, type LookupOutcome } from './lookup-resident.js';

export interface VerifyInput extends LookupInput {
  /** What the applicant wrote, per element; empty ones are not asked. */
  readonly elements: Partial<Record<VerifiableElement, string>>;
  /** Percent a scored element must reach to be `Sesuai` (default 80). */
  readonly threshold?: number | undefined;
  /** More for the audit row's detail (a compatible client's marks), beside the elements asked. */
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface VerifyOutcome extends Omit<LookupOutcome, 'data'> {
  /** With DITEMUKAN only: the verdict per element asked; nothing of the register. */
  readonly verdicts?: Partial<Record<VerifiableElement, ElementVerdict>>;
}

/**
 * Verification without disclosure (issue 11): whether what an applicant wrote matches the
 * register, per element, without handing any of the register over. It is a lookup in every
 * other way — the same statement checks the caller, counts the hit on the quota, writes the
 * audit row and feeds the input-pattern policy — and its audit row says which elements were
 * asked (`detail.verifikasi`), never the values asked, which are the applicant's data.
 */
export async function verifyResident(deps: Deps, input: VerifyInput): Promise<VerifyOutcome> {
  const asked = askedElements(input.elements);
  if (asked.length === 0) {
    throw new Refusal(
      'PERMINTAAN_TIDAK_VALID',
      'Sebutkan sedikitnya satu elemen untuk diverifikasi',
      {
        fields: [
          { field: 'elemen', message: 'Isi sedikitnya satu elemen data untuk diverifikasi' },
        ],
      },
    );
  }
  const threshold = input.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 100) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', 'Ambang harus bilangan bulat 1–100', {
      fields: [{ field: 'ambang', message: 'Ambang harus bilangan bulat 1–100 (persen)' }],
    });
  }
  const found = await findResident(deps, input, { ...input.detail, verifikasi: asked });
  if (!found.resident || !found.place) return found.outcome;
  const verdicts = verifyElements(
    input.elements,
    found.resident,
    found.place,
    found.granted,
    threshold,
  );
  return { ...found.outcome, verdicts };
}
