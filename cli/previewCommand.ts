import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  withClusterNads,
  clusterModelNotes,
  type ClusterModel,
  type ManifestFile,
} from '../engine';
import { CliInputError, readManifestFiles, STDIN_PATH } from './manifestFiles';
import { configFor, ignoreReason } from './repositoryContext';

export type PreviewFormat = 'text' | 'json' | 'network-status' | 'mermaid' | 'dot';

export interface PreviewOptions {
  readonly format: PreviewFormat;
  /** A cluster model file (`--cluster FILE`); the embedded default cluster otherwise. */
  readonly cluster?: string;
  /** `--connectivity`: the reachability matrix instead of the interfaces (connectivityOutput). */
  readonly connectivity?: boolean;
}

/** What preview prints: the format, and whether the connectivity matrix replaces the interfaces. */
export type PreviewOutput = Pick<PreviewOptions, 'format' | 'connectivity'>;

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
  const files = readPreviewFiles(paths);
  const cluster = clusterFor(options, files[0]?.path ?? STDIN_PATH);
  return previewOn(cluster, files, options, write, explain);
}

/** The manifest files of `paths` (`-`: standard input) that no .multus-nad.yaml ignores. */
export function readPreviewFiles(paths: readonly string[]): ManifestFile[] {
  return readManifestFiles(paths).filter((file) => !ignoreReason(file.path));
}

/**
 * Previews the pods in `files` on `cluster`. The cluster's own NADs join the workspace's (which override them);
 * the lines saying so, and the model's notes, go to stdout for text and to `note` (stderr) for machine formats;
 * "no pods" always goes to `note`.
 */
export function previewOn(
  cluster: ClusterModel,
  files: readonly ManifestFile[],
  output: PreviewOutput,
  write: (text: string) => void,
  note: (text: string) => void,
): number {
  const { format } = output;
  const set = readManifestSet(files);
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
  if (output.connectivity || format === 'mermaid' || format === 'dot') {
    write(connectivityOutput(previews, cluster, format));
    return previews.some((preview) => preview.error) ? 1 : 0;
  }
  if (format === 'network-status') write(formatNetworkStatusMap(previews));
  else if (format === 'json') write(`${JSON.stringify(previewToJson(previews), null, 2)}\n`);
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

/**
 * `--cluster FILE`, else the `clusterModel` of the nearest .multus-nad.yaml (relative to its folder),
 * else the embedded cluster; the config's `pluginVersion` then names the plugins release.
 */
function clusterFor(options: PreviewOptions, firstFile: string): ClusterModel {
  return configuredCluster(options.cluster, firstFile) ?? DEFAULT_CLUSTER;
}

/**
 * The cluster model `check` and `preview` use: `--cluster FILE`, else the nearest .multus-nad.yaml's
 * `clusterModel` (its `pluginVersion` applied), else undefined (the embedded lab).
 */
export function configuredCluster(clusterFile: string | undefined, firstFile: string): ClusterModel | undefined {
  if (clusterFile) return loadCluster(clusterFile);
  const found = configFor(firstFile);
  const configured = found?.config.clusterModel && join(found.folder, found.config.clusterModel);
  const pluginVersion = found?.config.pluginVersion;
  if (configured) {
    const cluster = loadCluster(configured);
    return pluginVersion ? { ...cluster, pluginVersion } : cluster;
  }
  return pluginVersion ? { ...DEFAULT_CLUSTER, pluginVersion } : undefined;
}

/** Reads a cluster model file (engine/clusterModel/clusterFile.ts); a bad file is a usage error. */
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
