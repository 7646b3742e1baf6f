import { formatNetworkStatusAnnotation } from '../multus/networkStatus';
import type { PodPreview } from '../preview/podPreviewModel';
import { formatIpAddress } from './ipAddressText';
import { formatIpRoute, formatIpRule } from './ipRouteText';

/**
 * The CLI's `text` format: per pod, its node, `ip address`, `ip route` (and `ip -6 route` when
 * the pod has IPv6 addresses beyond link-local), `ip rule` and the extra tables when a plugin
 * (sbr) made them, then notes in plain words.
 */
export function formatPreviewText(previews: readonly PodPreview[]): string {
  return previews.map(formatPod).join('\n\n') + '\n';
}

function formatPod(preview: PodPreview): string {
  const header = `=== pod ${preview.key}` + (preview.node ? ` on node ${preview.node}` : '');
  // The model's own limit is not a refusal: nothing in a real cluster said no (issue 18).
  if (preview.error)
    return [header, `${preview.refusedBy === 'model' ? 'not previewed' : 'refused'}: ${preview.error}`].join('\n');
  const sections = [
    header,
    '$ ip address',
    formatIpAddress(preview.interfaces),
    '$ ip route',
    formatIpRoute(preview.routes),
  ];
  const hasV6 = preview.interfaces.some((iface) => iface.addresses.some((a) => a.address.family === 6));
  if (hasV6) sections.push('$ ip -6 route', formatIpRoute(preview.routes, 6));
  if (preview.rules.length) {
    sections.push('$ ip rule', formatIpRule(preview.rules));
    for (const { table, routes } of preview.tables) {
      sections.push(`$ ip route show table ${table}`, formatIpRoute(routes));
      if (hasV6) sections.push(`$ ip -6 route show table ${table}`, formatIpRoute(routes, 6));
    }
  }
  const tuned = preview.interfaces.flatMap((iface) =>
    Object.entries(iface.sysctls).map(([path, value]) => `${path} = ${value}`),
  );
  if (tuned.length) sections.push('$ sysctl (set by tuning)', ...tuned);
  if (preview.notes.length) sections.push('notes:', ...preview.notes.map((note) => `- ${note}`));
  return sections.join('\n');
}

/**
 * The CLI's `network-status` format: one JSON object keyed `<namespace>/<pod>`, each value the
 * annotation text exactly as Multus writes it, or `{"error": ...}` for a refused pod; `{}` without pods.
 */
export function formatNetworkStatusMap(previews: readonly PodPreview[]): string {
  if (previews.length === 0) return '{}\n';
  const body = previews.map((preview) => {
    const value = preview.error
      ? `{"error": ${JSON.stringify(preview.error)}}`
      : formatNetworkStatusAnnotation(preview.networkStatus);
    return `${JSON.stringify(preview.key)}: ${value}`;
  });
  return `{\n${body.join(',\n')}\n}\n`;
}
