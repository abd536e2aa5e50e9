import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, writeZip } from './zip';

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'import zipfile'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('crc32', () => {
  it('matches the standard check value and known vectors', () => {
    const enc = new TextEncoder();
    // The CRC-32 check value of "123456789" (IEEE 802.3) is 0xCBF43926.
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(enc.encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });
});

describe('writeZip', () => {
  const enc = new TextEncoder();
  const entries = [
    { name: 'folder/index.json', bytes: enc.encode('{"n_latents": 3}') },
    { name: 'folder/empty.bin', bytes: new Uint8Array(0) },
    {
      name: 'folder/latent_00002.feather',
      bytes: Uint8Array.from({ length: 70_001 }, (_, i) => (i * 31) & 0xff),
    },
    { name: 'folder/ünïcode ✓.txt', bytes: enc.encode('text') },
  ];

  // Without python the layout is still checked by hand in the next test.
  it.skipIf(!hasPython())(
    'is read back by python’s zipfile with the same names, bytes and checksums',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'zip-'));
      const path = join(dir, 'a.zip');
      writeFileSync(path, writeZip(entries));
      const script = [
        'import zipfile, sys, json, hashlib',
        'z = zipfile.ZipFile(sys.argv[1])',
        'assert z.testzip() is None',
        'print(json.dumps([[i.filename, i.compress_type, i.file_size, hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()]))',
      ].join('\n');
      const out = JSON.parse(execFileSync('python3', ['-c', script, path]).toString()) as [
        string,
        number,
        number,
        string,
      ][];
      expect(out.map((r) => r[0])).toEqual(entries.map((e) => e.name));
      expect(out.every((r) => r[1] === 0)).toBe(true);
      expect(out.map((r) => r[2])).toEqual(entries.map((e) => e.bytes.length));
      const sha = (b: Uint8Array) =>
        execFileSync(
          'python3',
          ['-c', 'import sys,hashlib;print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'],
          {
            input: b,
          },
        )
          .toString()
          .trim();
      expect(out.map((r) => r[3])).toEqual(entries.map((e) => sha(e.bytes)));
    },
  );

  it('writes the stored layout: local header, data, central directory, end record', () => {
    const one = writeZip([{ name: 'a.txt', bytes: enc.encode('hi') }]);
    const v = new DataView(one.buffer);
    expect(v.getUint32(0, true)).toBe(0x04034b50);
    expect(v.getUint16(8, true)).toBe(0); // stored
    expect(v.getUint32(14, true)).toBe(crc32(enc.encode('hi')));
    expect(v.getUint32(18, true)).toBe(2);
    expect(new TextDecoder().decode(one.subarray(30, 35))).toBe('a.txt');
    expect(new TextDecoder().decode(one.subarray(35, 37))).toBe('hi');
    expect(v.getUint32(37, true)).toBe(0x02014b50);
    const end = one.length - 22;
    expect(v.getUint32(end, true)).toBe(0x06054b50);
    expect(v.getUint16(end + 10, true)).toBe(1);
    expect(v.getUint32(end + 16, true)).toBe(37);
    expect(v.getUint32(end + 12, true)).toBe(46 + 5);
  });

  it('refuses repeated or empty names', () => {
    expect(() =>
      writeZip([
        { name: 'a', bytes: new Uint8Array(0) },
        { name: 'a', bytes: new Uint8Array(0) },
      ]),
    ).toThrow(RangeError);
    expect(() => writeZip([{ name: '', bytes: new Uint8Array(0) }])).toThrow(RangeError);
  });
});
