import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  Position,
  TextEdit,
} from 'vscode-languageserver';
import {
  DEFAULT_CLUSTER,
  clusterModelNotes,
  formatNetworkStatusAnnotation,
  formatPreviewText,
  previewToJson,
  type ClusterModel,
} from '../../../engine';
import type { NadSummary, PodSummary, PodPreviewResult, PreviewResult } from '../protocol';
import { codeActions, configRewrites, type ActionRequest } from './codeActions';
import { complete } from './completion';
import { cursorAt, onlyConfigIn, type CursorContext } from './cursor';
import { computeDiagnostics } from './diagnostics';
import { DocumentObjectsCache, ManifestModel } from './documents';
import { formatConfigs } from './formatting';
import { hover } from './hover';
import { definition, documentSymbols, references } from './navigation';
import { nadKey, WorkspaceIndex, type IndexChange, type IndexedPod } from './workspaceIndex';
import { WorkspaceChecks } from './workspaceChecks';
import { PreviewChecks, type DocumentModel } from './previewChecks';
import { connectivityResult, overriddenClusterNads, previewWorkspacePods } from './workspacePreview';

/** The result of bringing a file up to date: its model and what changed in the workspace index. */
export interface SyncResult {
  readonly model: ManifestModel;
  readonly change: IndexChange;
}

/**
 * The language features over plain text, with no LSP connection: open documents and files on
 * disk go in, LSP-shaped answers come out. The server wires it to a connection; tests call it
 * directly.
 */
export class MultusLanguageService {
  readonly index = new WorkspaceIndex();
  private readonly cache = new DocumentObjectsCache();
  private readonly checks = new WorkspaceChecks(this.index);
  /** Models of the documents open in the editor, which win over what is on disk. */
  private readonly openModels = new Map<string, ManifestModel>();
  /** Models of files read from disk (kept so a re-read reuses unchanged documents). */
  private readonly diskModels = new Map<string, ManifestModel>();
  /**
   * Files an `ignore` glob of their .multus-nad.yaml matches: never counted as workspace NADs or
   * pods (as `check` skips them), also while open.
   */
  ignored: (uri: string) => boolean = () => false;
  /** The model of a document and the file it comes from (the server sets it: DocumentClusters). */
  modelOf: (uri: string) => DocumentModel = () => ({ cluster: DEFAULT_CLUSTER });
  private readonly previewChecks = new PreviewChecks(this.index, this.cache, (uri) => this.modelOf(uri));

  /**
   * Brings an open document to `version`; only documents whose text changed are analysed again.
   * Past `deadline` (a `performance.now()` time) the rest stays pending for the next call.
   */
  syncOpen(uri: string, version: number, text: string, deadline = Infinity): SyncResult {
    const previous = this.openModels.get(uri);
    const { cluster } = this.modelOf(uri);
    // A new cluster model (its cluster.yaml changed) may install other plugins: the same text is checked again.
    if (previous && previous.version === version && previous.text === text && previous.cluster === cluster)
      return this.continueOpen(previous, deadline);
    const model = ManifestModel.build(uri, version, text, cluster, previous ?? this.diskModels.get(uri), deadline);
    this.openModels.set(uri, model);
    return { model, change: this.indexOpen(uri, model) };
  }

  /** Analyses more of the pending documents of an open document, until `deadline`. */
  private continueOpen(model: ManifestModel, deadline: number): SyncResult {
    // Whether the file is ignored can have changed since (its folder's config was read meanwhile).
    if (!model.pending) return { model, change: this.indexOpen(model.uri, model) };
    const next = model.completed(deadline);
    this.openModels.set(model.uri, next);
    return { model: next, change: this.indexOpen(model.uri, next) };
  }

  private indexOpen(uri: string, model: ManifestModel): IndexChange {
    if (!isWorkspaceMember(uri)) return NO_CHANGE;
    const indexed = this.ignored(uri) || !model.ours ? undefined : model;
    return this.index.get(uri) === indexed ? NO_CHANGE : this.index.update(uri, indexed);
  }

  /** The editor closed a document: the index falls back to the file on disk (`diskText`), or forgets it. */
  close(uri: string, diskText: string | undefined): IndexChange {
    this.openModels.delete(uri);
    return isWorkspaceMember(uri) ? this.updateDisk(uri, diskText, true) : NO_CHANGE;
  }

  isOpen(uri: string): boolean {
    return this.openModels.has(uri);
  }

  /** A file changed, appeared (`text`) or disappeared (undefined) on disk; ignored while it is open. */
  updateDisk(uri: string, text: string | undefined, force = false): IndexChange {
    if (this.openModels.has(uri) && !force) return NO_CHANGE;
    if (text === undefined || this.ignored(uri)) {
      this.diskModels.delete(uri);
      return this.index.update(uri, undefined);
    }
    const model = ManifestModel.build(uri, 0, text, this.modelOf(uri).cluster, this.diskModels.get(uri));
    if (model.ours) this.diskModels.set(uri, model);
    else this.diskModels.delete(uri);
    return this.index.update(uri, model);
  }

  model(uri: string): ManifestModel | undefined {
    return this.openModels.get(uri) ?? this.index.get(uri);
  }

  diagnostics(model: ManifestModel): Diagnostic[] {
    return computeDiagnostics(model, this.checks, this.previewChecks);
  }

  private cursor(uri: string, position: Position): CursorContext | undefined {
    const model = this.model(uri);
    return model ? cursorAt(model, model.offsetAt(position), this.cache) : undefined;
  }

