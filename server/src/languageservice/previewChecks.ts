import { previewDiagnostics, type ClusterModel, type EngineDiagnostic } from '../../../engine';
import type { DocumentAnalysis } from './documentAnalysis';
import type { YamlDocument, DocumentObjectsCache, ManifestModel } from './documents';
import type { WorkspaceIndex } from './workspaceIndex';
import { previewNads, previewWorkspacePods } from './workspacePreview';

/** The cluster model a document's pods are previewed on, and its file (none: the embedded lab). */
export interface DocumentModel {
  readonly cluster: ClusterModel;
  readonly file?: string;
}

/**
 * Diagnostics must equal `check`'s, which previews every pod: far more pods than a hover previews, computed once
 * per workspace change (memo), not per request.
 */
const MAX_CHECKED_PODS = 5000;

interface Memo {
  readonly dependencies: readonly DocumentAnalysis[];
  readonly byAnalysis: Map<DocumentAnalysis, EngineDiagnostic[]>;
}

/**
 * What the preview learns about the workspace's pods, as diagnostics on each pod's document (issue 18):
 * the engine's `previewDiagnostics` over the same preview the panel shows, on the document's model, with
 * the workspace pods that use that model, in workspace order (as `check` groups files by model).
 * Kept per model until a NAD or pod of the workspace changes.
 */
export class PreviewChecks {
  private readonly memo = new Map<ClusterModel, Memo>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly cache: DocumentObjectsCache,
    private readonly modelOf: (uri: string) => DocumentModel,
  ) {}

  /** The preview's diagnostics of a document, with offsets relative to the document. */
  forDocument(model: ManifestModel, yamlDocument: YamlDocument): readonly EngineDiagnostic[] {
    if (yamlDocument.analysis.pods.length === 0) return [];
    const own = this.modelOf(model.uri);
    return this.results(own).byAnalysis.get(yamlDocument.analysis) ?? [];
  }

  private results(own: DocumentModel): Memo {
    const dependencies = [...this.index.nads(), ...this.index.pods()].map((entry) => entry.yamlDocument.analysis);
    const memo = this.memo.get(own.cluster);
    if (memo && sameList(memo.dependencies, dependencies)) return memo;
    const previews = previewWorkspacePods(
      this.index,
      this.cache,
      [...this.index.pods()].filter((pod) => this.modelOf(pod.model.uri).cluster === own.cluster),
      own.cluster,
      MAX_CHECKED_PODS,
    );
    const nads = previewNads(
      this.index,
      this.cache,
      previews.map(({ source }) => source),
      own.cluster,
    );
    const byAnalysis = new Map<DocumentAnalysis, EngineDiagnostic[]>();
    // Per document, so that a workload's replicas (one document) are reported once.
    for (const analysis of new Set(previews.map(({ source }) => source.yamlDocument.analysis))) {
      const mine = previews
        .filter(({ source }) => source.yamlDocument.analysis === analysis)
        .map(({ preview }) => preview);
      byAnalysis.set(analysis, previewDiagnostics(mine, nads, own.cluster, own.file));
    }
    const fresh = { dependencies, byAnalysis };
    this.memo.set(own.cluster, fresh);
    return fresh;
  }
}

function sameList(a: readonly DocumentAnalysis[], b: readonly DocumentAnalysis[]): boolean {
  return a.length === b.length && a.every((item, position) => item === b[position]);
}
