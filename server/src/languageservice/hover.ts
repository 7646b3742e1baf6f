import { findNodeAtLocation, findNodeAtOffset, getLocation, getNodeValue, parseTree } from 'jsonc-parser';
import { MarkupKind, type Hover, type Range } from 'vscode-languageserver';
import {
  CONFLIST_FIELDS,
  RANGE_FIELDS,
  ROUTE_FIELDS,
  ipamInfo,
  pluginFields,
  pluginInfo,
  type FieldInfo,
  configCursorAt,
  type ConfigCursor,
  describeIpamRanges,
  type IpamFacts,
} from '../../../engine/language';
import type { CursorContext, EmbeddedScalar } from './cursor';
import type { DocumentObjectsCache } from './documents';
import { formatPrefix, type ClusterModel } from '../../../engine';
import { NAD_FIELDS } from './kubernetesFields';
import { nadKey, type WorkspaceIndex } from './workspaceIndex';
import { previewWorkspacePods } from './workspacePreview';

/** Hover at a cursor: CNI field docs and IPAM numbers inside spec.config, the NAD behind an annotation entry, NAD field docs. */
export function hover(
  context: CursorContext | undefined,
  index: WorkspaceIndex,
  cache: DocumentObjectsCache,
  cluster: ClusterModel,
): Hover | null {
  if (!context) return null;
  if (context.config) return hoverConfig(context, context.config, { index, cache, cluster });
  if (context.networks) return hoverNetworks(context, index);
  return hoverYamlKey(context);
}

function markdown(value: string, range?: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, ...(range ? { range } : {}) };
}

/** What the IPAM hover needs to preview the workspace's pods. */
interface Workspace {
  readonly index: WorkspaceIndex;
  readonly cache: DocumentObjectsCache;
  readonly cluster: ClusterModel;
}

function hoverConfig(context: CursorContext, config: EmbeddedScalar, workspace: Workspace): Hover | null {
  const text = config.map.text;
  const tree = parseTree(text);
  if (!tree) return null;
  const node = findNodeAtOffset(tree, config.index, true) ?? findNodeAtOffset(tree, config.index - 1, true);
  if (!node) return null;
  const location = getLocation(text, config.index);
  const cursor = configCursorAt(text, tree, config.index);
  const parts: string[] = [];
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const key = isKey ? String(node.value) : cursor.key;
  const field = key ? fieldDoc(cursor, key) : undefined;
  if (isKey && field) parts.push(`**${key}** (${field.kind}): ${field.doc}`);
  if (!isKey && key === 'type') parts.push(typeDoc(cursor, String(node.value)));
  const ipamPath = ipamPathOf(location.path);
  if (ipamPath) {
    const ipamNode = findNodeAtLocation(tree, ipamPath);
    const ipam = ipamNode ? (getNodeValue(ipamNode) as Record<string, unknown>) : undefined;
    if (ipam && typeof ipam === 'object') parts.push(formatIpamFacts(describeIpamRanges(ipam), context, workspace));
  }
  if (parts.length === 0) return null;
  const offsets = config.map.offsets;
  const range = context.model.rangeIn(context.yamlDocument, [offsets[node.offset], offsets[node.offset + node.length]]);
  return markdown(parts.filter(Boolean).join('\n\n---\n\n'), range);
}

/** The path of the `ipam` object when the path goes through one. */
function ipamPathOf(path: (string | number)[]): (string | number)[] | undefined {
  const at = path.indexOf('ipam');
  return at >= 0 ? path.slice(0, at + 1) : undefined;
}

function fieldDoc(cursor: ConfigCursor, key: string): FieldInfo | undefined {
  const lists: Record<string, readonly FieldInfo[]> = {
    conflist: CONFLIST_FIELDS,
    plugin: pluginFields(cursor.pluginType ?? ''),
    ipam: ipamInfo(cursor.ipamType ?? '')?.fields ?? [],
    range: RANGE_FIELDS,
    route: ROUTE_FIELDS,
  };
  return (lists[cursor.scope] ?? []).find((field) => field.key === key);
}

