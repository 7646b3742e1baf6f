import type { Topology, TopologyVertex } from '../connectivity/topology';

/**
 * The topology as a Mermaid flowchart (for READMEs and wikis): a subgraph per Kubernetes node,
 * segments outside them, one `linkStyle` colour per network.
 */
export function formatTopologyMermaid(topology: Topology): string {
  const ids = new Map(topology.vertices.map((vertex, i) => [vertex.id, `v${i}`]));
  const lines = ['flowchart LR'];
  topology.nodes.forEach((node, i) => {
    const inside = topology.vertices.filter((vertex) => vertex.node === node);
    if (inside.length === 0) return;
    lines.push(`  subgraph node${i}["node ${text(node)}"]`);
    for (const vertex of inside) lines.push(`    ${shape(ids.get(vertex.id) ?? '', vertex)}`);
    lines.push('  end');
  });
  for (const vertex of topology.vertices.filter((v) => v.node === undefined)) {
    lines.push(`  ${shape(ids.get(vertex.id) ?? '', vertex)}`);
  }
  for (const edge of topology.edges) {
    lines.push(`  ${ids.get(edge.from)} ---|"${text(edge.label)}"| ${ids.get(edge.to)}`);
  }
  topology.edges.forEach((edge, i) => lines.push(`  linkStyle ${i} stroke:${edge.colour},stroke-width:2px`));
  return `${lines.join('\n')}\n`;
}

function shape(id: string, vertex: TopologyVertex): string {
  const label = `"${text(vertex.label)}"`;
  if (vertex.kind === 'segment') return `${id}[(${label})]`;
  if (vertex.kind === 'pod') return `${id}(${label})`;
  return `${id}[${label}]`;
}

// Mermaid labels are quoted; a quote or markup character inside is written as an entity.
function text(value: string): string {
  return value.replace(/["<>#&]/g, (c) => `#${c.charCodeAt(0)};`);
}
