import type { Deps } from '../deps.js';
import { renderStatementPdf } from './statement-pdf.js';
import {
  residentAccessStatement,
  type StatementOfficer,
  type StatementRequest,
} from './statement.js';

export interface StatementFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/**
 * The statement as a file to hand over: the PDF letter, or its JSON export (the proofs, for
 * `gerbang audit verify-statement`). Each is made afresh against the latest checkpoint and
 * recorded as a printout (RIWAYAT_AKSES_DICETAK).
 */
export async function statementFile(
  deps: Deps,
  officer: StatementOfficer,
  input: StatementRequest,
  format: 'PDF' | 'JSON',
): Promise<StatementFile> {
  const { statement } = await residentAccessStatement(deps, officer, input, format);
  const base = `riwayat-akses-${statement.requestNumber.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
  if (format === 'JSON') {
    return {
      fileName: `${base}.json`,
      contentType: 'application/json; charset=utf-8',
      body: Buffer.from(`${JSON.stringify(statement, null, 2)}\n`),
    };
  }
  return {
    fileName: `${base}.pdf`,
    contentType: 'application/pdf',
    body: await renderStatementPdf({ statement, identityCheck: input.identityCheck.trim() }),
  };
}
