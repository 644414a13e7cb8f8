import { ELEMENTS, isElement, type Element } from './elements.js';
import type { QuotaStage } from './quota.js';

export const ACCESS_METHODS = ['PORTAL', 'API', 'CARD_READER'] as const;
export type AccessMethod = (typeof ACCESS_METHODS)[number];

export interface AgreementTerms {
  readonly nomorDukcapil: string;
  readonly nomorInstansi: string;
  readonly nomorJuknis: string | null;
  /** YYYY-MM-DD */
  readonly signedOn: string;
  readonly endsOn: string;
  readonly purpose: string;
  readonly grantedElements: readonly Element[];
  readonly accessMethods: readonly AccessMethod[];
  /** IPv4/IPv6 addresses or networks in CIDR notation. */
  readonly accessPoints: readonly string[];
  readonly quotaStage: QuotaStage;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const IPV4 =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/([12]?\d|3[0-2]))?$/;
const IPV6 = /^[0-9a-fA-F:]{2,39}(\/(\d{1,2}|1[01]\d|12[0-8]))?$/;

export function isAccessPoint(value: string): boolean {
  return IPV4.test(value) || (value.includes(':') && IPV6.test(value));
}

/** Every problem with an agreement's terms, in Bahasa Indonesia; empty when they are sound. */
export function agreementProblems(terms: {
  signedOn: string;
  endsOn: string;
  grantedElements: readonly string[];
  accessMethods: readonly string[];
  accessPoints: readonly string[];
}): string[] {
  const problems: string[] = [];
  if (!isRealDate(terms.signedOn))
    problems.push('Tanggal penandatanganan harus tanggal YYYY-MM-DD');
  if (!isRealDate(terms.endsOn)) problems.push('Tanggal berakhir harus tanggal YYYY-MM-DD');
  if (isRealDate(terms.signedOn) && isRealDate(terms.endsOn) && terms.endsOn <= terms.signedOn) {
    problems.push('Tanggal berakhir harus sesudah tanggal penandatanganan');
  }
  const unknown = terms.grantedElements.filter((element) => !isElement(element));
  if (unknown.length > 0) {
    problems.push(
      `Elemen data tidak dikenal: ${unknown.join(', ')} (yang sah: ${ELEMENTS.join(', ')})`,
    );
  }
  if (terms.grantedElements.length === 0)
    problems.push('Sekurang-kurangnya satu elemen data diberikan');
  if (new Set(terms.grantedElements).size !== terms.grantedElements.length) {
    problems.push('Elemen data tidak boleh berulang');
  }
  const methods = terms.accessMethods.filter(
    (method) => !(ACCESS_METHODS as readonly string[]).includes(method),
  );
  if (methods.length > 0) problems.push(`Metode akses tidak dikenal: ${methods.join(', ')}`);
  if (terms.accessMethods.length === 0) problems.push('Sekurang-kurangnya satu metode akses');
  const badPoints = terms.accessPoints.filter((point) => !isAccessPoint(point));
  if (badPoints.length > 0)
    problems.push(`Alamat IP titik akses tidak sah: ${badPoints.join(', ')}`);
  if (terms.accessPoints.length === 0)
    problems.push('Sekurang-kurangnya satu alamat IP titik akses');
  return problems;
}
