// Small builders for preview tests: inline manifests in, previews out.
import { DEFAULT_CLUSTER, previewPods, readManifestSet, type ClusterModel } from '../../engine';
import { formatIp, formatPrefix } from '../../engine/address/ipAddress';
import type { PodPreview } from '../../engine/preview/podPreviewModel';
import { formatIpRoute } from '../../engine/render/ipRouteText';

/** A NAD document with the config as single-line JSON. */
export function nad(
  name: string,
  config: unknown,
  namespace = 'default',
  annotations: Record<string, string> = {},
): string {
  const notes = Object.entries(annotations)
    .map(([key, value]) => `\n    ${key}: '${value}'`)
    .join('');
  const meta = `  name: ${name}\n  namespace: ${namespace}` + (notes ? `\n  annotations:${notes}` : '');
  return `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n${meta}\nspec:\n  config: '${JSON.stringify(config).replace(/'/g, "''")}'\n`;
}

export interface PodOptions {
  readonly networks?: string;
  readonly defaultNetwork?: string;
  readonly namespace?: string;
  readonly nodeName?: string;
  readonly extraSpec?: string;
}

/** A Pod document; annotation values are written as single-quoted YAML scalars. */
export function pod(name: string, options: PodOptions = {}): string {
  const annotations: string[] = [];
  if (options.networks !== undefined)
    annotations.push(`    k8s.v1.cni.cncf.io/networks: '${options.networks.replace(/'/g, "''")}'`);
  if (options.defaultNetwork !== undefined) {
    annotations.push(`    v1.multus-cni.io/default-network: '${options.defaultNetwork.replace(/'/g, "''")}'`);
  }
  const meta = [
    `  name: ${name}`,
    `  namespace: ${options.namespace ?? 'default'}`,
    ...(annotations.length ? ['  annotations:', ...annotations] : []),
  ];
  const spec = [
    'spec:',
    ...(options.nodeName ? [`  nodeName: ${options.nodeName}`] : []),
    ...(options.extraSpec ? [options.extraSpec] : []),
    ...(options.extraSpec?.includes('containers:') ? [] : ['  containers: []']),
  ];
  return ['apiVersion: v1', 'kind: Pod', 'metadata:', ...meta, ...spec].join('\n') + '\n';
}

export function preview(documents: readonly string[], cluster: ClusterModel = DEFAULT_CLUSTER): PodPreview[] {
  const set = readManifestSet([{ path: 'test.yaml', text: documents.join('---\n') }]);
  return previewPods(set.nads, set.pods, cluster);
}

/** `name: addr/len addr/len` per interface, the compact view most assertions need. */
export function addressesOf(preview: PodPreview): Record<string, string[]> {
  return Object.fromEntries(preview.interfaces.map((iface) => [iface.name, iface.addresses.map(formatPrefix)]));
}

export function routesOf(preview: PodPreview, family: 4 | 6 = 4): string[] {
  const text = formatIpRoute(preview.routes, family);
  return text ? text.split('\n') : [];
}

export function ok(preview: PodPreview): PodPreview {
  if (preview.error) throw new Error(`${preview.key} was refused: ${preview.error}`);
  return preview;
}

export { formatIp, formatPrefix };
