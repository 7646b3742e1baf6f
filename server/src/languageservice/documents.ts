import type { Position, Range } from 'vscode-languageserver';
import type { ClusterModel, TextRange } from '../../../engine';
import { sameInstalledPlugins, splitDocuments, type DocumentSlice } from '../../../engine/language';
import {
  analyzeDocument,
  pendingDocument,
  readDocumentObjects,
  uncheckedDocument,
  type DocumentAnalysis,
  type DocumentObjects,
} from './documentAnalysis';

/** One YAML document of a file where it sits now: its start offset and line, and its analysis. */
export interface YamlDocument {
  readonly start: number;
  readonly line: number;
  readonly analysis: DocumentAnalysis;
}

/**
 * A YAML file as the server sees it at one version: its documents (what `---` separates), each
 * analysed once per distinct text. Building the next version reuses the analyses of documents
 * whose text did not change, so an edit re-parses only the document it touched.
 */
export class ManifestModel {
  private constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly yamlDocuments: readonly YamlDocument[],
    /** The cluster model the documents were checked for (its nodes' plugin binaries). */
    readonly cluster: ClusterModel,
  ) {}

  /**
   * Builds a model, reusing the analyses of `previous` (the same URI at an earlier version).
   * Documents still to analyse when `deadline` (a `performance.now()` time) passes stay
   * pending; `completed` goes on with them later.
   */
  static build(
    uri: string,
    version: number,
    text: string,
    cluster: ClusterModel,
    previous?: ManifestModel,
    deadline = Infinity,
  ): ManifestModel {
    const reusable = previous && sameInstalledPlugins(previous.cluster, cluster) ? previous : undefined;
    const yamlDocuments = reusable
      ? rebuildDocuments(text, reusable, deadline)
      : analyzeAll({ uri, cluster }, splitDocuments(text), undefined, 0, deadline);
    return new ManifestModel(uri, version, text, yamlDocuments, cluster);
  }

  /** True while some documents are not analysed yet. */
  get pending(): boolean {
    return this.yamlDocuments.some((yamlDocument) => yamlDocument.analysis.pending);
  }

  /** The same version with more of its pending documents analysed (until `deadline`). */
  completed(deadline: number): ManifestModel {
    const yamlDocuments = [...this.yamlDocuments];
    // The documents before the first pending one are done: a slice starts there and stops at the deadline.
    for (
      let index = yamlDocuments.findIndex((yamlDocument) => yamlDocument.analysis.pending);
      index >= 0 && index < yamlDocuments.length;
      index++
    ) {
      const yamlDocument = yamlDocuments[index];
      if (!yamlDocument.analysis.pending) continue;
      if (performance.now() > deadline) break;
      yamlDocuments[index] = {
        ...yamlDocument,
        analysis: analyzeOne(this, yamlDocument.analysis.text, yamlDocument.start, index),
      };
    }
    return new ManifestModel(this.uri, this.version, this.text, yamlDocuments, this.cluster);
  }

  /** True when at least one document of the file is a NAD or an annotated workload. */
  get ours(): boolean {
    return this.yamlDocuments.some((yamlDocument) => yamlDocument.analysis.ours);
  }

  /** The document holding an offset (the last document starting at or before it). */
  documentAtOffset(offset: number): YamlDocument {
    return this.yamlDocuments[lastIndexWhere(this.yamlDocuments, (yamlDocument) => yamlDocument.start <= offset)];
  }

  private documentAtLine(line: number): YamlDocument {
    return this.yamlDocuments[lastIndexWhere(this.yamlDocuments, (yamlDocument) => yamlDocument.line <= line)];
  }

  offsetAt(position: Position): number {
    const yamlDocument = this.documentAtLine(position.line);
    const local = yamlDocument.analysis.lines.offsetAt(position.line - yamlDocument.line, position.character);
    return Math.min(yamlDocument.start + local, yamlDocument.start + yamlDocument.analysis.text.length);
  }

  positionAt(offset: number): Position {
    const yamlDocument = this.documentAtOffset(offset);
    const local = yamlDocument.analysis.lines.positionAt(offset - yamlDocument.start);
    return { line: yamlDocument.line + local.line, character: local.character };
  }

  /** An LSP range for document-relative offsets of `document`. */
  rangeIn(yamlDocument: YamlDocument, [start, end]: TextRange): Range {
    const lines = yamlDocument.analysis.lines;
    const from = lines.positionAt(start);
    const to = lines.positionAt(end);
    return {
      start: { line: yamlDocument.line + from.line, character: from.character },
      end: { line: yamlDocument.line + to.line, character: to.character },
    };
  }
}

/**
 * The editor's per-file limits. An edit costs what the edited document costs, so only the first
 * analysis of a file grows with its size (about 0.5 ms per NAD): these bound it to a few seconds
 * while keeping a 5000-NAD file (3.3 MB) whole. The engine's own limits (engine/manifest/
 * yamlDocuments.ts) are lower because the CLI parses each file at once.
 */
