// The only owner of the ZIP archive writer: an uncompressed ("stored", method 0) archive with
// CRC-32 checksums, so a folder of exported files downloads as one file without a compression
// dependency (the explorer export; its Arrow and JSON files gain little from deflate next to the
// cost of a codec). Pure; PKWARE APPNOTE 6.3 §4.3: local headers, data, central directory, end
// record. Sizes past 4 GiB and more than 65,535 entries (ZIP64) are refused.

/** One file of an archive: its path inside the archive (`/` separated) and its bytes. */
export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) of `bytes`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    c = (CRC_TABLE[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Largest size or offset a plain (non-ZIP64) archive records. */
const MAX_U32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;
/** MS-DOS date of 1980-01-01 00:00 (the format's epoch): entries carry no real time, so the
 * same files give the same archive byte for byte. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
/** General-purpose flag bit 11: names are UTF-8. */
const UTF8_FLAG = 0x0800;

/**
 * An uncompressed ZIP archive of `entries`, in order. Throws RangeError for an empty or
 * duplicated name, more than 65,535 entries, or an archive past 4 GiB.
 */
export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  if (entries.length > MAX_ENTRIES) {
    throw new RangeError(
      `a ZIP archive holds at most ${MAX_ENTRIES} entries, not ${entries.length}`,
    );
  }
  const encoder = new TextEncoder();
  const seen = new Set<string>();
  const names = entries.map((e) => {
    if (!e.name || e.name.startsWith('/') || seen.has(e.name)) {
      throw new RangeError(`bad or repeated archive entry name "${e.name}"`);
    }
    seen.add(e.name);
    return encoder.encode(e.name);
  });
  const crcs = entries.map((e) => crc32(e.bytes));
  let localBytes = 0;
  let centralBytes = 0;
  entries.forEach((e, i) => {
    localBytes += 30 + (names[i]?.length ?? 0) + e.bytes.length;
    centralBytes += 46 + (names[i]?.length ?? 0);
  });
  const total = localBytes + centralBytes + 22;
  if (localBytes > MAX_U32 || total > MAX_U32) {
    throw new RangeError('the archive would pass 4 GiB, which a plain ZIP cannot record');
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  entries.forEach((e, i) => {
    const name = names[i] ?? new Uint8Array(0);
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 10, true); // version needed: 1.0 (stored)
    view.setUint16(at + 6, UTF8_FLAG, true);
    view.setUint16(at + 8, 0, true); // method: stored
    view.setUint16(at + 10, DOS_TIME, true);
    view.setUint16(at + 12, DOS_DATE, true);
    view.setUint32(at + 14, crcs[i] ?? 0, true);
    view.setUint32(at + 18, e.bytes.length, true);
    view.setUint32(at + 22, e.bytes.length, true);
    view.setUint16(at + 26, name.length, true);
    view.setUint16(at + 28, 0, true);
    out.set(name, at + 30);
    out.set(e.bytes, at + 30 + name.length);
    at += 30 + name.length + e.bytes.length;
  });
  const central = at;
  entries.forEach((e, i) => {
    const name = names[i] ?? new Uint8Array(0);
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true); // made by: 2.0
    view.setUint16(at + 6, 10, true);
    view.setUint16(at + 8, UTF8_FLAG, true);
    view.setUint16(at + 10, 0, true);
    view.setUint16(at + 12, DOS_TIME, true);
    view.setUint16(at + 14, DOS_DATE, true);
    view.setUint32(at + 16, crcs[i] ?? 0, true);
    view.setUint32(at + 20, e.bytes.length, true);
    view.setUint32(at + 24, e.bytes.length, true);
    view.setUint16(at + 28, name.length, true);
    // extra, comment, disk, internal attributes: 0; external attributes 0; then the offset
    view.setUint32(at + 42, offsets[i] ?? 0, true);
    out.set(name, at + 46);
    at += 46 + name.length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, entries.length, true);
  view.setUint16(at + 10, entries.length, true);
  view.setUint32(at + 12, at - central, true);
  view.setUint32(at + 16, central, true);
  return out;
}
