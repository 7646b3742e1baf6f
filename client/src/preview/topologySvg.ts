import { graphlib, layout } from '@dagrejs/dagre';
import type { Topology, TopologyVertex } from '../../../engine';
import { escapeHtml } from './previewHtml';

/** Text is drawn at this size and never scaled down: a large cluster scrolls instead. */
export const FONT_PX = 12;
const CHAR_PX = 7.2;
const EDGE_CHAR_PX = 6.4;
const VERTEX_HEIGHT = 28;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A laid-out picture, before it becomes SVG text (tests check it for overlaps). */
export interface TopologyLayout {
  readonly width: number;
  readonly height: number;
  readonly clusters: readonly (Box & { readonly label: string })[];
  readonly vertices: readonly (Box & { readonly vertex: TopologyVertex })[];
  readonly edges: readonly {
    readonly points: readonly { x: number; y: number }[];
    readonly label: Box & { readonly text: string };
    readonly colour: string;
  }[];
}

/**
 * Lays the topology out with dagre (left to right: pods, then the nodes' interfaces, then
 * segments), each Kubernetes node a cluster around its pods and interfaces.
 */
export function layoutTopology(topology: Topology): TopologyLayout {
  const graph = new graphlib.Graph({ compound: true, multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 60, ranksep: 90, edgesep: 12, marginx: 16, marginy: 32 });
  for (const node of topology.nodes) graph.setNode(clusterId(node), { width: 0, height: 0, label: node });
  for (const vertex of topology.vertices) {
    graph.setNode(vertex.id, { width: Math.max(60, vertex.label.length * CHAR_PX + 24), height: VERTEX_HEIGHT });
    if (vertex.node) graph.setParent(vertex.id, clusterId(vertex.node));
  }
  topology.edges.forEach((edge, i) => {
    const label = { width: edge.label.length * EDGE_CHAR_PX + 8, height: FONT_PX + 6, labelpos: 'c' as const };
    graph.setEdge(edge.from, edge.to, label, String(i));
  });
  layout(graph);
  const box = (id: string): Box => {
    const node = graph.node(id) as Box;
    return { x: node.x - node.width / 2, y: node.y - node.height / 2, width: node.width, height: node.height };
  };
  const label = graph.graph() as { width: number; height: number };
  return {
    width: Math.ceil(label.width),
    height: Math.ceil(label.height),
    clusters: topology.nodes
      .filter((node) => topology.vertices.some((vertex) => vertex.node === node))
      .map((node) => ({ ...box(clusterId(node)), label: `node ${node}` })),
    vertices: topology.vertices.map((vertex) => ({ ...box(vertex.id), vertex })),
    edges: topology.edges.map((edge, i) => {
      const laid = graph.edge({ v: edge.from, w: edge.to, name: String(i) }) as {
        points: { x: number; y: number }[];
        x: number;
        y: number;
        width: number;
        height: number;
      };
      return {
        points: laid.points,
        label: {
          x: laid.x - laid.width / 2,
          y: laid.y - laid.height / 2,
          width: laid.width,
          height: laid.height,
          text: edge.label,
        },
        colour: edge.colour,
      };
    }),
  };
}

function clusterId(node: string): string {
  return `cluster:${node}`;
}

/**
 * The topology as inline SVG for the preview webview: colours are presentation attributes
 * (the CSP allows no inline style), every name goes through escapeHtml, and a legend names
 * each network's colour.
 */
export function renderTopologySvg(topology: Topology): string {
  if (topology.vertices.length === 0) return '';
  const laid = layoutTopology(topology);
  const legendHeight = topology.networks.length * 18 + 8;
  const height = laid.height + legendHeight;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" width="${laid.width}" height="${height}" viewBox="0 0 ${laid.width} ${height}" role="img" aria-label="Topology: nodes, their interfaces and segments, pods per network" font-size="${FONT_PX}">`,
    // The title sits in the room nodesep leaves between a frame and its first child.
    ...laid.clusters.map(
      (c) =>
        `<g class="k8s-node"><rect x="${n(c.x)}" y="${n(c.y)}" width="${n(c.width)}" height="${n(c.height)}" rx="6"/><text x="${n(c.x + 6)}" y="${n(c.y + FONT_PX + 2)}">${escapeHtml(c.label)}</text></g>`,
    ),
    ...laid.edges.map(
      (e) =>
        `<g class="edge"><path d="${pathOf(e.points)}" stroke="${escapeHtml(e.colour)}" stroke-width="2" fill="none"/>` +
        `<rect class="edge-label-bg" x="${n(e.label.x)}" y="${n(e.label.y)}" width="${n(e.label.width)}" height="${n(e.label.height)}"/>` +
        `<text class="edge-label" x="${n(e.label.x + e.label.width / 2)}" y="${n(e.label.y + e.label.height - 5)}" text-anchor="middle">${escapeHtml(e.label.text)}</text></g>`,
    ),
    ...laid.vertices.map(
      (v) =>
        `<g class="vertex ${v.vertex.kind}" data-id="${escapeHtml(v.vertex.id)}"><title>${escapeHtml(v.vertex.label)}</title>` +
        `<rect x="${n(v.x)}" y="${n(v.y)}" width="${n(v.width)}" height="${n(v.height)}" rx="${v.vertex.kind === 'pod' ? 12 : 3}"/>` +
        `<text x="${n(v.x + v.width / 2)}" y="${n(v.y + v.height / 2 + FONT_PX / 2 - 2)}" text-anchor="middle">${escapeHtml(v.vertex.label)}</text></g>`,
    ),
    ...topology.networks.map(
      (net, i) =>
        `<g class="legend"><rect x="16" y="${laid.height + 4 + i * 18}" width="24" height="4" fill="${escapeHtml(net.colour)}"/>` +
        `<text x="48" y="${laid.height + 10 + i * 18}">${escapeHtml(net.network)}</text></g>`,
    ),
    '</svg>',
  ];
  return parts.join('');
}

function pathOf(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)} ${n(p.y)}`).join(' ');
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}
