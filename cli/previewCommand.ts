import {
  connectivityOf,
  formatConnectivityText,
  formatTopologyDot,
  formatTopologyMermaid,
  topologyOf,
  type PodPreview,
  formatNetworkStatusMap,
  formatPreviewText,
  previewPods,
  previewToJson,
  readManifestSet,
  withClusterNads,
  clusterModelNotes,
  type ClusterModel,
  type ManifestFile,
} from '../engine';
import { CliInputError, readManifestFiles, STDIN_PATH } from './manifestFiles';
import { ignoreReason } from './repositoryContext';
import { groupByModel, modelFor, type NamedModel } from './clusterModels';

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
  const groups = groupByModel(options.cluster, files);
  if (groups.length <= 1)
    return previewOn(
      groups[0]?.model.cluster ?? modelFor(options.cluster, STDIN_PATH).cluster,
      files,
      options,
      write,
      explain,
    );
  if (options.connectivity || options.format === 'mermaid' || options.format === 'dot')
    throw new CliInputError(
      `--connectivity and the topology formats need one cluster model; these files use ${groups.length}: ${groups.map((g) => g.model.name).join(', ')} (give --cluster FILE)`,
    );
  return previewGroups(groups, options.format, write, explain);
}

/**
 * Files that use different cluster models (each folder's cluster.yaml) are previewed on each model in turn;
 * the machine formats still print one document.
 */
function previewGroups(
  groups: readonly { model: NamedModel; files: readonly ManifestFile[] }[],
  format: PreviewFormat,
  write: (text: string) => void,
  note: (text: string) => void,
): number {
  const previews: PodPreview[] = [];
  for (const { model, files } of groups) {
    const set = readManifestSet(files);
    const { nads, overridden } = withClusterNads(set.nads, model.cluster);
    const header = [`cluster model: ${model.name}`, ...clusterModelNotes(model.cluster, overridden)];
    const own = previewPods(nads, set.pods, model.cluster);
    previews.push(...own);
    const text = header.map((line) => `${line}\n`).join('');
    if (format !== 'text') note(text);
    else if (own.length > 0) write(`${text}\n${formatPreviewText(own)}\n`);
  }
  if (previews.length === 0)
    note('no pods found: give files or folders with Pods that carry k8s.v1.cni.cncf.io/networks\n');
  if (format === 'network-status') write(formatNetworkStatusMap(previews));
  else if (format === 'json') write(`${JSON.stringify(previewToJson(previews), null, 2)}\n`);
  return previews.some((preview) => preview.error) ? 1 : 0;
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
