// The only owner of what JSON.parse forgets about a safetensors header: keys written twice (it
// silently keeps the last) and the exact text of the numbers in `shape` and `data_offsets` (it
// rounds integers past 2^53, so 2^63 would read 9223372036854776000). A single linear scan over
// header text that JSON.parse has already accepted; consumed by core/safetensors only.

/** The raw text of one tensor entry's integer lists, as written in the header. */
export interface RawEntryNumbers {
  shape?: string[];
  data_offsets?: string[];
}

export interface HeaderScan {
  /** The first top-level key written more than once, or null. */
  duplicateKey: string | null;
  /** The first (tensor, field) where a tensor entry names a field more than once, or null. */
  duplicateField: { tensor: string; field: string } | null;
  /** Per top-level key (the last entry of that name): the raw number texts of its lists. */
  numbers: Map<string, RawEntryNumbers>;
}

const QUOTE = 34; // "
const BACKSLASH = 92;

/** Index of the quote closing the string that opens at `start` (valid JSON assumed). */
function stringEnd(text: string, start: number): number {
  let q = start;
  for (;;) {
    q = text.indexOf('"', q + 1);
    if (q < 0) return text.length;
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q;
  }
}

/** Digits, sign, decimal point and exponent: what a JSON number is made of. */
function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69;
}

function stringValue(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
}

/**
 * Scans header text that is valid JSON with an object at the top. Linear in the text's length;
 * decodes only keys at the top two levels.
 */
export function scanHeader(text: string): HeaderScan {
  const scan: HeaderScan = { duplicateKey: null, duplicateField: null, numbers: new Map() };
  const topKeys = new Set<string>();
  let entryFields = new Set<string>();
  // Containers from the top: '{' or '['. Depth 1 = inside the header object.
  const stack: number[] = [];
  let tensor = '';
  let field = '';
  let list: string[] | null = null;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      // A string followed by ':' is a key.
      let j = end + 1;
      while (j < n && /\s/.test(text[j] ?? '')) j++;
      if (text.charCodeAt(j) === 58 /* : */) {
        const depth = stack.length;
        if (depth === 1) {
          tensor = stringValue(text, i, end);
          if (topKeys.has(tensor)) scan.duplicateKey ??= tensor;
          topKeys.add(tensor);
          entryFields = new Set();
          scan.numbers.set(tensor, {});
        } else if (depth === 2 && stack[1] === 123) {
          field = stringValue(text, i, end);
          if (entryFields.has(field)) scan.duplicateField ??= { tensor, field };
          entryFields.add(field);
        }
      }
      i = end;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      stack.push(c);
      if (c === 91 && stack.length === 3 && (field === 'shape' || field === 'data_offsets')) {
        list = [];
        const entry = scan.numbers.get(tensor);
        if (entry) entry[field] = list;
      }
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      if (stack.length === 3) list = null;
      if (stack.length === 2) field = '';
      stack.pop();
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      if (list && stack.length === 3) list.push(text.slice(i, j));
      i = j - 1;
    }
  }
  return scan;
}
