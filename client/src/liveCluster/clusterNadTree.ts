// The sidebar's model of the cluster's NetworkAttachmentDefinitions (the seed lab's
// `kubectl get network-attachment-definitions -A`: namespace, name, age), the URIs of their read-only
// documents and the YAML those show. No vscode import: tested in test/client.
import { stringify } from 'yaml';
import type { KubeObject, ClusterNad } from '../../../kube';

/** The read-only documents of cluster NADs: multus-nad-cluster:/<namespace>/<name>.yaml?context=<context>. */
export const CLUSTER_NAD_SCHEME = 'multus-nad-cluster';

export interface NadNode {
  readonly kind: 'nad';
  readonly namespace: string;
  readonly name: string;
  /** The plugin type and the age, as kubectl's AGE column: "macvlan, 5m". */
  readonly description: string;
  readonly tooltip: string;
}

export interface NamespaceNode {
  readonly kind: 'namespace';
  readonly namespace: string;
  readonly description: string;
  readonly nads: readonly NadNode[];
}

/** kubectl's AGE column (k8s.io/apimachinery/pkg/util/duration HumanDuration, coarsened): 45s, 5m, 3h, 12d. */
export function age(created: string | undefined, now: number): string | undefined {
  const since = created ? Date.parse(created) : NaN;
  if (Number.isNaN(since)) return undefined;
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

function nadNode(nad: ClusterNad, now: number): NadNode {
  const type = nad.type ?? (nad.config === '' ? 'no spec.config' : 'config does not parse');
  const when = age(nad.created, now);
  return {
    kind: 'nad',
    namespace: nad.namespace,
    name: nad.name,
    description: when ? `${type}, ${when}` : type,
    tooltip: [
      `${nad.namespace}/${nad.name}`,
      `type: ${type}`,
      ...(nad.created ? [`created: ${nad.created}`] : []),
    ].join('\n'),
  };
}

/** Namespaces in listNads order (sorted), each with its NADs (sorted by name). */
export function nadTreeOf(byNamespace: ReadonlyMap<string, readonly ClusterNad[]>, now: number): NamespaceNode[] {
  return [...byNamespace.entries()].map(([namespace, nads]) => ({
    kind: 'namespace',
    namespace,
    description: `${nads.length} NAD${nads.length === 1 ? '' : 's'}`,
    nads: nads.map((nad) => nadNode(nad, now)),
  }));
}

export interface ClusterNadAddress {
  readonly context: string;
  readonly namespace: string;
  readonly name: string;
}

/** The path and query of a cluster NAD's document (the `.yaml` ending makes VS Code pick the YAML language). */
export function clusterNadUriParts(address: ClusterNadAddress): { path: string; query: string } {
  return {
    path: `/${encodeURIComponent(address.namespace)}/${encodeURIComponent(address.name)}.yaml`,
    query: `context=${encodeURIComponent(address.context)}`,
  };
}

/** The address back from a document's path and query; undefined for anything else. */
export function parseClusterNadUri(path: string, query: string): ClusterNadAddress | undefined {
  const match = /^\/([^/]+)\/([^/]+)\.yaml$/.exec(path);
  const context = new URLSearchParams(query).get('context');
  if (!match || context === null) return undefined;
  try {
    return { context, namespace: decodeURIComponent(match[1]), name: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}

/** The NAD as stored (managedFields already dropped by readNad), under a comment saying where it came from. */
export function clusterNadYaml(nad: KubeObject, from: { context: string; server: string; readAt: Date }): string {
  const header = [
    `# Read-only: NetworkAttachmentDefinition ${nad.metadata.namespace ?? ''}/${nad.metadata.name}`,
    `# from context ${from.context} (${from.server}) at ${from.readAt.toISOString()}.`,
    '# Edit the file it came from and use "Apply to cluster" to change it.',
  ];
  return `${header.join('\n')}\n${stringify(nad, { lineWidth: 0 })}`;
}

/** What the document says when the NAD could not be read (the explanation is already redacted). */
export function unreadableNadYaml(address: ClusterNadAddress, explanation: readonly string[]): string {
  return [
    `# NetworkAttachmentDefinition ${address.namespace}/${address.name} of context ${address.context} could not be read:`,
    ...explanation.map((line) => `# ${line}`),
    '',
  ].join('\n');
}
