import { formatNetworkStatusAnnotation } from '../multus/networkStatus';
import type { PodPreview } from '../preview/podPreview';
import { formatIpAddress } from './ipAddressText';
import { formatIpRoute } from './ipRouteText';

/** The CLI's `text` format: per pod, its node, `ip address`, `ip route`, then notes in plain words. */
export function formatPreviewText(previews: readonly PodPreview[]): string {
  return previews.map(formatPod).join('\n\n') + '\n';
}

function formatPod(preview: PodPreview): string {
  const header = `=== pod ${preview.key}` + (preview.node ? ` on node ${preview.node}` : '');
  if (preview.error) return [header, `refused: ${preview.error}`].join('\n');
  const sections = [
    header,
    '$ ip address',
    formatIpAddress(preview.interfaces),
    '$ ip route',
    formatIpRoute(preview.routes),
  ];
  const v6 = formatIpRoute(preview.routes, 6);
  if (v6) sections.push('$ ip -6 route', v6);
  if (preview.notes.length) sections.push('notes:', ...preview.notes.map((note) => `- ${note}`));
  return sections.join('\n');
}

/**
 * The CLI's `network-status` format: one JSON object keyed `<namespace>/<pod>`, each value the
 * annotation text exactly as Multus writes it, or `{"error": ...}` for a refused pod.
 */
export function formatNetworkStatusMap(previews: readonly PodPreview[]): string {
  const body = previews.map((preview) => {
    const value = preview.error
      ? `{"error": ${JSON.stringify(preview.error)}}`
      : formatNetworkStatusAnnotation(preview.networkStatus);
    return `${JSON.stringify(preview.key)}: ${value}`;
  });
  return `{\n${body.join(',\n')}\n}\n`;
}
