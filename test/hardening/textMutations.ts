import fc from 'fast-check';

/** One edit a user (or a bad merge) makes to a manifest, applied at positions scaled to the text. */
export type Mutation =
  | { kind: 'delete-chars'; at: number; length: number }
  | { kind: 'duplicate-chars'; at: number; length: number }
  | { kind: 'swap-chars'; at: number; other: number }
  | { kind: 'insert-char'; at: number; char: string }
  | { kind: 'delete-line'; line: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'swap-lines'; line: number; other: number }
  | { kind: 'indent-line'; line: number; delta: number }
  | { kind: 'swap-quotes'; at: number }
  | { kind: 'tab-indent'; line: number };

/** Positions are fractions of the text (0..1), so one mutation list fits any file. */
const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

/** Characters that matter to YAML and JSON structure, plus a few that should not. */
const structuralChar = fc.constantFrom(
  ...[':', '-', '{', '}', '[', ']', ',', '"', "'", '|', '>', '&', '*', '!', '#', '\\', '\n', '\r', '\t', ' '],
  ...['\u00a0', '\ufeff', '\u2028', '\ud83d', 'é', '\0'],
);

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete-chars' as const), at: fraction, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate-chars' as const), at: fraction, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('swap-chars' as const), at: fraction, other: fraction }),
  fc.record({ kind: fc.constant('insert-char' as const), at: fraction, char: structuralChar }),
  fc.record({ kind: fc.constant('delete-line' as const), line: fraction }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fraction }),
  fc.record({ kind: fc.constant('swap-lines' as const), line: fraction, other: fraction }),
  fc.record({ kind: fc.constant('indent-line' as const), line: fraction, delta: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('swap-quotes' as const), at: fraction }),
  fc.record({ kind: fc.constant('tab-indent' as const), line: fraction }),
) as fc.Arbitrary<Mutation>;

const scale = (f: number, n: number): number => Math.min(Math.floor(f * n), Math.max(n - 1, 0));

/** Applies one mutation; a text it cannot apply to comes back unchanged. */
export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.kind) {
    case 'delete-chars': {
      const at = scale(m.at, text.length);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'duplicate-chars': {
      const at = scale(m.at, text.length);
      return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    }
    case 'swap-chars': {
      const [a, b] = [scale(m.at, text.length), scale(m.other, text.length)].sort((x, y) => x - y);
      if (a === b) return text;
      return text.slice(0, a) + text[b] + text.slice(a + 1, b) + text[a] + text.slice(b + 1);
    }
    case 'insert-char': {
      const at = scale(m.at, text.length + 1);
      return text.slice(0, at) + m.char + text.slice(at);
    }
    case 'delete-line':
      lines.splice(scale(m.line, lines.length), 1);
      return lines.join('\n');
    case 'duplicate-line': {
      const at = scale(m.line, lines.length);
      lines.splice(at, 0, lines[at]);
      return lines.join('\n');
    }
    case 'swap-lines': {
      const a = scale(m.line, lines.length);
      const b = scale(m.other, lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'indent-line': {
      const at = scale(m.line, lines.length);
      lines[at] =
        m.delta > 0 ? ' '.repeat(m.delta) + lines[at] : lines[at].replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return lines.join('\n');
    }
    case 'swap-quotes':
      return swapQuoteStyle(text, scale(m.at, text.length));
    case 'tab-indent': {
      const at = scale(m.line, lines.length);
      lines[at] = lines[at].replace(/^( {2})/, '\t');
      return lines.join('\n');
    }
  }
}

/** Turns the next quote at or after `at` into the other kind (' <-> "), as a user switching styles would. */
function swapQuoteStyle(text: string, at: number): string {
  const match = /['"]/.exec(text.slice(at));
  if (!match) return text;
  const i = at + match.index;
  return text.slice(0, i) + (text[i] === '"' ? "'" : '"') + text.slice(i + 1);
}
