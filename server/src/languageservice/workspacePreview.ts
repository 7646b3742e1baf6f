import {
  connectivityOf,
  DEFAULT_CLUSTER,
  previewPods,
  topologyOf,
  withClusterNads,
  type ClusterModel,
  type ConnectivityMatrix,
  type PodPreview,
  type Topology,
} from '../../../engine';
import { type NadObject, type PodObject } from '../../../engine/language';
import type { DocumentObjectsCache } from './documents';
import { compareUris, nadKey, type IndexedPod, type WorkspaceIndex } from './workspaceIndex';

/** A previewed pod with the workspace entry it came from. */
export interface WorkspacePodPreview {
  readonly preview: PodPreview;
  readonly source: IndexedPod;
}

/** At most this many pods are previewed for one request, so a hover stays quick in a large workspace. */
const MAX_PODS = 200;

/**
 * Previews the `candidates` (workspace pods, in workspace order), with every NAD they
 * reference (and the cluster model's own NADs the workspace does not define), on `cluster`: the same pipeline as
 * `multus-nad preview`.
 */
export function previewWorkspacePods(
  index: WorkspaceIndex,
  cache: DocumentObjectsCache,
  candidates: readonly IndexedPod[],
  cluster: ClusterModel = DEFAULT_CLUSTER,
  limit = MAX_PODS,
): WorkspacePodPreview[] {
  const chosen = candidates.slice(0, limit);
  const pods: PodObject[] = [];
  // By document: a DaemonSet's template becomes one preview per node, so previews and pods do not pair by position.
  const sources = new Map<unknown, IndexedPod>();
  for (const entry of chosen) {
    // A workload document stands for all its replicas; each is previewed.
    const replicas = cache
      .get(entry.model.uri, entry.yamlDocument)
      .pods.filter((candidate) => candidate.source.document.range[0] === entry.pod.range[0]);
    for (const pod of replicas) {
      pods.push(pod);
      sources.set(pod.source.document, entry);
    }
  }
  const previews = previewPods(previewNads(index, cache, chosen, cluster), pods, cluster);
  return previews.map((preview) => ({ preview, source: sources.get(preview.pod.source.document) as IndexedPod }));
}

/** The NADs a preview of `pods` sees: those they reference, and the cluster model's own the workspace does not define. */
export function previewNads(
  index: WorkspaceIndex,
  cache: DocumentObjectsCache,
  pods: readonly IndexedPod[],
  cluster: ClusterModel,
): readonly NadObject[] {
  return withClusterNads(referencedNads(index, cache, pods), cluster).nads;
}

function referencedNads(index: WorkspaceIndex, cache: DocumentObjectsCache, pods: readonly IndexedPod[]): NadObject[] {
  const wanted = new Map(
    pods.flatMap(({ pod }) => pod.references.map((ref) => [nadKey(ref.namespace, ref.name), ref] as const)),
  );
  // The first NAD of each key in workspace order, found by name (not a walk over every NAD).
  const firsts = [...wanted.values()]
    .map((ref) => index.nadsNamed(ref.name).find(({ nad }) => nad.namespace === ref.namespace))
    .filter((entry) => entry !== undefined)
    .sort((a, b) => compareUris(a.model.uri, b.model.uri) || a.yamlDocument.start - b.yamlDocument.start);
  const found: NadObject[] = [];
  for (const { model, yamlDocument, nad } of firsts) {
    const object = cache
      .get(model.uri, yamlDocument)
      .nads.find((candidate) => candidate.source.document.range[0] === nad.range[0]);
    if (object) found.push(object);
  }
  return found;
}

/** Who reaches whom among the previewed pods, and the topology picture of it (the preview's Connectivity view). */
export function connectivityResult(
  previews: readonly WorkspacePodPreview[],
  cluster: ClusterModel,
): { matrix: ConnectivityMatrix; topology: Topology } {
  const matrix = connectivityOf(
    previews.map(({ preview }) => preview),
    cluster,
  );
  return { matrix, topology: topologyOf(matrix, cluster) };
}

/** `namespace/name` of the cluster model's NADs that a workspace NAD replaces. */
export function overriddenClusterNads(index: WorkspaceIndex, cluster: ClusterModel): string[] {
  const own = new Set([...index.nads()].map(({ nad }) => nadKey(nad.namespace, nad.name)));
  return (cluster.nads ?? [])
    .filter((nad) => own.has(nadKey(nad.namespace, nad.name)))
    .map((nad) => `${nad.namespace}/${nad.name}`);
}