function typeDoc(cursor: ConfigCursor, type: string): string {
  const info = cursor.scope === 'ipam' ? ipamInfo(type) : pluginInfo(type);
  return info
    ? `**${type}**: ${info.doc} (${info.source})`
    : `**${type}**: not a plugin this extension knows; Multus runs the binary of that name.`;
}

function formatIpamFacts(facts: IpamFacts, context: CursorContext, workspace: Workspace): string {
  const lines = [`**IPAM ${facts.type || '(no type)'}**`];
  if (facts.error) lines.push(`The plugin rejects this block: \`${facts.error}\``);
  for (const range of facts.ranges) {
    lines.push(
      '',
      `| ${range.subnet} | |`,
      '|---|---|',
      `| subnet size | ${range.subnetSize} |`,
      `| first allocatable | ${range.first ?? 'none'} |`,
      `| last allocatable | ${range.last ?? 'none'} |`,
      `| allocatable | ${range.allocatable} |`,
      `| gateway | ${range.gateway ?? 'none'} |`,
      `| never handed out | ${range.excluded.join(', ') || 'nothing'} |`,
    );
  }
  const nad = context.nad;
  if (nad) lines.push('', podAddresses(nad.namespace, nad.name, workspace));
  for (const note of facts.notes) lines.push('', note);
  return lines.join('\n');
}

/** Which addresses the workspace pods that select the NAD would get, from the engine's preview. */
function podAddresses(namespace: string, name: string, { index, cache, cluster }: Workspace): string {
  const previews = previewWorkspacePods(index, cache, index.podsSelecting(namespace, name), cluster);
  if (previews.length === 0) return 'No pod of the workspace selects this network.';
  const rows = previews.map(({ preview }) => {
    if (preview.error) return `- ${preview.key}: refused (${preview.error})`;
    const interfaces = preview.interfaces.filter((iface) => iface.network === nadKey(namespace, name));
    const addresses = interfaces.map(
      (iface) => `${iface.name} ${iface.addresses.map(formatPrefix).join(', ') || 'no address'}`,
    );
    return `- ${preview.key} on ${preview.node ?? '?'}: ${addresses.join('; ')}`;
  });
  const where = cluster.nodes.map((node) => node.name).join(', ');
  return [`Pods of the workspace would get (cluster nodes ${where}):`, ...rows].join('\n');
}

function hoverNetworks(context: CursorContext, index: WorkspaceIndex): Hover | null {
  const pod = context.yamlDocument.analysis.pods.find((entry) => entry.range[0] === context.document?.range[0]);
  const reference = pod?.references.find(({ range }) => context.local >= range[0] && context.local <= range[1]);
  if (!reference) return null;
  const found = index.findNads(reference.namespace, reference.name)[0];
  const target = found
    ? `NetworkAttachmentDefinition **${reference.namespace}/${reference.name}** (${found.nad.pluginTypes.join(' → ') || 'config does not parse'}${found.nad.ipamType ? `, IPAM ${found.nad.ipamType}` : ''}) in ${fileName(found.model.uri)}`
    : `NetworkAttachmentDefinition **${reference.namespace}/${reference.name}** is not defined in the workspace`;
  const text = `${target}\n\nThe pod gets interface \`${reference.interfaceName}\` for it.`;
  return markdown(text, context.model.rangeIn(context.yamlDocument, reference.range));
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

function hoverYamlKey(context: CursorContext): Hover | null {
  if (!context.nad) return null;
  const text = context.yamlDocument.analysis.text;
  const lineStart = text.lastIndexOf('\n', context.local - 1) + 1;
  const lineEnd = text.indexOf('\n', context.local);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const match = /^(\s*)([\w./-]+):/.exec(line);
  if (!match) return null;
  const keyStart = lineStart + match[1].length;
  const keyEnd = keyStart + match[2].length;
  if (context.local < keyStart || context.local > keyEnd) return null;
  const field =
    NAD_FIELDS.find(
      (candidate) => candidate.key === match[2] && candidate.path.split('.').length === match[1].length / 2 + 1,
    ) ?? NAD_FIELDS.find((candidate) => candidate.key === match[2]);
  if (!field) return null;
  return markdown(`**${field.path}**: ${field.doc}`, context.model.rangeIn(context.yamlDocument, [keyStart, keyEnd]));
}
