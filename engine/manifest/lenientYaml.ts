import { splitDocuments } from './documentSlices';
import { parseManifestDocuments, type ManifestDocument } from './yamlDocuments';

/**
 * Kubernetes reads manifests with go-yaml (sigs.k8s.io/yaml), a libyaml port that does not check
 * how far the continuation lines of a quoted scalar or a flow collection are indented (go.yaml.in/
 * yaml scannerc.go: yaml_parser_scan_flow_scalar, and no indentation in flow context). So a NAD whose single-quoted JSON closes with `}'` at the
 * column of `config:` (or whose JSON lines start at column 0, or with a tab) applies fine,
 * while YAML 1.2 parsers, ours included, reject it. This re-indents such continuation lines,
 * which cannot change the scalar's value (a quoted scalar folds away leading whitespace), and
 * keeps a map back to the original offsets.
 */
export interface LenientText {
  readonly text: string;
  /** Offsets in `text` back to offsets in the original. */
  toOriginal(offset: number): number;
  /** Original offsets of the first re-indented line of each quoted scalar. */
  readonly reindented: readonly number[];
}

interface Insertion {
  readonly at: number; // offset in the padded text where the inserted spaces start
  readonly count: number;
}

export function reindentQuotedScalars(original: string): LenientText | undefined {
  const { text, insertions, reindented } = reindentLines(original);
  if (insertions.length === 0) return undefined;
  return { text, toOriginal: (offset) => toOriginal(insertions, offset), reindented };
}

interface Reindented {
  readonly text: string;
  readonly insertions: readonly Insertion[];
  readonly reindented: readonly number[];
}

function reindentLines(original: string): Reindented {
  const lines = original.split(/(?<=\n)/);
  const out: string[] = [];
  const insertions: Insertion[] = [];
  const reindented: number[] = [];
  let open: (FlowState & { minIndent: number; reported: boolean }) | undefined;
  let blockIndent = -1;
  let originalOffset = 0;
  let paddedOffset = 0;
  for (const line of lines) {
    let text = line;
    const indent = /^ */.exec(line)![0].length;
    const blank = line.trim() === '';
    if (open) {
      if (indent < open.minIndent && !blank) {
        const count = open.minIndent - indent;
        text = ' '.repeat(count) + line;
        insertions.push({ at: paddedOffset, count });
        if (!open.reported) reindented.push(originalOffset);
        open.reported = true;
      }
      if (scanFlow(line, 0, open)) open = undefined;
    } else if (blockIndent >= 0 && (blank || indent > blockIndent)) {
      // inside a block scalar: quotes and brackets are content
    } else {
      blockIndent = -1;
      const start = flowStart(line);
      const state: FlowState = { quote: '', depth: 0 };
      if (start >= 0 && !scanFlow(line, start, state)) open = { ...state, minIndent: indent + 1, reported: false };
      else if (/(^|[:-]\s+)[|>][-+0-9]*\s*(#.*)?$/.test(line.trimEnd())) blockIndent = indent;
    }
    out.push(text);
    originalOffset += line.length;
    paddedOffset += text.length;
  }
  return { text: out.join(''), insertions, reindented };
}

function toOriginal(insertions: readonly Insertion[], offset: number): number {
  let shift = 0;
  for (const { at, count } of insertions) {
    if (offset < at) break;
    if (offset < at + count) return at - shift; // inside inserted spaces: the line start
    shift += count;
  }
  return offset - shift;
}

/** Where a flow value (quoted scalar, flow mapping or sequence) starts: after `key: `, `- `, or the indentation. */
function flowStart(line: string): number {
  const match = /^(\s*(?:-\s+)*(?:[^\s#'"{[][^#'"{[]*?:\s+)?)(['"{[])/.exec(line);
  return match ? match[1].length : -1;
}

interface FlowState {
  quote: string;
  depth: number;
}

/** Scans a line of a flow value; true when the value ends on it. */
function scanFlow(line: string, from: number, state: FlowState): boolean {
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (state.quote === '"') {
      if (ch === '\\') i++;
      else if (ch === '"') state.quote = '';
    } else if (state.quote === "'") {
      if (ch === "'" && line[i + 1] === "'") i++;
      else if (ch === "'") state.quote = '';
    } else if (ch === '"' || ch === "'") state.quote = ch;
    else if (ch === '{' || ch === '[') state.depth++;
    else if (ch === '}' || ch === ']') state.depth--;
    else if (ch === '#' && /\s/.test(line[i - 1] ?? ' ')) break;
    if (state.quote === '' && state.depth <= 0) return true;
  }
  return false;
}

/**
 * The documents of a file whose `---` slices YAML 1.2 rejects only for indentation go-yaml
 * accepts, parsed again from the text with those slices re-indented; undefined when no slice
 * needs it or re-indenting settles none. Each slice is judged on its own, as parseManifestDocuments
 * reads it, so a broken document does not keep its neighbours from being read.
 */
export function parseLeniently(
  text: string,
  documents: readonly ManifestDocument[],
): { documents: ManifestDocument[]; lenient: LenientText } | undefined {
  if (!documents.some(hasSyntaxError)) return undefined;
  const pieces: string[] = [];
  const insertions: Insertion[] = [];
  const reindented: number[] = [];
  let padded = 0;
  for (const slice of splitDocuments(text)) {
    const end = slice.start + slice.text.length;
    const broken = documents.some((d) => d.range[0] >= slice.start && d.range[0] < end && hasSyntaxError(d));
    const fixed = broken ? settlingReindent(slice.text) : undefined;
    if (fixed) {
      insertions.push(...fixed.insertions.map(({ at, count }) => ({ at: padded + at, count })));
      reindented.push(...fixed.reindented.map((offset) => slice.start + offset));
    }
    const piece = fixed?.text ?? slice.text;
    pieces.push(piece);
    padded += piece.length;
  }
  if (insertions.length === 0) return undefined;
  const lenient: LenientText = {
    text: pieces.join(''),
    toOriginal: (offset) => toOriginal(insertions, offset),
    reindented,
  };
  return { documents: parseManifestDocuments(lenient.text), lenient };
}

function hasSyntaxError(document: ManifestDocument): boolean {
  return document.problems.some((p) => p.code === 'yaml-syntax');
}

/** The re-indentation of one slice, when it leaves no syntax error. */
function settlingReindent(slice: string): Reindented | undefined {
  const reindent = reindentLines(slice);
  if (reindent.insertions.length === 0) return undefined;
  return parseManifestDocuments(reindent.text).some(hasSyntaxError) ? undefined : reindent;
}
