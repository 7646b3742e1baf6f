import { isScalar, type Node, type Scalar } from 'yaml';
import {
  diagnosticScope,
  ManifestChecker,
  type NadFacts,
  type PodNetworks,
  LineIndex,
  mapScalarSource,
  readManifestSet,
  type ClusterModel,
  type EngineDiagnostic,
  type ManifestSet,
  type TextRange,
} from '../../../engine';
import {
  nodeAtPath,
  NETWORKS_ANNOTATION,
  type NadObject,
  type PodObject,
  type SourceRef,
  type LenientText,
  readNetworkReferences,
} from '../../../engine/language';
import { asRecord, podTemplateOf, type Json } from '../../../engine';

/** A NAD as the index keeps it: small, with offsets relative to its document. */
export interface NadEntry {
  readonly namespace: string;
  readonly name: string;
  readonly range: TextRange;
  readonly nameRange?: TextRange;
  readonly pluginTypes: readonly string[];
  readonly ipamType?: string;
  /** The CNI network name (the config's `name`, else metadata.name): NADs sharing it collide. */
  readonly cniName: string;
  /** The first plugin's `master`: NADs on one master may hand out overlapping addresses. */
  readonly master?: string;
}

/** One entry of a pod's networks annotation, with its offsets relative to its document. */
export interface ReferenceEntry {
  readonly namespace: string;
  readonly name: string;
  readonly interfaceName: string;
  readonly range: TextRange;
  readonly nameRange: TextRange;
}

/** A pod or pod template that carries Multus annotations. */
export interface PodEntry {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly range: TextRange;
  readonly nameRange?: TextRange;
  readonly references: readonly ReferenceEntry[];
}

/**
 * What one YAML document of a file holds for us, computed once per distinct text and
 * kept small: the engine's diagnostics, the NADs and the annotated pods. Offsets and
 * positions are relative to the document, so the same analysis serves wherever the document moves.
 */
export interface DocumentAnalysis {
  readonly text: string;
  readonly lines: LineIndex;
  /** False for documents that are neither NADs nor annotated workloads: they get nothing from us. */
  readonly ours: boolean;
  /** The engine's findings of the rules that see one document (`document` scope). */
  readonly diagnostics: readonly EngineDiagnostic[];
  /** The `workspace`-scope findings with this document alone: what it gets when no other document relates to it. */
  readonly alone: readonly EngineDiagnostic[];
  readonly nads: readonly NadEntry[];
  readonly pods: readonly PodEntry[];
  /** What the engine's rules across files read of this document's NADs and pods (offsets relative to the document). */
  readonly summaries: DocumentSummaries;
  /** Set for documents past the per-file limits: not analysed at all. */
  readonly unchecked?: boolean;
  /** Set for documents not analysed yet (a large file is analysed in slices, between requests). */
  readonly pending?: boolean;
}

export interface DocumentSummaries {
  readonly nads: readonly NadFacts[];
  readonly pods: readonly PodNetworks[];
}

const NO_SUMMARIES: DocumentSummaries = { nads: [], pods: [] };

/** The full parse of a document (YAML trees, engine objects), kept only for the document a feature works on. */
export interface DocumentObjects {
  readonly set: ManifestSet;
  readonly nads: readonly NadObject[];
  readonly pods: readonly PodObject[];
  readonly ours: readonly boolean[];
}

/** Words one of our documents holds; `config:` catches a NAD fragment (spec.config without kind), which the CLI checks too. */
const OUR_MARKERS = /cni\.cncf\.io|multus-cni\.io|NetworkAttachmentDefinition|\bconfig\s*:/;
/** Multus annotation keys, the obsolete `kubernetes.v1.cni.cncf.io/networks` included (annotation-legacy-key). */
const MULTUS_ANNOTATION = /^(k8s\.v1\.cni\.cncf\.io|v1\.multus-cni\.io|kubernetes\.v1\.cni\.cncf\.io)\//;
/** An analysis whose line index is built on first use (many documents never need a position). */
class Analysis implements DocumentAnalysis {
  private index: LineIndex | undefined;
  constructor(
    readonly text: string,
    readonly ours: boolean,
    readonly diagnostics: readonly EngineDiagnostic[] = [],
    readonly alone: readonly EngineDiagnostic[] = [],
    readonly nads: readonly NadEntry[] = [],
    readonly pods: readonly PodEntry[] = [],
    readonly summaries: DocumentSummaries = NO_SUMMARIES,
    readonly unchecked?: boolean,
    readonly pending?: boolean,
  ) {}

