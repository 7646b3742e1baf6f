import { isScalar, type Node, type Scalar } from 'yaml';
import {
  checkManifestSet,
  LineIndex,
  mapScalarSource,
  readManifestSet,
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
import { WORKSPACE_CODES } from './workspaceChecks';

/** A NAD as the index keeps it: small, with offsets relative to its chunk. */
export interface NadEntry {
  readonly namespace: string;
  readonly name: string;
  readonly range: TextRange;
  readonly nameRange?: TextRange;
  readonly pluginTypes: readonly string[];
  readonly ipamType?: string;
}

/** One entry of a pod's networks annotation, with its offsets relative to its chunk. */
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
 * What one YAML document (a chunk of a file) holds for us, computed once per distinct text and
 * kept small: the engine's diagnostics, the NADs and the annotated pods. Offsets and
 * positions are relative to the chunk, so the same analysis serves wherever the chunk moves.
 */
export interface ChunkAnalysis {
  readonly text: string;
  readonly lines: LineIndex;
  /** False for documents that are neither NADs nor annotated workloads: they get nothing from us. */
  readonly ours: boolean;
  readonly diagnostics: readonly EngineDiagnostic[];
  readonly nads: readonly NadEntry[];
  readonly pods: readonly PodEntry[];
  /** Set for documents past the per-file limits: not analysed at all. */
  readonly unchecked?: boolean;
  /** Set for documents not analysed yet (a large file is analysed in slices, between requests). */
  readonly pending?: boolean;
}

/** The full parse of a chunk (YAML trees, engine objects), kept only for the chunk a feature works on. */
export interface ChunkObjects {
  readonly set: ManifestSet;
  readonly nads: readonly NadObject[];
  readonly pods: readonly PodObject[];
  readonly ours: readonly boolean[];
}

const OUR_MARKERS = /cni\.cncf\.io|multus-cni\.io|NetworkAttachmentDefinition/;
const MULTUS_ANNOTATION = /^(k8s\.v1\.cni\.cncf\.io|v1\.multus-cni\.io)\//;
/** An analysis whose line index is built on first use (many documents never need a position). */
class Analysis implements ChunkAnalysis {
  private index: LineIndex | undefined;
  constructor(
    readonly text: string,
    readonly ours: boolean,
    readonly diagnostics: readonly EngineDiagnostic[] = [],
    readonly nads: readonly NadEntry[] = [],
    readonly pods: readonly PodEntry[] = [],
    readonly unchecked?: boolean,
    readonly pending?: boolean,
  ) {}

  get lines(): LineIndex {
    this.index ??= new LineIndex(this.text);
    return this.index;
  }
}

/** A document whose analysis is still to come: positions only for now. */
export function pendingChunk(text: string): ChunkAnalysis {
  return new Analysis(text, false, [], [], [], false, true);
}

/** A document past the per-file limits: positions only, nothing analysed. */
export function uncheckedChunk(text: string): ChunkAnalysis {
  return new Analysis(text, false, [], [], [], true);
}

/** Analyses one chunk with the engine. `file` is the name diagnostics carry (the URI). */
export function analyzeChunk(file: string, text: string): ChunkAnalysis {
  if (!OUR_MARKERS.test(text)) return new Analysis(text, false);
  const objects = readChunkObjects(file, text);
  const documents = objects.set.files[0]?.documents ?? [];
  const oursRanges = documents.filter((_, index) => objects.ours[index]).map((document) => document.range);
  if (oursRanges.length === 0) return new Analysis(text, false);
  const inOurs = (diagnostic: EngineDiagnostic) =>
    oursRanges.some(([start, end]) => diagnostic.range[0] >= start && diagnostic.range[0] <= end);
  return new Analysis(
    text,
    true,
    checkManifestSet(objects.set).filter((d) => inOurs(d) && !WORKSPACE_CODES.has(d.code)),
    objects.nads.map(nadEntry),
    onePerDocument(objects.pods).map((pod) => podEntry(text, pod)),
  );
}

/** Parses a chunk into engine objects (pods include the pods of workload templates). */
export function readChunkObjects(file: string, text: string): ChunkObjects {
  const set = readManifestSet([{ path: file, text }]);
  const documents = set.files[0]?.documents ?? [];
  const ours = documents.map((document) => isOurs(document.value, text.slice(document.range[0], document.range[1])));
  return { set, nads: set.nads, pods: set.pods, ours };
}

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function hasMultusAnnotation(metadata: unknown): boolean {
  return Object.keys(asRecord(asRecord(metadata)?.annotations) ?? {}).some((key) => MULTUS_ANNOTATION.test(key));
}

/** The pod template of a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job; CronJob's job template). */
function templatePath(value: Json): string[] | undefined {
  const spec = asRecord(value.spec);
  if (asRecord(spec?.template)) return ['spec', 'template'];
  if (asRecord(asRecord(asRecord(spec?.jobTemplate)?.spec)?.template))
    return ['spec', 'jobTemplate', 'spec', 'template'];
  return undefined;
}

function isOurs(value: unknown, text: string): boolean {
  const object = asRecord(value);
  if (!object) return value === undefined && OUR_MARKERS.test(text);
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  if (apiVersion.startsWith('k8s.cni.cncf.io/') || object.kind === 'NetworkAttachmentDefinition') return true;
  if (hasMultusAnnotation(object.metadata)) return true;
  const path = templatePath(object);
  let template: unknown = object;
  for (const key of path ?? []) template = asRecord(template)?.[key];
  return !!path && hasMultusAnnotation(asRecord(template)?.metadata);
}

function nodeRange(node: Node | undefined): TextRange | undefined {
  return node?.range ? [node.range[0], node.range[1]] : undefined;
}

function nadEntry(nad: NadObject): NadEntry {
  const plugins = pluginObjects(nad.config?.text);
  const ipam = plugins.map((plugin) => asRecord(plugin.ipam)?.type).find((type) => typeof type === 'string');
  return {
    namespace: nad.namespace,
    name: nad.name,
    range: inFile(nad.source, nad.source.document.range),
    nameRange: inFile(nad.source, nodeRange(nodeAtPath(nad.source.document.tree, ['metadata', 'name']))),
    pluginTypes: plugins.map((plugin) => (typeof plugin.type === 'string' ? plugin.type : '')),
    ipamType: ipam as string | undefined,
  };
}

/** The plugin objects of a config: the conf itself when it has a `type`, else its `plugins` (MUL pkg/types/conf.go). */
function pluginObjects(text: string | undefined): Json[] {
  let root: Json | undefined;
  try {
    root = asRecord(text ? JSON.parse(text) : undefined);
  } catch {
    return [];
  }
  if (!root) return [];
  if (typeof root.type === 'string' && root.type !== '') return [root];
  return Array.isArray(root.plugins) ? root.plugins.map((plugin) => asRecord(plugin) ?? {}) : [];
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
