import type { Topology, TopologyVertex } from '../connectivity/topology';

/** The topology in Graphviz DOT: a cluster per Kubernetes node, edges coloured per network. */
export function formatTopologyDot(topology: Topology): string {
  const lines = [
    'graph topology {',
    '  rankdir=LR;',
    '  node [fontname="sans-serif"];',
    '  edge [fontname="sans-serif", fontsize=10];',
  ];
  topology.nodes.forEach((node, i) => {
    const inside = topology.vertices.filter((vertex) => vertex.node === node);
    if (inside.length === 0) return;
    lines.push(`  subgraph cluster_${i} {`, `    label=${quote(`node ${node}`)};`);
    for (const vertex of inside) lines.push(`    ${vertexLine(vertex)}`);
    lines.push('  }');
  });
  for (const vertex of topology.vertices.filter((v) => v.node === undefined)) lines.push(`  ${vertexLine(vertex)}`);
  for (const edge of topology.edges) {
    lines.push(
      `  ${quote(edge.from)} -- ${quote(edge.to)} [label=${quote(edge.label)}, color=${quote(edge.colour)}, penwidth=2];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

const SHAPES: Record<TopologyVertex['kind'], string> = {
  pod: 'box, style=rounded',
  hostInterface: 'box',
  bridge: 'box, style=bold',
  router: 'ellipse',
  segment: 'cylinder',
};

function vertexLine(vertex: TopologyVertex): string {
  return `${quote(vertex.id)} [label=${quote(vertex.label)}, shape=${SHAPES[vertex.kind]}];`;
}

// A DOT string: backslashes and quotes escaped, newlines removed.
function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]/g, ' ')}"`;
}
