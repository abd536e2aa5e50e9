// The manifold-CSV reader against the layouts pandas writes (index column, quoted tokens with
// commas, quotes, newlines and arrows) and against bad files, which must name the line.
import { describe, expect, it } from 'vitest';
import { BaeFileError } from './errors';
import { parseManifoldCsv, splitTokenCell } from './manifoldCsv';
import { pointsCsv } from './csvExport';

function errorOf(text: string): BaeFileError {
  try {
    parseManifoldCsv(text, 'm.csv');
  } catch (err) {
    if (err instanceof BaeFileError) return err;
    throw err;
  }
  throw new Error('expected a BaeFileError');
}

describe('parseManifoldCsv', () => {
  it('reads the reference layout with a pandas index column', () => {
    const csv = [
      ',x,y,z,value,token',
      '0,0.5,-0.25,1e-3,2.5, the -> cat',
      '1,-1,0,0,-0.75,"a, b -> c"',
      '2,0,1,0,0,"say ""hi"" -> !"',
      '3,1,1,1,1,-> -> x',
    ].join('\n');
    const m = parseManifoldCsv(csv, 'm.csv');
    expect(m.n).toBe(4);
    expect(Array.from(m.xyz)).toEqual(
      Array.from(Float32Array.from([0.5, -0.25, 1e-3, -1, 0, 0, 0, 1, 0, 1, 1, 1])),
    );
    expect(Array.from(m.value)).toEqual([2.5, -0.75, 0, 1]);
    expect(m.token).toEqual([' the -> cat', 'a, b -> c', 'say "hi" -> !', '-> -> x']);
  });

  it('accepts columns in another order, a named index, extra columns and CRLF', () => {
    const m = parseManifoldCsv(
      'Unnamed: 0,token,value,z,y,x,extra\r\n7,"t",3,2,1,0,zz\r\n',
      'm.csv',
    );
    expect(Array.from(m.xyz)).toEqual([0, 1, 2]);
    expect(m.value[0]).toBe(3);
    expect(m.token).toEqual(['t']);
  });

  it('accepts a lone CR inside a token, quoted or not, as pandas reads a quoted one', () => {
    const rows = Array.from({ length: 6 }, (_, i) => `${i},1,2,3,4,t${i}`);
    const m = parseManifoldCsv(
      [',x,y,z,value,token', ...rows, '6,1,2,3,4,"a\rb -> c"', '7,1,2,3,4,d\re -> f'].join('\n') +
        '\n',
      'm.csv',
    );
    expect(m.n).toBe(8);
    expect(m.token.slice(6)).toEqual(['a\rb -> c', 'd\re -> f']);
  });

  it('reads back what the points exporter writes (tokens with markup stay text)', () => {
    const tokens = ['<img src=x onerror=alert(1)>', ' "quoted", comma', 'line\nbreak'];
    const text = pointsCsv({
      count: 3,
      xyz: [0.1, 0.2, 0.3, -1, -2, -3, 4, 5, 6],
      value: [1, -2, 0.5],
      token: (i) => tokens[i] ?? '',
      row: (i) => i * 10,
      context: (i) => `ctx ${i}`,
    });
    const m = parseManifoldCsv(text, 'export.csv');
    expect(m.token).toEqual(tokens);
    expect(Array.from(m.value)).toEqual([1, -2, 0.5]);
    expect(m.xyz[3]).toBe(-1);
  });

  it('names the file, the line and the problem for bad rows', () => {
    const head = ',x,y,z,value,token\n0,1,2,3,4,a\n';
    let e = errorOf(head + '1,1,oops,3,4,b\n');
    expect(e.file).toBe('m.csv');
    expect(e.problem).toMatch(/^line 3: column "y" is "oops", not a finite number/);
    e = errorOf(head + '1,1,2,3,,b\n');
    expect(e.problem).toMatch(/line 3: column "value" is empty/);
    e = errorOf(head + '1,1,2,3,nan,b\n');
    expect(e.problem).toMatch(/line 3: column "value" is "nan"/);
    e = errorOf(head + '1,1,2,3,4,a, b -> c\n');
    expect(e.problem).toMatch(/line 3 has 7 fields, but the header has 6/);
    e = errorOf(head + '1,1,2,3,4,"x"y\n');
    expect(e.problem).toMatch(/line 3: unexpected text after a closing quote/);
    expect(e.message).toMatch(/^m\.csv: /);
  });

  it('rejects an empty file, a header without rows and a wrong header', () => {
    expect(errorOf('').problem).toBe('the file is empty');
    expect(errorOf('\n\n').problem).toBe('the file is empty');
    expect(errorOf(',x,y,z,value,token\n').problem).toBe('the file has a header but no rows');
    const e = errorOf('a,b,c\n1,2,3\n');
    expect(e.problem).toMatch(/line 1: the header is "a,b,c".*missing: x, y, z, value, token/);
    expect(errorOf(',x,y,value,token\n0,1,2,3,t\n').problem).toMatch(/missing: z\)/);
    const wide = errorOf(`${'h'.repeat(1e6)},a\n1,2\n`).problem;
    expect(wide).toBe(
      `line 1: the header is "${'h'.repeat(80)}"… (1,000,002 characters), but a manifold CSV's header is ",x,y,z,value,token" (missing: x, y, z, value, token)`,
    );
    const cell = errorOf(`,x,y,z,value,token\n0,1,${'9'.repeat(1e6)}x,3,4,t\n`).problem;
    expect(cell).toBe(
      `line 2: column "y" is "${'9'.repeat(80)}"… (1,000,001 characters), not a finite number`,
    );
  });
});

describe('splitTokenCell', () => {
  it('splits at the last arrow', () => {
    expect(splitTokenCell(' the -> cat')).toEqual({ current: ' the', predicted: 'cat' });
    expect(splitTokenCell(' -> -> x')).toEqual({ current: ' ->', predicted: 'x' });
    expect(splitTokenCell('word')).toEqual({ current: 'word', predicted: null });
  });
});

describe('committed manifold-CSV fixtures', () => {
  it('parse: 65,536 points, the small one with hostile tokens, the bad one names line 5', async () => {
    const { readFixtureText } = await import('../test/fixtures');
    const big = parseManifoldCsv(readFixtureText('e2e/fixtures/manifold-65k.csv'), 'big.csv');
    expect(big.n).toBe(65536);
    expect(big.token.some((t) => t.includes('\n'))).toBe(true);
    const small = parseManifoldCsv(readFixtureText('e2e/fixtures/manifold-small.csv'), 's.csv');
    expect(small.token).toContain('<img src=x onerror=alert(1)> -> <b>bold</b>');
    expect(small.token).toContain(', -> and');
    expect(small.token).toContain(' " -> quoted');
    expect(() =>
      parseManifoldCsv(readFixtureText('e2e/fixtures/manifold-bad.csv'), 'bad.csv'),
    ).toThrow(/^bad\.csv: line 5: column "y" is "abc", not a finite number/);
  });
});
