import { checkManifestSet, type EngineDiagnostic, type ManifestSet } from '../../../engine';
import type { ChunkAnalysis } from './documentAnalysis';
import type { Chunk, ChunkObjectsCache, ManifestModel } from './documents';
import type { WorkspaceIndex } from './workspaceIndex';

/**
 * Engine rules that look across documents. A document checked alone would get them wrong
 * (every reference "not found"), so they are dropped from the per-document analysis and
 * computed here against the workspace index instead.
 */
export const WORKSPACE_CODES: ReadonlySet<string> = new Set([
  'reference-not-found',
  'reference-other-namespace',
  'host-local-multi-node',
  'nad-duplicate',
  'nad-cni-name-shared',
  'nad-ranges-overlap',
]);

/** The rules a document gets from the workspace: references for pods, host-local on several nodes for NADs. */
const CHECKED_HERE = new Set(['reference-not-found', 'reference-other-namespace', 'host-local-multi-node']);

/** At most this many NADs of a namespace are checked alongside a pod to suggest the name it meant. */
const SUGGESTION_CANDIDATES = 100;

interface Memo {
  readonly dependencies: readonly ChunkAnalysis[];
  readonly diagnostics: readonly EngineDiagnostic[];
}

/**
 * Runs the engine's cross-document rules for one document together with only the documents it
 * relates to: for a pod, the NADs of the names it references (in any namespace); for a
 * host-local NAD, the pods that select it. Results are kept until one of those documents changes.
 */
export class WorkspaceChecks {
  private readonly memo = new WeakMap<ChunkAnalysis, Memo>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly cache: ChunkObjectsCache,
  ) {}

  /** Cross-document diagnostics of a chunk, with offsets relative to the chunk. */
  forChunk(model: ManifestModel, chunk: Chunk): readonly EngineDiagnostic[] {
    const related = this.relatedChunks(chunk.analysis);
    if (!related) return [];
    const dependencies = related.map((entry) => entry.chunk.analysis);
    const memo = this.memo.get(chunk.analysis);
    if (memo && sameList(memo.dependencies, dependencies)) return memo.diagnostics;
    const selfPath = `${model.uri}#self`;
    const files = [
      { ...this.cache.get(model.uri, chunk).set.files[0], file: { path: selfPath, text: chunk.analysis.text } },
      ...related.map((entry) => this.cache.get(entry.model.uri, entry.chunk).set.files[0]),
    ];
    const set: ManifestSet = { files, nads: [], pods: [] };
    const diagnostics = checkManifestSet(set).filter((d) => d.file === selfPath && CHECKED_HERE.has(d.code));
    this.memo.set(chunk.analysis, { dependencies, diagnostics });
    return diagnostics;
  }

  /** The chunks the cross rules need next to this one; undefined when no cross rule applies. */
  private relatedChunks(analysis: ChunkAnalysis): { model: ManifestModel; chunk: Chunk }[] | undefined {
    if (
      analysis.pods.length === 0 &&
      (!this.index.hasReferences() || !analysis.nads.some((nad) => this.index.isReferenced(nad.namespace, nad.name)))
    ) {
      return undefined;
    }
    const references = analysis.pods.flatMap((pod) => pod.references);
    const names = new Set(references.map((reference) => reference.name));
    const related: { model: ManifestModel; chunk: Chunk }[] = [];
    for (const name of names) related.push(...this.index.nadsNamed(name));
    // A missing NAD: its namespace's NADs let the engine say "did you mean".
    const missing = references.filter((reference) => !this.index.hasNad(reference.namespace, reference.name));
    for (const namespace of new Set(missing.map((reference) => reference.namespace))) {
      related.push(...this.index.nadsIn(namespace, SUGGESTION_CANDIDATES));
    }
    for (const nad of analysis.nads) {
      if (nad.ipamType !== 'host-local') continue;
      related.push(...this.index.referencesTo(nad.namespace, nad.name));
    }
    if (names.size === 0 && related.length === 0) return undefined;
    return related.filter(
      (entry, position) =>
        entry.chunk.analysis !== analysis && related.findIndex((other) => other.chunk === entry.chunk) === position,
    );
  }
}

function sameList(a: readonly ChunkAnalysis[], b: readonly ChunkAnalysis[]): boolean {
  return a.length === b.length && a.every((item, position) => item === b[position]);
}
