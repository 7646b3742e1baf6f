import { isPair, isScalar, visit, type Node } from 'yaml';
import type { EngineDiagnostic } from '../diagnostics';
import { parseManifestDocuments, type TextRange } from '../manifest/yamlDocuments';
import { DIAGNOSTIC_CODES } from './diagnosticCodes';
import { closestName } from './similarNames';

/**
 * Inline suppressions in YAML comments, one per line of their own:
 *   `# multus-nad-disable-next-line CODE[, CODE...]`: findings that start on the next line that is
 *     not a comment, or anywhere in a value that starts on that line (a `config: |` block, a
 *     multi-line quoted scalar: a comment cannot stand inside a scalar);
 *   `# multus-nad-disable CODE[, CODE...]`: findings of these codes anywhere in its `---` document.
 */
const SUPPRESSION = /^[ \t]*#[ \t]*multus-nad-disable(-next-line)?(?=[ \t]|$)(.*)$/gm;

interface SuppressedCode {
  readonly code: string;
  readonly range: TextRange;
  used: boolean;
}

interface Suppression {
  /** Findings starting in [from, to) are covered. */
  readonly scope: TextRange;
  readonly codes: readonly SuppressedCode[];
}

export interface SuppressionOptions {
  /** Report suppressions that matched nothing (`check --report-unused-suppressions`). */
  readonly reportUnused?: boolean;
}

const KNOWN_CODES = Object.keys(DIAGNOSTIC_CODES);

/**
 * The findings of one file without the suppressed ones, plus a `suppression-unknown-code` warning
 * for each code no rule has (a typo suppresses nothing) and, on request, a `suppression-unused`
 * note for each code that suppressed nothing.
 */
export function applySuppressions(
  file: string,
  text: string,
  diagnostics: readonly EngineDiagnostic[],
  options: SuppressionOptions = {},
): EngineDiagnostic[] {
  const suppressions = findSuppressions(text);
  if (suppressions.length === 0) return [...diagnostics];
  const kept = diagnostics.filter((d) => !suppressions.some((s) => covers(s, d)));
  const notes: EngineDiagnostic[] = [];
  for (const { code, range, used } of suppressions.flatMap((s) => s.codes)) {
    if (!(code in DIAGNOSTIC_CODES)) notes.push(unknownCode(file, code, range));
    else if (!used && options.reportUnused) notes.push(unused(file, code, range));
  }
  return [...kept, ...notes].sort((a, b) => a.range[0] - b.range[0]);
}

function covers(suppression: Suppression, d: EngineDiagnostic): boolean {
  const [from, to] = suppression.scope;
  if (d.range[0] < from || d.range[0] >= to) return false;
  const match = suppression.codes.find((c) => c.code === d.code);
  if (match) match.used = true;
  return !!match;
}

/** Whether a text may hold suppression comments (a plain search: most files have none). */
export function hasSuppressionComments(text: string): boolean {
  return text.includes('multus-nad-disable');
}

function findSuppressions(text: string): Suppression[] {
  if (!hasSuppressionComments(text)) return [];
  const structure = readStructure(text);
  const suppressions: Suppression[] = [];
  for (const match of text.matchAll(SUPPRESSION)) {
    const start = match.index;
    // A `#` line inside a block or quoted scalar is text of that scalar, not a comment.
    if (structure.scalars.some(([from, to]) => start > from && start < to)) continue;
    const listed = readCodes(match[2], start + match[0].length - match[2].length);
    const codes =
      listed.length > 0 ? listed : [{ code: '', range: [start, start + match[0].length] as const, used: false }];
    const scope = match[1] ? nextLineScope(text, start, structure) : documentScope(text, start);
    suppressions.push({ scope, codes });
  }
  return suppressions;
}

function readCodes(list: string, offset: number): SuppressedCode[] {
  return [...list.matchAll(/[^\s,]+/g)].map((m) => ({
    code: m[0],
    range: [offset + m.index, offset + m.index + m[0].length] as const,
    used: false,
  }));
}

interface Structure {
  /** Ranges of scalars (a `#` inside them is not a comment). */
  readonly scalars: readonly TextRange[];
  /** For each offset where a node or a map key starts: the end of the value that starts there. */
  readonly valueEnds: ReadonlyMap<number, number>;
}

function readStructure(text: string): Structure {
  const scalars: TextRange[] = [];
  const valueEnds = new Map<number, number>();
  const note = (start: number, end: number) => valueEnds.set(start, Math.max(valueEnds.get(start) ?? 0, end));
  for (const document of parseManifestDocuments(text)) {
    visit(document.tree, (_key, node) => {
      if (isScalar(node) && node.range) {
        scalars.push([node.range[0], node.range[1]]);
        note(node.range[0], node.range[1]);
      } else if (isPair(node)) {
        const key = node.key as Node | null;
        const value = node.value as Node | null;
        if (key?.range && isScalar(value) && value.range) note(key.range[0], value.range[1]);
      }
    });
  }
  return { scalars, valueEnds };
}

/** The next line that is not a comment or blank, extended to the end of any scalar starting on it. */
function nextLineScope(text: string, commentStart: number, structure: Structure): TextRange {
  let from = lineEndAfter(text, commentStart) + 1;
  while (from < text.length && /^[ \t]*(#.*)?(\r?\n|$)/.test(text.slice(from, lineEndAfter(text, from) + 1))) {
    from = lineEndAfter(text, from) + 1;
  }
  const lineEnd = lineEndAfter(text, from);
  let to = lineEnd;
  for (const [start, end] of structure.valueEnds) if (start >= from && start <= lineEnd) to = Math.max(to, end);
  return [from, Math.max(to, from + 1)];
}

/** The `---` document the comment stands in. */
function documentScope(text: string, offset: number): TextRange {
  const separator = /^---(?=[ \t\r\n]|$)/gm;
  let from = 0;
  let to = text.length;
  for (const m of text.matchAll(separator)) {
    if (m.index <= offset) from = m.index;
    else {
      to = m.index;
      break;
    }
  }
  return [from, to];
}

function lineEndAfter(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

function unknownCode(file: string, code: string, range: TextRange): EngineDiagnostic {
  if (code === '') {
    return {
      file,
      range,
      severity: DIAGNOSTIC_CODES['suppression-unknown-code'].severity,
      code: 'suppression-unknown-code',
      message:
        'This multus-nad-disable comment names no diagnostic code, so it suppresses nothing: add the code (e.g. `# multus-nad-disable-next-line ipam-default-route`).',
    };
  }
  const guess = closestName(code, KNOWN_CODES);
  return {
    file,
    range,
    severity: DIAGNOSTIC_CODES['suppression-unknown-code'].severity,
    code: 'suppression-unknown-code',
    message: `Unknown diagnostic code "${code}" in a multus-nad-disable comment.${guess ? ` Did you mean "${guess}"?` : ''} It suppresses nothing. The codes are listed in docs/diagnostics and in the SARIF rules of check --format sarif.`,
    ...(guess ? { data: { replacement: guess } } : {}),
  };
}

function unused(file: string, code: string, range: TextRange): EngineDiagnostic {
  return {
    file,
    range,
    severity: DIAGNOSTIC_CODES['suppression-unused'].severity,
    code: 'suppression-unused',
    message: `This multus-nad-disable comment suppresses no "${code}" finding. Remove it, or the code from it.`,
  };
}
