import type { Actor } from '../../domain/actor.js';
import { REASON_MIN } from '../../domain/evaluation.js';
import { can, type Permission } from '../../domain/permissions.js';
import type { FieldError } from '../../domain/refusals.js';
import { findEvaluation, type EvaluationRow } from '../../store/evaluations.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';

/*
 * Who may act on Dukcapil's evaluations (issue 10 item 3), how a use case loads one, and how
 * it refuses a form's fields.
 */

export type Evaluator = Pick<Actor, 'id' | 'role'>;

export function requirePermission(actor: Pick<Actor, 'role'>, permission: Permission): void {
  // Evaluations are Dukcapil's: to anyone else they do not exist.
  if (!can(actor.role, 'evaluation.view'))
    throw new Refusal('TIDAK_ADA', 'Halaman tidak ditemukan');
  if (!can(actor.role, permission)) throw new Refusal('TIDAK_BERWENANG');
}

export function invalid(fields: readonly FieldError[]): Refusal {
  return new Refusal('PERMINTAAN_TIDAK_VALID', fields.map((f) => f.message).join('; '), {
    fields,
  });
}

export async function loadEvaluation(deps: Pick<Deps, 'db'>, id: number): Promise<EvaluationRow> {
  const row = Number.isSafeInteger(id) ? await findEvaluation(deps.db, id) : undefined;
  if (!row) throw new Refusal('TIDAK_DITEMUKAN', 'Evaluasi tidak ditemukan');
  return row;
}

export function requiredNote(note: string, field: string, label: string): string {
  const text = note.trim();
  if (text.length < REASON_MIN || text.length > 1000) {
    throw invalid([{ field, message: `${label} wajib diisi (5–1000 karakter)` }]);
  }
  return text;
}
