import { ELEMENTS, isElement } from '../../domain/elements.js';
import { normalSamNumber } from '../../domain/card-reader-state.js';
import type { Deps } from '../deps.js';
import { Refusal } from '../errors.js';
import { lookupResident, type LookupOutcome } from '../lookup/lookup-resident.js';

/**
 * A read by a KTP-el card reader client (the interface of issue 12; the reading of a real
 * card needs the ministry's hardware and is outside the tests). It is a lookup on its own
 * channel, through the one lookup statement: the reader's credential, its state and SAM, the
 * operator at it, the agreement in force (granting the card-reader method), the access point,
 * the quota, the audit row and the return data it owes are decided there at once. When the
 * agency asks to keep some of the data read, a consent of the resident covering those
 * elements must be on record, or the read is refused (PERSETUJUAN_DIPERLUKAN).
 */
export interface CardReadInput {
  /** The reader's own secret (issued once by the agency head). */
  readonly credential: string;
  readonly samNumber: string;
  readonly nik: string;
  /** The user ID of the officer at the reader (an operator or head of the reader's agency). */
  readonly operatorUserId: string;
  readonly purpose: string;
  /** The elements the agency wants to keep of what was read; empty: keep nothing. */
  readonly keep?: readonly string[] | undefined;
  readonly clientIp: string;
}

export async function readCard(deps: Deps, input: CardReadInput): Promise<LookupOutcome> {
  const keep = [...new Set(input.keep ?? [])];
  const unknown = keep.filter((element) => !isElement(element));
  if (unknown.length > 0) {
    throw new Refusal('PERMINTAAN_TIDAK_VALID', undefined, {
      fields: [
        {
          field: 'keep',
          message: `Elemen yang disimpan tidak dikenal: ${unknown.join(', ')} (pilihan: ${ELEMENTS.join(', ')})`,
        },
      ],
    });
  }
  return lookupResident(deps, {
    token: input.credential,
    channel: 'CARD_READER',
    nik: input.nik,
    purpose: input.purpose,
    clientIp: input.clientIp,
    cardReader: {
      samNumber: normalSamNumber(input.samNumber),
      operatorUserId: input.operatorUserId.trim(),
      keep,
    },
  });
}
