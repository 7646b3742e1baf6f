import type { Scalar } from 'yaml';

/**
 * A YAML scalar's decoded text plus, for every index of it, the offset in the file of the
 * character that produced it. `offsets[text.length]` is where the scalar's content ends, so a
 * range [i, j) of the decoded text maps to [offsets[i], offsets[j]) in the file.
 */
export interface ScalarSourceMap {
  readonly text: string;
  readonly offsets: Int32Array;
  /** False when our decoding disagreed with the YAML parser (every offset then points at the scalar). */
  readonly exact: boolean;
}

type Style = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/** Each scalar's map, by node and the text it was decoded from: reading a NAD and checking it decode its config once. */
const decoded = new WeakMap<Scalar, { readonly fileText: string; readonly map: ScalarSourceMap | undefined }>();

/** Decodes a scalar from the file text and maps each decoded character back to its offset (shared: do not modify). */
export function mapScalarSource(fileText: string, node: Scalar): ScalarSourceMap | undefined {
  const known = decoded.get(node);
  if (known && known.fileText === fileText) return known.map;
  const map = decodeScalar(fileText, node);
  decoded.set(node, { fileText, map });
  return map;
}

function decodeScalar(fileText: string, node: Scalar): ScalarSourceMap | undefined {
  if (typeof node.value !== 'string' || !node.range) return undefined;
  const [start, end] = node.range;
  // A node parsed from another text (readManifestSet's lenient re-indent is longer) must not be
  // decoded against this one (hardening: a server prefix threw "text is not iterable").
  if (end > fileText.length) return inexact(node.value, Math.min(start, fileText.length));
  const style = (node.type ?? 'PLAIN') as Style;
  const builder = new MapBuilder();
  if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') {
    const source = (node.srcToken as { source?: string; indent?: number } | undefined) ?? {};
    decodeBlock(fileText, start, end, end - (source.source?.length ?? 0), source.indent ?? 0, style, builder);
  } else if (style === 'PLAIN') {
    decodeFlow(fileText, start, end, style, builder);
  } else {
    decodeFlow(fileText, start + 1, end - 1, style, builder);
  }
  const decoded = builder.finish(style === 'PLAIN' || style.startsWith('BLOCK') ? end : end - 1);
  if (decoded.text === node.value) return decoded;
  return inexact(node.value, start);
}

/** The text with every offset at `at`, for when our decoding cannot be trusted. */
function inexact(text: string, at: number): ScalarSourceMap {
  return { text, offsets: new Int32Array(text.length + 1).fill(at), exact: false };
}

class MapBuilder {
  private readonly chars: string[] = [];
  private readonly offsets: number[] = [];
  push(text: string, offset: number): void {
    for (const ch of text) {
      // A character outside the BMP is two UTF-16 units; both come from the same place.
      for (let i = 0; i < ch.length; i++) {
        this.chars.push(ch[i]);
        this.offsets.push(offset);
      }
    }
  }
  get length(): number {
    return this.chars.length;
  }
  truncate(length: number): void {
    this.chars.length = length;
    this.offsets.length = length;
  }
  finish(endOffset: number): ScalarSourceMap {
    const offsets = Int32Array.from([...this.offsets, endOffset]);
    return { text: this.chars.join(''), offsets, exact: true };
  }
}