  completion(uri: string, position: Position): CompletionList {
    return complete(this.cursor(uri, position), this.index, this.modelOf(uri).cluster);
  }

  /** Hover; pods are placed on `cluster` (the document's, server/src/languageservice/documentClusters.ts). */
  hover(uri: string, position: Position, cluster: ClusterModel = DEFAULT_CLUSTER): Hover | null {
    return hover(this.cursor(uri, position), this.index, this.cache, cluster);
  }

  definition(uri: string, position: Position): Location[] {
    return definition(this.cursor(uri, position), this.index);
  }

  references(uri: string, position: Position, includeDeclaration: boolean): Location[] {
    return references(this.cursor(uri, position), this.index, includeDeclaration);
  }

  codeActions(request: ActionRequest): CodeAction[] {
    const context = this.cursor(request.uri, request.range.start);
    if (context?.config || context?.networks) return codeActions(context, request);
    const model = this.model(request.uri);
    const whole =
      model && onlyConfigIn(model, model.offsetAt(request.range.start), model.offsetAt(request.range.end), this.cache);
    return [...codeActions(context, request), ...(whole ? configRewrites(whole) : [])];
  }

  documentSymbols(uri: string): DocumentSymbol[] {
    const model = this.model(uri);
    return model ? documentSymbols(model) : [];
  }

  format(uri: string): TextEdit[] {
    const model = this.model(uri);
    return model ? formatConfigs(model, this.cache) : [];
  }

  /** The pod at the cursor, or every workspace pod that selects the NAD at the cursor, previewed. */
  preview(uri: string, position: Position, cluster: ClusterModel = this.modelOf(uri).cluster): PreviewResult | null {
    const context = this.cursor(uri, position);
    if (!context || (!context.pod && !context.nad)) return null;
    const model = context.model;
    const overridden = overriddenClusterNads(this.index, cluster);
    const notes = clusterModelNotes(cluster, overridden);
    const modelNotes = {
      ...(notes.length ? { modelNotes: notes } : {}),
      ...(overridden.length ? { overriddenNads: overridden } : {}),
    };
    if (context.pod) {
      const start = context.pod.source.document.range[0];
      const subject = { kind: 'pod' as const, namespace: context.pod.namespace, name: context.pod.name };
      // The pods that share this document's model are previewed together, as `preview` groups files by model.
      const sameModel = (pod: IndexedPod) =>
        cluster !== this.modelOf(uri).cluster || this.modelOf(pod.model.uri).cluster === cluster;
      const all = previewWorkspacePods(this.index, this.cache, [...this.index.pods()].filter(sameModel), cluster);
      const own = all.filter(
        ({ source }) =>
          source.model.uri === model.uri &&
          source.pod.range[0] === start &&
          source.yamlDocument === context.yamlDocument,
      );
      return {
        subject,
        pods: own.map(toPreviewResult),
        connectivity: connectivityResult(all, cluster),
        ...modelNotes,
      };
    }
    const nad = context.nad as NonNullable<CursorContext['nad']>;
    const previews = previewWorkspacePods(
      this.index,
      this.cache,
      this.index.podsSelecting(nad.namespace, nad.name),
      cluster,
    );
    return {
      subject: { kind: 'nad', namespace: nad.namespace, name: nad.name },
      pods: previews.map(toPreviewResult),
      connectivity: connectivityResult(previews, cluster),
      ...modelNotes,
    };
  }

  listNads(namespace?: string): NadSummary[] {
    const nads: NadSummary[] = [];
    for (const { model, yamlDocument, nad } of this.index.nads()) {
      if (namespace !== undefined && nad.namespace !== namespace) continue;
      nads.push({
        namespace: nad.namespace,
        name: nad.name,
        location: { uri: model.uri, range: model.rangeIn(yamlDocument, nad.range) },
        pluginTypes: nad.pluginTypes,
        ...(nad.ipamType ? { ipamType: nad.ipamType } : {}),
        referencedBy: this.index.referencesTo(nad.namespace, nad.name).length,
      });
    }
    return nads.sort((a, b) => nadKey(a.namespace, a.name).localeCompare(nadKey(b.namespace, b.name)));
  }

  listPods(): PodSummary[] {
    return [...this.index.pods()].map(({ model, yamlDocument, pod }) => ({
      namespace: pod.namespace,
      name: pod.name,
      location: { uri: model.uri, range: model.rangeIn(yamlDocument, pod.range) },
    }));
  }
}

const NO_CHANGE: IndexChange = { nadKeys: new Set(), affectedUris: new Set(), changed: false, groups: new Set() };

/**
 * Files are workspace members; an untitled or other non-`file` document (a scratch buffer, a
 * diff side, a read-only cluster view) is checked on its own but never counted as a workspace
 * NAD or pod (issue 18: an untitled sample pod was listed and previewed twice).
 */
export function isWorkspaceMember(uri: string): boolean {
  return uri.startsWith('file:');
}

function toPreviewResult({ preview, source }: ReturnType<typeof previewWorkspacePods>[number]): PodPreviewResult {
  const json = (previewToJson([preview]) as { pods: unknown[] }).pods[0];
  return {
    pod: preview.key,
    ...(preview.node ? { node: preview.node } : {}),
    ...(preview.error ? { error: preview.error } : {}),
    ...(preview.refusedBy ? { refusedBy: preview.refusedBy } : {}),
    text: formatPreviewText([preview]),
    networkStatus: preview.error ? '' : formatNetworkStatusAnnotation(preview.networkStatus),
    json,
    location: { uri: source.model.uri, range: source.model.rangeIn(source.yamlDocument, source.pod.range) },
  };
}
