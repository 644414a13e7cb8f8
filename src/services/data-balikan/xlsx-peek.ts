import zlib from 'node:zlib';

/**
 * A look into an XLSX file (a zip archive) without reading it whole: whether it is an Excel
 * workbook at all, so that a wrong file is refused while the user waits for the upload's
 * answer rather than later, and how many rows its first worksheet declares, so that the
 * progress of a large file can say "row X of Y". Zip64 archives (over 4 GB) are out of
 * scope: uploads are far smaller.
 */

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The old binary Excel format (.xls), an OLE2 compound file. */
export const OLE2_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** The archive's directory, or null when the bytes are not a readable zip archive. */
export function zipEntries(bytes: Buffer): ZipEntry[] | null {
  if (bytes.length < 22) return null;
  // The end-of-directory record is last, followed only by a comment of up to 65,535 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    entries.push({
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Up to `maxCompressed` bytes of an entry, inflated as far as they go; null when unreadable. */
function entryPrefix(bytes: Buffer, entry: ZipEntry, maxCompressed: number): string | null {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL) return null;
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const data = bytes.subarray(start, start + Math.min(entry.compressedSize, maxCompressed));
  try {
    if (entry.method === 0) return data.toString('utf8');
    if (entry.method !== 8) return null;
    // A partial deflate stream: flush what it yields instead of failing at its cut end.
    return zlib
      .inflateRawSync(data, {
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
        maxOutputLength: 4 * 1024 * 1024,
      })
      .toString('utf8');
  } catch {
    return null;
  }
}

export interface WorkbookPeek {
  /** The first worksheet's last row as its <dimension> declares it, when it does. */
  readonly lastRow: number | null;
  /** The size of all entries once extracted, as the archive declares it. */
  readonly expandedBytes: number;
}

/**
 * Whether the bytes are an Excel workbook (a zip archive holding xl/workbook.xml): null when
 * they are not; otherwise what its first worksheet declares.
 */
export function peekWorkbook(bytes: Buffer): WorkbookPeek | null {
  if (!bytes.subarray(0, 4).equals(ZIP_SIGNATURE)) return null;
  const entries = zipEntries(bytes);
  const workbook = entries?.find((e) => e.name === 'xl/workbook.xml');
  if (!entries || !workbook) return null;
  return {
    lastRow: firstSheetLastRow(bytes, entries, workbook),
    expandedBytes: entries.reduce((sum, e) => sum + e.uncompressedSize, 0),
  };
}

function firstSheetLastRow(bytes: Buffer, entries: ZipEntry[], workbook: ZipEntry): number | null {
  const book = entryPrefix(bytes, workbook, 256 * 1024);
  const relsEntry = entries.find((e) => e.name === 'xl/_rels/workbook.xml.rels');
  const rels = relsEntry ? entryPrefix(bytes, relsEntry, 256 * 1024) : null;
  const sheetTag = book ? /<(?:\w+:)?sheet\b[^>]*>/.exec(book)?.[0] : undefined;
  const relId = sheetTag ? /\br:id="([^"]+)"/.exec(sheetTag)?.[1] : undefined;
  if (!rels || !relId) return null;
  const relTag = [...rels.matchAll(/<Relationship\b[^>]*>/g)]
    .map((m) => m[0])
    .find((tag) => tag.includes(`Id="${relId}"`));
  const target = relTag ? /\bTarget="([^"]+)"/.exec(relTag)?.[1] : undefined;
  if (!target) return null;
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheet = entries.find((e) => e.name === path);
  // The dimension comes before the cells: the first compressed bytes hold it.
  const head = sheet ? entryPrefix(bytes, sheet, 32 * 1024) : null;
  const ref = head ? /<(?:\w+:)?dimension\s+ref="([A-Z]+\d+:)?[A-Z]+(\d+)"/.exec(head) : null;
  return ref ? Number(ref[2]) : null;
}
