import type { ConnectivityMatrix, MatrixCell, NetworkMatrix } from '../connectivity/connectivityMatrix';

/**
 * The CLI's `--connectivity` text: per network its members, then one line per ordered pair and
 * per node address, `samplepod2 -> samplepod on net1: reachable (reason) [source]`.
 */
export function formatConnectivityText(matrix: ConnectivityMatrix): string {
  const lines: string[] = [];
  for (const net of matrix.networks) lines.push(...networkLines(net), '');
  for (const refused of matrix.refused) {
    lines.push(`${refused.pod}: on no network, Multus would refuse it: ${refused.error}`);
  }
  if (matrix.networks.length === 0 && matrix.refused.length === 0) lines.push('no pod is on a secondary network');
  return `${lines.join('\n').trimEnd()}\n`;
}

function networkLines(net: NetworkMatrix): string[] {
  const lines = [`network ${net.network} (${[net.plugin, net.mode].filter(Boolean).join(' ')})`];
  for (const member of net.members) {
    const host = member.hostInterface ? ` via ${member.hostInterface}` : '';
    const segment = member.segment ? ` (segment ${member.segment})` : '';
    const addresses = member.addresses.length ? member.addresses.join(', ') : 'no address';
    lines.push(`  ${member.pod} on ${member.node}: ${member.interface} ${addresses}${host}${segment}`);
  }
  for (const cell of net.cells) lines.push(`  ${cellLine(cell)}`);
  return lines;
}

function cellLine(cell: MatrixCell): string {
  const target =
    cell.toKind === 'pod'
      ? `${cell.to} on ${cell.interface}`
      : `${cell.to} ${cell.address ?? `${cell.toInterface ?? ''} (no address in the model)`}`;
  return `${cell.from} -> ${target}: ${cell.verdict} (${cell.reason}) [${cell.source}]`;
}