  get lines(): LineIndex {
    this.index ??= new LineIndex(this.text);
    return this.index;
  }
}

/** A document whose analysis is still to come: positions only for now. */
export function pendingDocument(text: string): DocumentAnalysis {
  return new Analysis(text, false, [], [], [], [], NO_SUMMARIES, false, true);
}

/** A document past the per-file limits: positions only, nothing analysed. */
export function uncheckedDocument(text: string): DocumentAnalysis {
  return new Analysis(text, false, [], [], [], [], NO_SUMMARIES, true);
}

/**
 * Analyses one document with the engine, for the nodes of `cluster` (which plugin binaries they
 * have). `file` is the name diagnostics carry (the URI).
 */
export function analyzeDocument(file: string, text: string, cluster: ClusterModel): DocumentAnalysis {
  if (!OUR_MARKERS.test(text)) return new Analysis(text, false);
  const objects = readDocumentObjects(file, text);
  const oursRanges = checkedOursRanges(objects.set, text);
  if (oursRanges.length === 0) return new Analysis(text, false);
  const inOurs = (diagnostic: EngineDiagnostic) =>
    oursRanges.some(([start, end]) => diagnostic.range[0] >= start && diagnostic.range[0] <= end);
  // The same checks as checkManifestSet, keeping what the rules across files read (WorkspaceChecks).
  const checker = new ManifestChecker({ cluster });
  const own = checker.checkFile(objects.set.files[0]);
  const found = [...own.diagnostics, ...checker.acrossFiles()].sort((a, b) => a.range[0] - b.range[0]).filter(inOurs);
  return new Analysis(
    text,
    true,
    found.filter((d) => diagnosticScope(d.code) === 'document'),
    found.filter((d) => diagnosticScope(d.code) === 'workspace'),
    objects.nads.map(nadEntry),
    onePerDocument(objects.pods).map((pod) => podEntry(text, pod)),
    { nads: own.nads, pods: own.pods },
  );
}

/** Parses a document into engine objects (pods include the pods of workload templates). */
export function readDocumentObjects(file: string, text: string): DocumentObjects {
  const set = readManifestSet([{ path: file, text }]);
  const documents = set.files[0]?.documents ?? [];
  const ours = documents.map((document) => isOurs(document.value, text.slice(document.range[0], document.range[1])));
  return { set, nads: set.nads, pods: set.pods, ours };
}

/**
 * The file ranges of our documents as the engine checks them: from the go-yaml re-indented copy
 * when the document needed one (its documents run longer than the YAML 1.2 parse's), each running to
 * the next document, so no finding past where a broken parse stopped is dropped.
 */
function checkedOursRanges(set: ManifestSet, text: string): TextRange[] {
  const file = set.files[0];
  if (!file) return [];
  const read = file.lenient ?? { documents: file.documents, lenient: undefined };
  const source = read.lenient?.text ?? text;
  const toFile = (offset: number) => read.lenient?.toOriginal(offset) ?? offset;
  const documents = read.documents;
  return documents.flatMap((document, index): TextRange[] => {
    if (!isOurs(document.value, source.slice(document.range[0], document.range[1]))) return [];
    const end = documents[index + 1]?.range[0] ?? source.length;
    return [[toFile(document.range[0]), toFile(end)]];
  });
}

function hasMultusAnnotation(metadata: unknown): boolean {
  return Object.keys(asRecord(asRecord(metadata)?.annotations) ?? {}).some((key) => MULTUS_ANNOTATION.test(key));
}

