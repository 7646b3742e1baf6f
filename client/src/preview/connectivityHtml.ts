import type { ConnectivityMatrix, MatrixCell, NetworkMatrix, Topology } from '../../../engine';
import { escapeHtml } from './previewHtml';
import { renderTopologySvg } from './topologySvg';

/** What the server computes next to a preview: who reaches whom, and the picture. */
export interface ConnectivityView {
  readonly matrix: ConnectivityMatrix;
  readonly topology: Topology;
}

const MARKS: Record<MatrixCell['verdict'], string> = { reachable: '✓', unreachable: '✗', depends: '?' };

/** The "Connectivity" view: a matrix per network (each cell explains itself on hover), then the topology picture. */
export function renderConnectivity(view: ConnectivityView | undefined): string {
  if (!view || (view.matrix.networks.length === 0 && view.matrix.refused.length === 0)) return '';
  const refused = view.matrix.refused.map(
    (pod) => `<li>${escapeHtml(pod.pod)}: on no network, Multus would refuse it (${escapeHtml(pod.error)})</li>`,
  );
  return (
    `<section class="connectivity"><h2>Connectivity</h2>` +
    `<p class="hint">Who reaches whom with ping on each network: ✓ reachable, ✗ unreachable, ? depends on something outside the model. Hover a cell for the reason and its source.</p>` +
    view.matrix.networks.map(renderNetwork).join('') +
    (refused.length ? `<ul class="notes">${refused.join('')}</ul>` : '') +
    `<h3>Topology</h3><div class="topology-frame">${renderTopologySvg(view.topology)}</div></section>`
  );
}

function renderNetwork(net: NetworkMatrix): string {
  const columns = columnsOf(net);
  const head = columns.map((column) => `<th scope="col">${escapeHtml(column.label)}</th>`).join('');
  const rows = net.members.map((member) => {
    const cells = columns.map((column) => {
      const cell = net.cells.find((c) => c.from === member.pod && column.matches(c));
      if (!cell) return '<td class="self">—</td>';
      const title = `${cell.from} -> ${column.label}: ${cell.verdict} (${cell.reason}) [${cell.source}]`;
      // The mark alone keeps a 50-pod matrix compact; the word is in the title and for screen readers.
      return `<td class="verdict ${cell.verdict}" title="${escapeHtml(title)}" aria-label="${cell.verdict}">${MARKS[cell.verdict]}</td>`;
    });
    const label = `${member.pod} (${member.interface} ${member.addresses.join(', ') || 'no address'})`;
    return `<tr><th scope="row">${escapeHtml(label)}</th>${cells.join('')}</tr>`;
  });
  const title = `${net.network} (${[net.plugin, net.mode].filter(Boolean).join(' ')})`;
  return (
    `<h3 class="network">${escapeHtml(title)}</h3>` +
    // The frame scrolls a matrix wider than the panel by itself, so the page never scrolls sideways.
    `<div class="matrix-frame"><table class="connectivity-matrix" data-network="${escapeHtml(net.network)}"><thead><tr><th>from \\ to</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

interface Column {
  readonly label: string;
  readonly matches: (cell: MatrixCell) => boolean;
}

// Columns: the network's pods, then each node address some pod tries (node, address).
function columnsOf(net: NetworkMatrix): Column[] {
  const pods: Column[] = net.members.map((member) => ({
    label: member.pod,
    matches: (cell) => cell.toKind === 'pod' && cell.to === member.pod,
  }));
  const seen = new Set<string>();
  const nodes: Column[] = [];
  for (const cell of net.cells) {
    if (cell.toKind !== 'node') continue;
    const label = `${cell.to} ${cell.address ?? cell.toInterface ?? ''}`.trim();
    if (seen.has(label)) continue;
    seen.add(label);
    nodes.push({
      label,
      matches: (c) => c.toKind === 'node' && `${c.to} ${c.address ?? c.toInterface ?? ''}`.trim() === label,
    });
  }
  return [...pods, ...nodes];
}
