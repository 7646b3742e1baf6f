import { isScalar, type Scalar } from 'yaml';
import type { LenientText } from './lenientYaml';
import { mapScalarSource, type ScalarSourceMap } from './scalarSourceMap';
import { podTemplateOf, podTemplatePath } from './podTemplates';
import { nodeAtPath, type ManifestDocument, type TextRange } from './yamlDocuments';
import { asRecord, type Json } from '../json/jsonValue';

export const NAD_API_GROUP = 'k8s.cni.cncf.io';
export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';
export const NETWORK_STATUS_ANNOTATION = 'k8s.v1.cni.cncf.io/network-status';
export const DEFAULT_NETWORK_ANNOTATION = 'v1.multus-cni.io/default-network';

/** Where an object came from: the file (as the caller names it) and the document in it. */
export interface SourceRef {
  readonly file: string;
  readonly document: ManifestDocument;
  /**
   * Set when the document was parsed from a re-indented copy of the file (quoted scalars
   * indented the go-yaml way): the text the document's offsets refer to, and the way back to
   * file offsets. Positions shown to users must go through it.
   */
  readonly lenient?: LenientText;
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
  /** `metadata.uid` when the manifest carries one (Multus quotes it in errors). */
  readonly uid?: string;
  /** The workload that creates this pod (a kind of manifest/podTemplates.ts). */
  readonly workload?: { readonly kind: string; readonly name: string };
  /** A DaemonSet's template: the preview makes one pod per node it can run on. */
  readonly perNode?: boolean;
  /** Extended resources the containers request or limit (e.g. `intel.com/sriov_netdevice`). */
  readonly resources?: readonly string[];
  /** How many DRA `resourceClaims` the pod has (Multus HEAD maps claimed devices to NAD resourceNames). */
  readonly resourceClaims?: number;
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
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

/** Reads the pods a document would create: a Pod, or a workload's replicas; [] for anything else. */
export function readPods(source: SourceRef, defaultNamespace = 'default'): PodObject[] {
  const object = asRecord(source.document.value);
  const metadata = asRecord(object?.metadata);
  const name = text(metadata?.name) ?? '';
  const namespace = text(metadata?.namespace) || defaultNamespace;
  if (object?.kind === 'Pod' && object.apiVersion === 'v1') {
    const pod = podFromTemplate(name, namespace, metadata, asRecord(object.spec), source, ['metadata', 'annotations']);
    const uid = text(metadata?.uid);
    return [uid ? { ...pod, uid } : pod];
  }
  const kind = typeof object?.kind === 'string' ? object.kind : '';
  const templatePath = podTemplatePath(kind);
  if (!templatePath?.length || typeof object?.apiVersion !== 'string') return [];
  const template = podTemplateOf(object);
  if (!template) return [];
  const spec = asRecord(object.spec);
  const workload = { kind, name };
  const build = (podName: string) => ({
    ...podFromTemplate(podName, namespace, asRecord(template.metadata), asRecord(template.spec), source, [
      ...templatePath,
      'metadata',
      'annotations',
    ]),
    workload,
  });
  return workloadPodNames(kind, name, spec, template).map((podName) =>
    kind === 'DaemonSet' ? { ...build(podName), perNode: true } : build(podName),
  );
}

/**
 * Pod names as the controllers make them, with deterministic stand-ins for the random parts:
 * Deployment `<name>-<template hash>-<5>`, ReplicaSet, ReplicationController and Job `<name>-<5>`, StatefulSet
 * `<name>-<ordinal>`, CronJob `<name>-<scheduled minute>-<5>`; DaemonSet one name (one pod
 * per node is made at placement). Replicas default to 1; a Job runs `parallelism` pods at once.
 */
function workloadPodNames(kind: string, name: string, spec: Json | undefined, template: Json): string[] {
  const count = (key: string) => (typeof spec?.[key] === 'number' ? Math.max(0, Math.floor(spec[key] as number)) : 1);
  const hash = safeEncode(fnvHex(JSON.stringify(template)), 10);
  const suffix = (i: number) => safeEncode(fnvHex(`${name}/${i}`), 5);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  switch (kind) {
    case 'Deployment':
      return range(count('replicas')).map((i) => `${name}-${hash}-${suffix(i)}`);
    case 'ReplicaSet':
    case 'ReplicationController':
      return range(count('replicas')).map((i) => `${name}-${suffix(i)}`);
    case 'StatefulSet':
      return range(count('replicas')).map((i) => `${name}-${i}`);
    case 'Job':
      return range(count('parallelism')).map((i) => `${name}-${suffix(i)}`);
    case 'CronJob':
      return [`${name}-${parseInt(fnvHex(name).slice(0, 7), 16) % 100000000}-${suffix(0)}`];
    default:
      return [name];
  }
}

/** The alphabet of k8s.io/apimachinery rand.SafeEncodeString (no vowels, no confusable digits). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

function safeEncode(hex: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++)
    out += SAFE[parseInt(hex.slice((i * 2) % hex.length, ((i * 2) % hex.length) + 2), 16) % SAFE.length];
  return out;
}

function fnvHex(input: string): string {
  let hash = 0x811c9dc5;
  let out = '';
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < input.length; i++) hash = Math.imul(hash ^ input.charCodeAt(i), 0x01000193) >>> 0;
    out += hash.toString(16).padStart(8, '0');
  }
  return out;
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
    resources: requestedResources(spec),
    resourceClaims: Array.isArray(spec?.resourceClaims) ? spec.resourceClaims.length : 0,
  };
}

/** The resource names in every container's `resources.requests` and `resources.limits`. */
function requestedResources(spec: Json | undefined): string[] {
  const names = new Set<string>();
  const containers = [spec?.containers, spec?.initContainers].flatMap((list) => (Array.isArray(list) ? list : []));
  for (const container of containers) {
    const resources = asRecord(asRecord(container)?.resources);
    for (const key of ['requests', 'limits'])
      for (const name of Object.keys(asRecord(resources?.[key]) ?? {})) names.add(name);
  }
  return [...names];
}