function isBreak(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r';
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** Index just past the line break at `i` (`\r\n` counts as one break). */
function afterBreak(text: string, i: number): number {
  return text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
}

/**
 * Plain, single- and double-quoted scalars (YAML 1.2 §7.3): a single line break folds to a
 * space, each further empty line becomes "\n", white space around breaks is dropped, `''` is a
 * quote, and double quotes add escapes and escaped line breaks.
 */
function decodeFlow(text: string, from: number, to: number, style: Style, out: MapBuilder): void {
  let i = from;
  let contentEnd = 0; // builder length after the last character that is not unescaped white space
  while (i < to) {
    const ch = text[i];
    if (isBreak(ch)) {
      out.truncate(contentEnd);
      const breakAt = i;
      i = afterBreak(text, i);
      const emptyLineBreaks: number[] = [];
      for (;;) {
        while (i < to && isBlank(text[i])) i++;
        if (i < to && isBreak(text[i])) {
          emptyLineBreaks.push(i);
          i = afterBreak(text, i);
        } else break;
      }
      if (emptyLineBreaks.length === 0) out.push(' ', breakAt);
      else for (const at of emptyLineBreaks) out.push('\n', at);
      contentEnd = out.length;
      continue;
    }
    if (style === 'QUOTE_DOUBLE' && ch === '\\') {
      if (isBreak(text[i + 1])) {
        i = afterBreak(text, i + 1);
        for (;;) {
          while (i < to && isBlank(text[i])) i++;
          if (i < to && isBreak(text[i])) {
            out.push('\n', i);
            i = afterBreak(text, i);
          } else break;
        }
      } else {
        const [decoded, length] = decodeEscape(text, i);
        out.push(decoded, i);
        i += length;
      }
      contentEnd = out.length;
      continue;
    }
    if (style === 'QUOTE_SINGLE' && ch === "'" && text[i + 1] === "'") {
      out.push("'", i);
      i += 2;
      contentEnd = out.length;
      continue;
    }
    out.push(ch, i);
    if (!isBlank(ch)) contentEnd = out.length;
    i++;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

const HEX_ESCAPE_LENGTHS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** The character a double-quoted escape at `i` stands for, and how many source characters it spans. */
function decodeEscape(text: string, i: number): [string, number] {
  const kind = text[i + 1];
  if (kind in SIMPLE_ESCAPES) return [SIMPLE_ESCAPES[kind], 2];
  const hexLength = HEX_ESCAPE_LENGTHS[kind];
  if (hexLength) {
    const hex = text.slice(i + 2, i + 2 + hexLength);
    const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === hexLength ? parseInt(hex, 16) : NaN;
    if (!Number.isNaN(code) && code <= 0x10ffff) return [String.fromCodePoint(code), 2 + hexLength];
  }
  // The parser reports invalid escapes; keep the text as written so offsets stay sensible.
  return [text.slice(i, i + 2), 2];
}

interface BlockLine {
  /** Offset of the first content character after the indentation. */
  readonly contentStart: number;
  /** Offset of the line break ending this line, or the end of the scalar. */
  readonly breakAt: number;
  readonly hasBreak: boolean;
  readonly empty: boolean;
}

/**
 * Literal `|` and folded `>` scalars (YAML 1.2 §8.1): the header's indentation and chomping
 * indicators, indentation removal, folding of lines that do not start with white space, and
 * clip / strip / keep of the final line breaks.
 */
function decodeBlock(
  text: string,
  headerAt: number,
  end: number,
  contentAt: number,
  parentIndent: number,
  style: Style,
  out: MapBuilder,
): void {
  const header =
    /^[|>]([1-9+-]?)([1-9+-]?)/
      .exec(text.slice(headerAt, headerAt + 3))
      ?.slice(1)
      .join('') ?? '';
  const chomping = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const explicit = /[1-9]/.exec(header)?.[0];
  const lines = splitBlockLines(text, contentAt, end);
  const indent = explicit ? Math.max(parentIndent, 0) + Number(explicit) : detectIndent(text, lines);
  const rows = lines.map((line) => toBlockLine(text, line, indent));
  let last = rows.length - 1;
  while (last >= 0 && rows[last].empty) last--;
  let first = 0;
  for (; first <= last && rows[first].empty; first++) out.push('\n', rows[first].breakAt);
  for (let r = first; r <= last; r++) {
    pushLineContent(text, rows[r], out);
    if (r === last) break;
    let next = r + 1;
    while (rows[next].empty) next++;
    const folds = style === 'BLOCK_FOLDED' && !startsSpaced(text, rows[r]) && !startsSpaced(text, rows[next]);
    if (folds && next === r + 1) out.push(' ', rows[r].breakAt);
    else {
      if (!folds) out.push('\n', rows[r].breakAt);
      for (let e = r + 1; e < next; e++) out.push('\n', rows[e].breakAt);
    }
    r = next - 1;
  }
  if (chomping === 'strip') return;
  const tail = last >= 0 ? rows.slice(last) : rows;
  const breaks = tail.filter((row) => row.hasBreak);
  if (chomping === 'clip') {
    if (last >= 0 && breaks.length > 0) out.push('\n', breaks[0].breakAt);
  } else for (const row of breaks) out.push('\n', row.breakAt);
}

function splitBlockLines(text: string, from: number, to: number): Array<[number, number, boolean]> {
  const lines: Array<[number, number, boolean]> = [];
  let i = from;
  while (i < to) {
    let j = i;
    while (j < to && !isBreak(text[j])) j++;
    lines.push([i, j, j < to]);
    i = j < to ? afterBreak(text, j) : to;
  }
  return lines;
}

function detectIndent(text: string, lines: Array<[number, number, boolean]>): number {
  for (const [start, stop] of lines) {
    let i = start;
    while (i < stop && text[i] === ' ') i++;
    if (i < stop) return i - start;
  }
  return 0;
}

function toBlockLine(text: string, [start, stop, hasBreak]: [number, number, boolean], indent: number): BlockLine {
  let i = start;
  while (i < stop && i - start < indent && text[i] === ' ') i++;
  const onlySpaces = /^ *$/.test(text.slice(start, stop));
  return { contentStart: i, breakAt: stop, hasBreak, empty: onlySpaces && stop - start <= indent };
}

function pushLineContent(text: string, line: BlockLine, out: MapBuilder): void {
  for (let i = line.contentStart; i < line.breakAt; i++) out.push(text[i], i);
}

function startsSpaced(text: string, line: BlockLine): boolean {
  return isBlank(text[line.contentStart]);
}
