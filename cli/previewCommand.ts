import { readFileSync } from 'node:fs';
import {
  DEFAULT_CLUSTER,
  formatNetworkStatusMap,
  formatPreviewText,
  previewPods,
  previewToJson,
  readClusterFile,
  readManifestSet,
  withClusterNads,
  clusterModelNotes,
  type ClusterModel,
} from '../engine';
import { CliInputError, readManifestFiles } from './manifestFiles';

export type PreviewFormat = 'text' | 'json' | 'network-status';

export interface PreviewOptions {
  readonly format: PreviewFormat;
  /** A cluster model file (`--cluster FILE`); the embedded default cluster otherwise. */
  readonly cluster?: string;
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
  return previewOn(cluster, paths, options.format, write, explain);
}

/**
 * Previews the pods in `paths` on `cluster`. The cluster's own NADs join the workspace's (which override them);
 * the lines saying so, and the model's notes, go to stdout for text and to `note` (stderr) for machine formats;
 * "no pods" always goes to `note`.
 */
export function previewOn(
  cluster: ClusterModel,
  paths: readonly string[],
  format: PreviewFormat,
  write: (text: string) => void,
  note: (text: string) => void,
): number {
  const set = readManifestSet(readManifestFiles(paths));
  const { nads, overridden } = withClusterNads(set.nads, cluster);
  const header = clusterModelNotes(cluster, overridden);
  if (header.length) {
    const text = header.map((line) => `${line}\n`).join('');
    if (format === 'text') write(`${text}\n`);
    else note(text);
  }
  const previews = previewPods(nads, set.pods, cluster);
  if (previews.length === 0) {
    note('no pods found: give files or folders with Pods that carry k8s.v1.cni.cncf.io/networks\n');
  }
  if (format === 'network-status') write(formatNetworkStatusMap(previews));
  else if (format === 'json') write(`${JSON.stringify(previewToJson(previews), null, 2)}\n`);
  else if (previews.length > 0) write(formatPreviewText(previews));
  return previews.some((preview) => preview.error) ? 1 : 0;
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
