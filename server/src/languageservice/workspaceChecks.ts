import {
  checkSummaries,
  diagnosticScope,
  type EngineDiagnostic,
  type NadFacts,
  type PodNetworks,
} from '../../../engine';
import type { DocumentAnalysis } from './documentAnalysis';
import type { YamlDocument, ManifestModel } from './documents';
import {
  COLLISION_GROUP_LIMIT,
  compareUris,
  type IndexedNad,
  type IndexedPod,
  type WorkspaceIndex,
} from './workspaceIndex';

/** At most this many NADs of a namespace are checked alongside a pod to suggest the name it meant. */
const SUGGESTION_CANDIDATES = 100;

/** A document of the workspace: its file and its document. */
interface Placed {
  readonly model: ManifestModel;
  readonly yamlDocument: YamlDocument;
}

interface Memo {
  /** The index's stamp of the groups this document looks up, when the memo was made (WorkspaceIndex.stampOf). */
  readonly stamp: number;
  /** The documents checked together, in workspace order, this one included. */
  readonly dependencies: readonly DocumentAnalysis[];
  readonly diagnostics: readonly EngineDiagnostic[];
}

/**
 * The engine's `workspace`-scope rules (diagnosticCodes.ts) for one document, run by the same
 * `checkSummaries` the CLI runs, over the summaries of this document and only the documents it relates to: for
 * a pod, the NADs of the names it references; for a NAD, the NADs it could collide with (same
 * name, CNI name or master) and the pods that select it. The documents go in workspace order
 * (file URI, then position), as the CLI reads a folder, so "the later of two" is the same NAD.
 * Results are kept until one of those documents changes.
 */
export class WorkspaceChecks {
  private readonly memo = new WeakMap<DocumentAnalysis, Memo>();

  constructor(private readonly index: WorkspaceIndex) {}

  /** Cross-document diagnostics of a document, with offsets relative to the document. */
  forDocument(model: ManifestModel, yamlDocument: YamlDocument): readonly EngineDiagnostic[] {
    // Nothing this document looks up changed since the memo: the same documents relate to it (the
    // lookups were 19 ms of each edit in a 5000-NAD file, for its 4,999 unchanged documents).
    const stamp = this.index.stampOf(yamlDocument.analysis);
    const memo = this.memo.get(yamlDocument.analysis);
    if (memo?.stamp === stamp) return memo.diagnostics;
    const related = this.relatedDocuments(model, yamlDocument);
    if (related.length === 0) {
      this.memo.set(yamlDocument.analysis, { stamp, dependencies: [], diagnostics: yamlDocument.analysis.alone });
      return yamlDocument.analysis.alone;
    }
    const self: Placed = { model, yamlDocument };
    const ordered = [self, ...related].sort(workspaceOrder);
    const dependencies = ordered.map((entry) => entry.yamlDocument.analysis);
    if (memo && sameList(memo.dependencies, dependencies)) {
      this.memo.set(yamlDocument.analysis, { ...memo, stamp });
      return memo.diagnostics;
    }
    // The rules across documents read only each document's summaries (kept by its analysis): no
    // document is parsed or checked again. Self's summaries carry a path of their own, to tell its findings.
    const selfPath = `${model.uri}#self`;
    const nads: NadFacts[] = [];
    const pods: PodNetworks[] = [];
    for (const entry of ordered) {
      const { summaries } = entry.yamlDocument.analysis;
      if (entry !== self) {
        nads.push(...summaries.nads);
        pods.push(...summaries.pods);
        continue;
      }
      nads.push(...summaries.nads.map((nad) => ({ ...nad, file: selfPath })));
      pods.push(...summaries.pods.map((pod) => ({ ...pod, file: selfPath })));
    }
    const diagnostics = checkSummaries(nads, pods, selfPath).filter(
      (d) => d.file === selfPath && diagnosticScope(d.code) === 'workspace',
    );
    this.memo.set(yamlDocument.analysis, { stamp, dependencies, diagnostics });
    return diagnostics;
  }

  /** The other documents the workspace rules need next to this one (none: the document alone decides). */
  private relatedDocuments(model: ManifestModel, yamlDocument: YamlDocument): Placed[] {
    const analysis = yamlDocument.analysis;
    const related: Placed[] = [];
    const references = analysis.pods.flatMap((pod) => pod.references);
    for (const name of new Set(references.map((reference) => reference.name)))
      related.push(...this.index.nadsNamed(name));
    // A missing NAD: its namespace's NADs let the engine say "did you mean".
    const missing = references.filter((reference) => !this.index.hasNad(reference.namespace, reference.name));
    for (const namespace of new Set(missing.map((reference) => reference.namespace)))
      related.push(...this.index.nadsIn(namespace, SUGGESTION_CANDIDATES));
    for (const nad of analysis.nads) {
      related.push(...this.index.collidingNads(nad, COLLISION_GROUP_LIMIT));
      related.push(...this.index.referencesTo(nad.namespace, nad.name));
    }
    return unique(related).filter(
      (entry) => !(entry.model.uri === model.uri && entry.yamlDocument.start === yamlDocument.start),
    );
  }
}

function unique(entries: readonly (IndexedNad | IndexedPod | Placed)[]): Placed[] {
  const seen = new Set<YamlDocument>();
  return entries.filter((entry) => !seen.has(entry.yamlDocument) && seen.add(entry.yamlDocument));
}

function workspaceOrder(a: Placed, b: Placed): number {
  if (a.model.uri !== b.model.uri) return compareUris(a.model.uri, b.model.uri);
  return a.yamlDocument.start - b.yamlDocument.start;
}

function sameList(a: readonly DocumentAnalysis[], b: readonly DocumentAnalysis[]): boolean {
  return a.length === b.length && a.every((item, position) => item === b[position]);
}
