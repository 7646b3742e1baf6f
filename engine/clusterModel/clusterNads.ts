import { stringify } from 'yaml';
import type { NadObject } from '../manifest/kubernetesObjects';
import { readManifestSet } from '../manifest/manifestSet';
import type { ClusterModel } from './clusterModel';

export interface NadsWithCluster {
  readonly nads: readonly NadObject[];
  /** `namespace/name` of every cluster NAD a workspace NAD replaced. */
  readonly overridden: readonly string[];
}

const keyOf = (nad: { namespace: string; name: string }) => `${nad.namespace}/${nad.name}`;

/**
 * The NADs a preview on a cluster model sees: the workspace's, plus the cluster's that the workspace does not
 * define again (the workspace's copy is the one about to be applied). Cluster NADs are read as manifests of a
 * file named `cluster:<context>`, so diagnostics and previews can say where they came from.
 */
export function withClusterNads(workspace: readonly NadObject[], cluster: ClusterModel): NadsWithCluster {
  if (!cluster.nads?.length) return { nads: workspace, overridden: [] };
  const own = new Set(workspace.map(keyOf));
  const overridden = cluster.nads.filter((nad) => own.has(keyOf(nad))).map(keyOf);
  const kept = cluster.nads.filter((nad) => !own.has(keyOf(nad)));
  const text = kept
    .map((nad) =>
      stringify({
        apiVersion: 'k8s.cni.cncf.io/v1',
        kind: 'NetworkAttachmentDefinition',
        metadata: { namespace: nad.namespace, name: nad.name },
        spec: { config: nad.config },
      }),
    )
    .join('---\n');
  const fromCluster = readManifestSet([{ path: `cluster:${cluster.source?.context ?? 'model'}`, text }]).nads;
  return { nads: [...workspace, ...fromCluster], overridden };
}

/** The lines a preview on a cluster model starts with: where the model came from, its notes, the overrides. */
export function clusterModelNotes(cluster: ClusterModel, overridden: readonly string[]): string[] {
  const lines: string[] = [];
  if (cluster.source)
    lines.push(`Cluster model: live context "${cluster.source.context}", read at ${cluster.source.takenAt}.`);
  lines.push(...(cluster.notes ?? []));
  for (const key of overridden) lines.push(`NAD ${key}: the workspace's copy overrides the cluster's.`);
  return lines;
}