function isOurs(value: unknown, text: string): boolean {
  const object = asRecord(value);
  if (!object) return value === undefined && OUR_MARKERS.test(text);
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  if (/^(k8s|kubernetes)\.cni\.cncf\.io\//.test(apiVersion) || object.kind === 'NetworkAttachmentDefinition')
    return true;
  // A NAD fragment (spec.config without kind) and flattened metadata (annotations at the top) are checked as the CLI does.
  if (object.kind === undefined && asRecord(object.spec)?.config !== undefined) return true;
  if (hasMultusAnnotation(object.metadata) || hasMultusAnnotation(object)) return true;
  return hasMultusAnnotation(podTemplateOf(object)?.metadata);
}

function nodeRange(node: Node | undefined): TextRange | undefined {
  return node?.range ? [node.range[0], node.range[1]] : undefined;
}

function nadEntry(nad: NadObject): NadEntry {
  const root = configRoot(nad.config?.text);
  const plugins = pluginObjects(root);
  const ipam = plugins.map((plugin) => asRecord(plugin.ipam)?.type).find((type) => typeof type === 'string');
  const configName = root?.name;
  const master = plugins[0]?.master;
  return {
    namespace: nad.namespace,
    name: nad.name,
    range: inFile(nad.source, nad.source.document.range),
    nameRange: inFile(nad.source, nodeRange(nodeAtPath(nad.source.document.tree, ['metadata', 'name']))),
    pluginTypes: plugins.map((plugin) => (typeof plugin.type === 'string' ? plugin.type : '')),
    ipamType: ipam as string | undefined,
    cniName: typeof configName === 'string' && configName !== '' ? configName : nad.name,
    ...(typeof master === 'string' && master !== '' ? { master } : {}),
  };
}

/** The plugin objects of a config: the conf itself when it has a `type`, else its `plugins` (MUL pkg/types/conf.go). */
function pluginObjects(root: Json | undefined): Json[] {
  if (!root) return [];
  if (typeof root.type === 'string' && root.type !== '') return [root];
  return Array.isArray(root.plugins) ? root.plugins.map((plugin) => asRecord(plugin) ?? {}) : [];
}

function configRoot(text: string | undefined): Json | undefined {
  try {
    return asRecord(text ? JSON.parse(text) : undefined);
  } catch {
    return undefined;
  }
}

/** A workload's replicas share one document; the index keeps one entry for it. */
function onePerDocument(pods: readonly PodObject[]): PodObject[] {
  return pods.filter(
    (pod, index) => pods.findIndex((other) => other.source.document === pod.source.document) === index,
  );
}

function podEntry(text: string, pod: PodObject): PodEntry {
  const tree = pod.source.document.tree;
  const node = nodeAtPath(tree, [...pod.annotationsPath, NETWORKS_ANNOTATION]);
  return {
    namespace: pod.namespace,
    name: pod.workload?.name ?? pod.name,
    kind: pod.workload?.kind ?? 'Pod',
    range: inFile(pod.source, pod.source.document.range),
    nameRange: inFile(pod.source, nodeRange(nodeAtPath(tree, ['metadata', 'name']))),
    references: isScalar(node) ? referenceEntries(text, node as Scalar, pod.namespace, pod.source.lenient) : [],
  };
}

/** A document range in file offsets: documents read from a re-indented copy map back through it. */
function inFile<T extends TextRange | undefined>(source: SourceRef, range: T): T {
  const lenient = source.lenient;
  return (range && lenient ? [lenient.toOriginal(range[0]), lenient.toOriginal(range[1])] : range) as T;
}

function referenceEntries(text: string, node: Scalar, namespace: string, lenient?: LenientText): ReferenceEntry[] {
  // The node's offsets refer to the text it was parsed from (hardening: mapping a re-indented
  // document's node against the file text put reference-not-found on the wrong line).
  const map = mapScalarSource(lenient?.text ?? text, node);
  if (!map) return [];
  const outcome = readNetworkReferences(map.text, namespace);
  if ('error' in outcome) return [];
  const at = (index: number) => {
    const offset = map.offsets[Math.min(index, map.text.length)];
    return lenient ? lenient.toOriginal(offset) : offset;
  };
  return outcome.references.map((reference) => ({
    namespace: reference.namespace,
    name: reference.name,
    interfaceName: reference.interfaceName,
    range: [at(reference.span[0]), at(reference.span[1])],
    nameRange: [at(reference.nameSpan[0]), at(reference.nameSpan[1])],
  }));
}

/** The scalar node of a map value at a path, when it is one. */
export function scalarAt(tree: Parameters<typeof nodeAtPath>[0], path: readonly string[]): Scalar | undefined {
  const node = nodeAtPath(tree, path);
  return isScalar(node) ? (node as Scalar) : undefined;
}
