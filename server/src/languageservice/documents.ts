import type { Position, Range } from 'vscode-languageserver';
import type { ClusterModel, TextRange } from '../../../engine';
import { sameInstalledPlugins, splitDocumentChunks, type DocumentChunk } from '../../../engine/language';
import {
  analyzeChunk,
  pendingChunk,
  readChunkObjects,
  uncheckedChunk,
  type ChunkAnalysis,
  type ChunkObjects,
} from './documentAnalysis';

/** One YAML document of a file where it sits now: its start offset and line, and its analysis. */
export interface Chunk {
  readonly start: number;
  readonly line: number;
  readonly analysis: ChunkAnalysis;
}

/**
 * A YAML file as the server sees it at one version: its chunks (one per YAML document), each
 * analysed once per distinct text. Building the next version reuses the analyses of chunks
 * whose text did not change, so an edit re-parses only the document it touched.
 */
export class ManifestModel {
  private constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly chunks: readonly Chunk[],
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
    const chunks = reusable
      ? rebuildChunks(text, reusable, deadline)
      : analyzeAll({ uri, cluster }, splitDocumentChunks(text), undefined, 0, deadline);
    return new ManifestModel(uri, version, text, chunks, cluster);
  }

  /** True while some documents are not analysed yet. */
  get pending(): boolean {
    return this.chunks.some((chunk) => chunk.analysis.pending);
  }

  /** The same version with more of its pending documents analysed (until `deadline`). */
  completed(deadline: number): ManifestModel {
    const chunks = [...this.chunks];
    // The documents before the first pending one are done: a slice starts there and stops at the deadline.
    for (
      let index = chunks.findIndex((chunk) => chunk.analysis.pending);
      index >= 0 && index < chunks.length;
      index++
    ) {
      const chunk = chunks[index];
      if (!chunk.analysis.pending) continue;
      if (performance.now() > deadline) break;
      chunks[index] = { ...chunk, analysis: analyzeOne(this, chunk.analysis.text, chunk.start, index) };
    }
    return new ManifestModel(this.uri, this.version, this.text, chunks, this.cluster);
  }

  /** True when at least one document of the file is a NAD or an annotated workload. */
  get ours(): boolean {
    return this.chunks.some((chunk) => chunk.analysis.ours);
  }

  /** The chunk holding an offset (the last chunk starting at or before it). */
  chunkAtOffset(offset: number): Chunk {
    return this.chunks[lastIndexWhere(this.chunks, (chunk) => chunk.start <= offset)];
  }

  private chunkAtLine(line: number): Chunk {
    return this.chunks[lastIndexWhere(this.chunks, (chunk) => chunk.line <= line)];
  }

  offsetAt(position: Position): number {
    const chunk = this.chunkAtLine(position.line);
    const local = chunk.analysis.lines.offsetAt(position.line - chunk.line, position.character);
    return Math.min(chunk.start + local, chunk.start + chunk.analysis.text.length);
  }

  positionAt(offset: number): Position {
    const chunk = this.chunkAtOffset(offset);
    const local = chunk.analysis.lines.positionAt(offset - chunk.start);
    return { line: chunk.line + local.line, character: local.character };
  }

  /** An LSP range for chunk-relative offsets of `chunk`. */
  rangeIn(chunk: Chunk, [start, end]: TextRange): Range {
    const lines = chunk.analysis.lines;
    const from = lines.positionAt(start);
    const to = lines.positionAt(end);
    return {
      start: { line: chunk.line + from.line, character: from.character },
      end: { line: chunk.line + to.line, character: to.character },
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
 * Analyses chunks; `firstIndex` is the position of the first slice in the file. Documents past
 * the per-file limits are not analysed (hardening: a 10 MB file blocked the server for 18 s on
 * open); a `manifest-too-large` note says so (see computeDiagnostics).
 */
function analyzeAll(
  file: AnalysedFile,
  slices: readonly DocumentChunk[],
  reuse?: Map<string, ChunkAnalysis>,
  firstIndex = 0,
  deadline = Infinity,
): Chunk[] {
  let late = false;
  return slices.map((slice, i) => {
    late ||= performance.now() > deadline;
    const analysis =
      reuse?.get(slice.text) ??
      (late ? pendingChunk(slice.text) : analyzeOne(file, slice.text, slice.start, firstIndex + i));
    return { start: slice.start, line: slice.line, analysis };
  });
}

/** The file a document is analysed in: the name its diagnostics carry and the cluster it is checked for. */
interface AnalysedFile {
  readonly uri: string;
  readonly cluster: ClusterModel;
}

/** One document's analysis, or the placeholder past the per-file limits. */
function analyzeOne(file: AnalysedFile, text: string, start: number, index: number): ChunkAnalysis {
  return index >= SERVER_MAX_DOCUMENTS || start >= SERVER_MAX_CHARACTERS
    ? uncheckedChunk(text)
    : analyzeChunk(file.uri, text, file.cluster);
}

/**
 * The chunks of a new version of a file. Documents before and after the edited region are
 * recognised by comparing their text in place (no re-splitting, no hashing of the whole file);
 * only the region between them is split again, and any document there whose text is unchanged
 * keeps its analysis.
 */
function rebuildChunks(text: string, previous: ManifestModel, deadline: number): Chunk[] {
  const old = previous.chunks;
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
  const middle = splitDocumentChunks(text.slice(from, to)).map((slice) => ({
    start: slice.start + from,
    line: slice.line + old[head].line,
    text: slice.text,
  }));
  const reuse = new Map(
    old
      .slice(head, tail)
      .filter((chunk) => !chunk.analysis.pending)
      .map((chunk) => [chunk.analysis.text, chunk.analysis]),
  );
  const rebuilt = analyzeAll(previous, middle, reuse, head, deadline);
  const lineShift = tail < old.length ? lineAfter(rebuilt, old[head].line) - old[tail].line : 0;
  const shifted = old
    .slice(tail)
    .map((chunk) => ({ ...chunk, start: chunk.start + delta, line: chunk.line + lineShift }));
  return [...old.slice(0, head), ...rebuilt, ...shifted];
}

/** Whether `text` holds `part` at `offset` (slice equality compares memory; startsWith is far slower on long strings). */
function sameTextAt(text: string, offset: number, part: string): boolean {
  return text.slice(offset, offset + part.length) === part;
}

/** The line where the text after the given chunks starts. */
function lineAfter(chunks: readonly Chunk[], firstLine: number): number {
  const last = chunks[chunks.length - 1];
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
 * Full parses (YAML trees, engine objects) of the few chunks features work on, by text; the
 * analyses of all chunks stay small, so a 5000-document file does not keep 5000 trees.
 */
export class ChunkObjectsCache {
  private readonly entries = new Map<string, ChunkObjects>();

  constructor(private readonly capacity = 64) {}

  get(uri: string, chunk: Chunk): ChunkObjects {
    const key = `${uri}\n${chunk.analysis.text}`;
    let objects = this.entries.get(key);
    if (objects) this.entries.delete(key);
    else objects = readChunkObjects(uri, chunk.analysis.text);
    this.entries.set(key, objects);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return objects;
  }
}
