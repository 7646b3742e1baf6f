import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { DEFAULT_CLUSTER, formatIp, formatPrefix } from '../../engine';

export const CLUSTER_MODEL_SCHEME = 'multus-nad';
export const EMBEDDED_CLUSTER_URI = vscode.Uri.from({ scheme: CLUSTER_MODEL_SCHEME, path: '/embedded-cluster.yaml' });

/** Serves the embedded default cluster as a read-only YAML document. */
export class ClusterModelDocuments implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(): string {
    return (
      '# The cluster the preview places pods on when multusNad.clusterModel is empty (read-only).\n' +
      stringify(DEFAULT_CLUSTER, addressesAsText)
    );
  }
}

// The engine keeps addresses as bigint values; a reader wants `10.244.0.0/24`.
function addressesAsText(_key: unknown, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if ('prefixLength' in value && 'address' in value) return formatPrefix(value as Parameters<typeof formatPrefix>[0]);
  if ('family' in value && 'value' in value) return formatIp(value as Parameters<typeof formatIp>[0]);
  return value;
}