export const SERVER_MAX_DOCUMENTS = 10_000;
export const SERVER_MAX_CHARACTERS = 8_000_000;

/**
 * Analyses documents; `firstIndex` is the position of the first slice in the file. Documents past
 * the per-file limits are not analysed (hardening: a 10 MB file blocked the server for 18 s on
 * open); a `manifest-too-large` note says so (see computeDiagnostics).
 */
function analyzeAll(
  file: AnalysedFile,
  slices: readonly DocumentSlice[],
  reuse?: Map<string, DocumentAnalysis>,
  firstIndex = 0,
  deadline = Infinity,
): YamlDocument[] {
  let late = false;
  return slices.map((slice, i) => {
    late ||= performance.now() > deadline;
    const analysis =
      reuse?.get(slice.text) ??
      (late ? pendingDocument(slice.text) : analyzeOne(file, slice.text, slice.start, firstIndex + i));
    return { start: slice.start, line: slice.line, analysis };
  });
}

/** The file a document is analysed in: the name its diagnostics carry and the cluster it is checked for. */
interface AnalysedFile {
  readonly uri: string;
  readonly cluster: ClusterModel;
}

/** One document's analysis, or the placeholder past the per-file limits. */
function analyzeOne(file: AnalysedFile, text: string, start: number, index: number): DocumentAnalysis {
  return index >= SERVER_MAX_DOCUMENTS || start >= SERVER_MAX_CHARACTERS
    ? uncheckedDocument(text)
    : analyzeDocument(file.uri, text, file.cluster);
}

/**
 * The documents of a new version of a file. Documents before and after the edited region are
 * recognised by comparing their text in place (no re-splitting, no hashing of the whole file);
 * only the region between them is split again, and any document there whose text is unchanged
 * keeps its analysis.
 */
function rebuildDocuments(text: string, previous: ManifestModel, deadline: number): YamlDocument[] {
  const old = previous.yamlDocuments;
  const delta = text.length - previous.text.length;
  let head = 0;
  while (head < old.length && sameTextAt(text, old[head].start, old[head].analysis.text)) head++;
  // The last unchanged document may now run on (its closing `---` was deleted): split it again.
  head = Math.max(0, head - 1);
  let tail = old.length;
  while (
    tail - 1 > head &&
    old[tail - 1].start + delta > old[head].start &&
    // Still a document of its own only if its `---` still starts a line.
    text.charCodeAt(old[tail - 1].start + delta - 1) === 10 &&
    sameTextAt(text, old[tail - 1].start + delta, old[tail - 1].analysis.text)
  ) {
    tail--;
  }
  const from = old[head].start;
  const to = tail < old.length ? old[tail].start + delta : text.length;
  const middle = splitDocuments(text.slice(from, to)).map((slice) => ({
    start: slice.start + from,
    line: slice.line + old[head].line,
    text: slice.text,
  }));
  const reuse = new Map(
    old
      .slice(head, tail)
      .filter((yamlDocument) => !yamlDocument.analysis.pending)
      .map((yamlDocument) => [yamlDocument.analysis.text, yamlDocument.analysis]),
  );
  const rebuilt = analyzeAll(previous, middle, reuse, head, deadline);
  const lineShift = tail < old.length ? lineAfter(rebuilt, old[head].line) - old[tail].line : 0;
  const shifted = old.slice(tail).map((yamlDocument) => ({
    ...yamlDocument,
    start: yamlDocument.start + delta,
    line: yamlDocument.line + lineShift,
  }));
  return [...old.slice(0, head), ...rebuilt, ...shifted];
}

/** Whether `text` holds `part` at `offset` (slice equality compares memory; startsWith is far slower on long strings). */
function sameTextAt(text: string, offset: number, part: string): boolean {
  return text.slice(offset, offset + part.length) === part;
}

/** The line where the text after the given documents starts. */
function lineAfter(yamlDocuments: readonly YamlDocument[], firstLine: number): number {
  const last = yamlDocuments[yamlDocuments.length - 1];
  if (!last) return firstLine;
  const text = last.analysis.text;
  return last.line + last.analysis.lines.positionAt(text.length).line;
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  let low = 0;
  let high = items.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (test(items[mid])) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * Full parses (YAML trees, engine objects) of the few documents features work on, by text; the
 * analyses of all documents stay small, so a 5000-document file does not keep 5000 trees.
 */
export class DocumentObjectsCache {
  private readonly entries = new Map<string, DocumentObjects>();

  constructor(private readonly capacity = 64) {}

  get(uri: string, yamlDocument: YamlDocument): DocumentObjects {
    const key = `${uri}\n${yamlDocument.analysis.text}`;
    let objects = this.entries.get(key);
    if (objects) this.entries.delete(key);
    else objects = readDocumentObjects(uri, yamlDocument.analysis.text);
    this.entries.set(key, objects);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return objects;
  }
}
