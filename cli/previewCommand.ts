import { readFileSync } from 'node:fs';
import {
  connectivityOf,
  DEFAULT_CLUSTER,
  formatConnectivityText,
  formatTopologyDot,
  formatTopologyMermaid,
  topologyOf,
  type PodPreview,
  formatNetworkStatusMap,
  formatPreviewText,
  previewPods,
  previewToJson,
  readClusterFile,
  readManifestSet,
  type ClusterModel,
} from '../engine';
import { CliInputError, readManifestFiles } from './manifestFiles';

export type PreviewFormat = 'text' | 'json' | 'network-status' | 'mermaid' | 'dot';

export interface PreviewOptions {
  readonly format: PreviewFormat;
  /** A cluster model file (`--cluster FILE`); the embedded default cluster otherwise. */
  readonly cluster?: string;
  /** `--connectivity`: the reachability matrix instead of the interfaces (connectivityOutput). */
  readonly connectivity?: boolean;
}

/**
 * `multus-nad preview`: prints what each pod would get; exit 1 when Multus would refuse a pod.
 * Without pods the machine-readable formats still print their empty value (`{}`, `{"pods": []}`),
 * and the explanation goes to `explain` (stderr), so a pipe never reads prose as JSON.
 */
export function runPreview(
  paths: readonly string[],
  options: PreviewOptions,
  write: (text: string) => void,
  explain: (text: string) => void,
): number {
  const cluster = options.cluster ? loadCluster(options.cluster) : DEFAULT_CLUSTER;
  const set = readManifestSet(readManifestFiles(paths));
  const previews = previewPods(set.nads, set.pods, cluster);
  if (previews.length === 0) {
    explain('no pods found: give files or folders with Pods that carry k8s.v1.cni.cncf.io/networks\n');
  }
  if (options.connectivity || options.format === 'mermaid' || options.format === 'dot') {
    write(connectivityOutput(previews, cluster, options.format));
    return previews.some((preview) => preview.error) ? 1 : 0;
  }
  if (options.format === 'network-status') write(formatNetworkStatusMap(previews));
  else if (options.format === 'json') write(`${JSON.stringify(previewToJson(previews), null, 2)}\n`);
  else if (previews.length > 0) write(formatPreviewText(previews));
  return previews.some((preview) => preview.error) ? 1 : 0;
}

/** `--connectivity`: the matrix as text or JSON; `--format mermaid|dot`: the topology picture. */
function connectivityOutput(previews: readonly PodPreview[], cluster: ClusterModel, format: PreviewFormat): string {
  const matrix = connectivityOf(previews, cluster);
  if (format === 'mermaid') return formatTopologyMermaid(topologyOf(matrix, cluster));
  if (format === 'dot') return formatTopologyDot(topologyOf(matrix, cluster));
  if (format === 'json') return `${JSON.stringify(matrix, null, 2)}\n`;
  if (format === 'network-status') throw new CliInputError('--connectivity prints text, json, mermaid or dot');
  return formatConnectivityText(matrix);
}

function loadCluster(path: string): ClusterModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliInputError(
      `${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read'}: ${(error as Error).message}`,
    );
  }
  const cluster = readClusterFile(text);
  if ('error' in cluster) throw new CliInputError(`${path}: ${cluster.error}`);
  return cluster;
}
