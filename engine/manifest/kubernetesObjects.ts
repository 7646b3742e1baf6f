import { isScalar, type Scalar } from 'yaml';
import { mapScalarSource, type ScalarSourceMap } from './scalarSourceMap';
import { nodeAtPath, type ManifestDocument, type TextRange } from './yamlDocuments';

export const NAD_API_GROUP = 'k8s.cni.cncf.io';
export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';
export const NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/network-status';
export const DEFAULT_NETWORK_ANNOTATION = 'v1.multus-cni.io/default-network';

/** Where an object came from: the file (as the caller names it) and the document in it. */
export interface SourceRef {
  readonly file: string;
  readonly document: ManifestDocument;
}

/** A NetworkAttachmentDefinition as written, with its `spec.config` decoded and mapped to the file. */
export interface NadObject {
  readonly namespace: string;
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** The decoded `spec.config`, or undefined when absent or not a string. */
  readonly config?: ScalarSourceMap;
  readonly configRange?: TextRange;
  readonly source: SourceRef;
}

/** One pod as the preview sees it: from a Pod or a workload's pod template. */
export interface PodObject {
  readonly namespace: string;
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly nodeName?: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly source: SourceRef;
  /** Path to the annotations mapping in the document, for positions. */
  readonly annotationsPath: readonly string[];
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asRecord(value) ?? {})) if (typeof entry === 'string') out[key] = entry;
  return out;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function isNadDocument(value: unknown): boolean {
  const object = asRecord(value);
  const apiVersion = text(object?.apiVersion) ?? '';
  return object?.kind === 'NetworkAttachmentDefinition' && apiVersion.startsWith(`${NAD_API_GROUP}/`);
}

/** Reads a NAD from a document, or undefined when the document is something else. */
export function readNad(fileText: string, source: SourceRef, defaultNamespace = 'default'): NadObject | undefined {
  const value = source.document.value;
  if (!isNadDocument(value)) return undefined;
  const metadata = asRecord(asRecord(value)?.metadata);
  const configNode = nodeAtPath(source.document.tree, ['spec', 'config']);
  const config = isScalar(configNode) ? mapScalarSource(fileText, configNode as Scalar) : undefined;
  return {
    namespace: text(metadata?.namespace) || defaultNamespace,
    name: text(metadata?.name) ?? '',
    annotations: stringMap(metadata?.annotations),
    config,
    configRange: configNode?.range ? [configNode.range[0], configNode.range[1]] : undefined,
    source,
  };
}

/** Reads the pods a document would create (a Pod: one), or [] for anything else. */
export function readPods(source: SourceRef, defaultNamespace = 'default'): PodObject[] {
  const object = asRecord(source.document.value);
  if (object?.kind !== 'Pod' || object.apiVersion !== 'v1') return [];
  const metadata = asRecord(object.metadata);
  return [
    podFromTemplate(
      text(metadata?.name) ?? '',
      text(metadata?.namespace) || defaultNamespace,
      metadata,
      asRecord(object.spec),
      source,
      ['metadata', 'annotations'],
    ),
  ];
}

/** Builds a pod from metadata + spec (of a Pod, or of a workload's template). */
export function podFromTemplate(
  name: string,
  namespace: string,
  metadata: Json | undefined,
  spec: Json | undefined,
  source: SourceRef,
  annotationsPath: readonly string[],
): PodObject {
  const tolerations = Array.isArray(spec?.tolerations) ? spec.tolerations.map((t) => asRecord(t) ?? {}) : [];
  return {
    namespace,
    name,
    annotations: stringMap(metadata?.annotations),
    nodeName: text(spec?.nodeName),
    nodeSelector: stringMap(spec?.nodeSelector),
    tolerations: tolerations.map((t) => ({
      key: text(t.key),
      operator: text(t.operator),
      value: text(t.value),
      effect: text(t.effect),
    })),
    source,
    annotationsPath,
  };
}
