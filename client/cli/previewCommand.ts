import {
  DEFAULT_CLUSTER,
  formatNetworkStatusMap,
  formatPreviewText,
  previewPods,
  previewToJson,
  readManifestSet,
} from '../../engine';
import { readManifestFiles } from './manifestFiles';

export type PreviewFormat = 'text' | 'json' | 'network-status';

export interface PreviewOptions {
  readonly format: PreviewFormat;
}

/** `multus-nad preview`: prints what each pod would get; exit 1 when Multus would refuse a pod. */
export function runPreview(paths: readonly string[], options: PreviewOptions, write: (text: string) => void): number {
  const set = readManifestSet(readManifestFiles(paths));
  const previews = previewPods(set.nads, set.pods, DEFAULT_CLUSTER);
  if (previews.length === 0) {
    write('no pods found: give files or folders with Pods that carry k8s.v1.cni.cncf.io/networks\n');
    return 0;
  }
  if (options.format === 'network-status') write(formatNetworkStatusMap(previews));
  else if (options.format === 'json') write(`${JSON.stringify(previewToJson(previews), null, 2)}\n`);
  else write(formatPreviewText(previews));
  return previews.some((preview) => preview.error) ? 1 : 0;
}
