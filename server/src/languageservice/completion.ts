import { getLocation, parse, parseTree } from 'jsonc-parser';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Range,
} from 'vscode-languageserver';
import {
  CNI_VERSIONS,
  CONFLIST_FIELDS,
  IPAMS,
  PLUGINS,
  RANGE_FIELDS,
  ROUTE_FIELDS,
  ipamInfo,
  pluginFields,
  type FieldInfo,
  configCursorAt,
  type ConfigCursor,
  NETWORKS_ANNOTATION,
} from '../../../engine/language';
import { DEFAULT_CLUSTER, type ClusterModel } from '../../../engine';
import { CONFIG_SNIPPETS } from './configSnippets';
import type { CursorContext, EmbeddedScalar } from './cursor';
import { embeddedEdit } from './embeddedEdits';
import { NAD_FIELDS, SELECTION_FIELDS } from './kubernetesFields';
import type { WorkspaceIndex } from './workspaceIndex';
import { yamlSlotAt } from './yamlPath';

/** The plugins whose `master` names a host interface (PLG plugins/main/{macvlan,ipvlan,vlan}). */
const MASTER_PLUGINS = ['macvlan', 'ipvlan', 'vlan'];

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** Completion at a cursor: inside spec.config JSON, inside a networks annotation, or on the YAML of a NAD or pod. */
export function complete(
  context: CursorContext | undefined,
  index: WorkspaceIndex,
  cluster: ClusterModel = DEFAULT_CLUSTER,
): CompletionList {
  if (!context) return EMPTY;
  if (context.config) return { isIncomplete: false, items: completeConfig(context, context.config, cluster) };
  if (context.networks) return { isIncomplete: false, items: completeNetworks(context, context.networks, index) };
  return { isIncomplete: false, items: completeYaml(context, index) };
}

function completeConfig(context: CursorContext, config: EmbeddedScalar, cluster: ClusterModel): CompletionItem[] {
  const text = config.map.text;
  const tree = parseTree(text);
  const cursor = configCursorAt(text, tree, config.index);
  const replace = onCursorLine(context, config, replaceSpan(text, config.index, cursor));
  const edit = (newText: string) => embeddedEdit(context.model, context.yamlDocument, config, replace, newText);
  if (!cursor.atKey)
    return valueItems(cursor, cluster).flatMap((value) => item(value.label, value.kind, edit(value.insert), value.doc));
  const keyOnly = hasColonAfter(text, replace[1]);
  // A snippet selects the value; in a double-quoted scalar the `\` escapes would clash with the snippet's own.
  const snippet = config.node.type !== 'QUOTE_DOUBLE';
  const comma = memberFollows(text, replace[1]) ? ',' : '';
  const items = fieldsFor(cursor)
    .filter(
      (field) => !cursor.presentKeys.includes(field.key) || text.slice(replace[0], replace[1]).includes(field.key),
    )
    .flatMap((field) => {
      const member = keyOnly
        ? `"${field.key}"`
        : `"${field.key}": ${snippet ? valuePlaceholder(field) : defaultValue(field)}${comma}`;
      return item(field.key, CompletionItemKind.Property, edit(member), field.doc, {
        filterText: `"${field.key}"`,
        snippet: snippet && !keyOnly,
      });
    });
  if (cursor.objectPath.length === 0 && cursor.presentKeys.length === 0) items.push(...configSnippets(context, config));
  return items;
}

/**
 * VS Code drops an item whose range leaves the cursor's line or does not contain the cursor
 * (issue 18: after a lone `"` in a quoted scalar the open string ran on to the next line's
 * quote). The span keeps what is typed before the cursor on its line and, after it, the rest of
 * the word and its closing quote.
 */
function onCursorLine(
  context: CursorContext,
  config: EmbeddedScalar,
  [start, end]: [number, number],
): [number, number] {
  const { text, offsets } = config.map;
  const fileText = context.yamlDocument.analysis.text;
  const at = config.index;
  const lineStart = fileText.lastIndexOf('\n', offsets[at] - 1);
  let from = Math.min(start, at);
  while (from < at && offsets[from] <= lineStart) from++;
  let to = at;
  while (to < Math.min(end, text.length) && /[\w.-]/.test(text[to])) to++;
  if (text[to] === '"' && end > to) to++;
  return [from, to];
}

/** Whether another member follows in the object (the next character that is not a space is a quote). */
function memberFollows(text: string, index: number): boolean {
  return /^\s*"/.test(text.slice(index, index + 200));
}

/** The value of a new key as a snippet placeholder: selected on accept, strings inside their quotes. */
function valuePlaceholder(field: FieldInfo): string {
  const value = defaultValue(field);
  const escape = (raw: string) => raw.replace(/[$}\\]/g, (ch) => `\\${ch}`);
  if (field.kind === 'object') return '{$1}';
  if (field.kind === 'array') return '[$1]';
  if (value.startsWith('"') && value.endsWith('"')) return `"\${1:${escape(value.slice(1, -1))}}"`;
  return `\${1:${escape(value)}}`;
}

/** Whole-config snippets replace the (empty) config text, in the scalar's own style. */
function configSnippets(context: CursorContext, config: EmbeddedScalar): CompletionItem[] {
  const name = context.nad?.name || 'my-network';
  const quotedOneLine =
    config.node.type === 'QUOTE_DOUBLE' || (config.node.type === 'QUOTE_SINGLE' && !config.map.text.includes('\n'));
  return CONFIG_SNIPPETS.flatMap((snippet) => {
    const json = JSON.stringify(snippet.build(name), null, quotedOneLine ? undefined : 2);
    const edit = embeddedEdit(context.model, context.yamlDocument, config, [0, config.map.text.length], json);
    return item(snippet.label, CompletionItemKind.Snippet, edit, snippet.detail);
  });
}

function fieldsFor(cursor: ConfigCursor): readonly FieldInfo[] {
  switch (cursor.scope) {
    case 'conflist':
      return CONFLIST_FIELDS;
    case 'plugin':
      return pluginFields(cursor.pluginType ?? '');
    case 'ipam':
      return ipamInfo(cursor.ipamType ?? '')?.fields ?? [{ key: 'type', kind: 'string', doc: 'IPAM plugin to run.' }];
    case 'range':
      return RANGE_FIELDS;
    case 'route':
      return ROUTE_FIELDS;
    default:
      return [];
  }
}

interface ValueChoice {
  readonly label: string;
  readonly insert: string;
  readonly kind: CompletionItemKind;
  readonly doc?: string;
}

function valueItems(cursor: ConfigCursor, cluster: ClusterModel): ValueChoice[] {
  const quoted = (label: string, doc?: string): ValueChoice => ({
    label,
    insert: JSON.stringify(label),
    kind: CompletionItemKind.EnumMember,
    doc,
  });
  if (cursor.key === 'type' && cursor.scope === 'ipam') return IPAMS.map((ipam) => quoted(ipam.type, ipam.doc));
  if (cursor.key === 'type' && cursor.scope === 'plugin')
    return PLUGINS.map((plugin) => quoted(plugin.type, plugin.doc));
  if (cursor.key === 'cniVersion') return CNI_VERSIONS.map((version) => quoted(version));
  if (cursor.key === 'master' && cursor.scope === 'plugin' && MASTER_PLUGINS.includes(cursor.pluginType ?? ''))
    return nodeInterfaces(cluster).map(({ name, doc }) => quoted(name, doc));
  const field = fieldsFor(cursor).find((candidate) => candidate.key === cursor.key);
  if (field?.values) return field.values.map((value) => quoted(value));
  if (field?.kind === 'boolean')
    return ['true', 'false'].map((value) => ({ label: value, insert: value, kind: CompletionItemKind.Value }));
  return [];
}

/** The cluster model's host interfaces, each with the nodes that have it (and those that do not): candidates for `master`. */
function nodeInterfaces(cluster: ClusterModel): { name: string; doc: string }[] {
  const names = [...new Set(cluster.nodes.flatMap((node) => node.interfaces.map((iface) => iface.name)))];
  return names.map((name) => {
    const having = cluster.nodes.filter((node) => node.interfaces.some((iface) => iface.name === name));
    const lacking = cluster.nodes.filter((node) => !having.includes(node));
    const mtus = [...new Set(having.map((node) => node.interfaces.find((iface) => iface.name === name)?.mtu))];
    const doc =
      `Host interface on ${having.map((node) => node.name).join(', ')} (MTU ${mtus.join(' or ')}), in the cluster model.` +
      (lacking.length
        ? ` Not on ${lacking.map((node) => node.name).join(', ')}: pods placed there fail with "Link not found".`
        : '');
    return { name, doc };
  });
}

function defaultValue(field: FieldInfo): string {
  if (field.example) return field.example;
  if (field.values) return JSON.stringify(field.values[0]);
  return { string: '""', number: '0', boolean: 'false', object: '{}', array: '[]' }[field.kind];
}

/** The token the completion replaces: the string or word under the cursor, else nothing. */
function replaceSpan(text: string, index: number, cursor: ConfigCursor): [number, number] {
  if (cursor.token) return [cursor.token.offset, cursor.token.offset + cursor.token.length];
  let start = index;
  let end = index;
  while (start > 0 && /[\w.-]/.test(text[start - 1])) start--;
  while (end < text.length && /[\w.-]/.test(text[end])) end++;
  return [start, end];
}

function hasColonAfter(text: string, index: number): boolean {
  return /^\s*:/.test(text.slice(index, index + 40));
}

function item(
  label: string,
  kind: CompletionItemKind,
  edit: { range: Range; newText: string } | undefined,
  doc?: string,
  options: { filterText?: string; snippet?: boolean } = {},
): CompletionItem[] {
  if (!edit) return [];
  return [
    {
      label,
      kind,
      textEdit: edit,
      filterText: options.filterText ?? edit.newText,
      insertTextFormat: options.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}),
    },
  ];
}

/** NAD names in a networks annotation: `name`, `namespace/name` in the short form, `"name"` values in the JSON form. */
function completeNetworks(context: CursorContext, networks: EmbeddedScalar, index: WorkspaceIndex): CompletionItem[] {
  const value = networks.map.text;
  const podNamespace = context.pod?.namespace ?? 'default';
  const edit = (span: [number, number], text: string) =>
    embeddedEdit(context.model, context.yamlDocument, networks, span, text);
  if (/^\s*[[{"]/.test(value)) {
    const location = getLocation(value, networks.index);
    const element = typeof location.path[0] === 'number' ? location.path[0] : undefined;
    const node = location.previousNode;
    const span: [number, number] = node ? [node.offset, node.offset + node.length] : [networks.index, networks.index];
    if (location.isAtPropertyKey) {
      return SELECTION_FIELDS.flatMap((field) =>
        item(field.key, CompletionItemKind.Property, edit(span, `"${field.key}"`), field.doc),
      );
    }
    const key = location.path[location.path.length - 1];
    const elementValue = element !== undefined ? elementAt(value, element) : {};
    if (key === 'namespace')
      return index.namespaces().flatMap((ns) => item(ns, CompletionItemKind.Module, edit(span, JSON.stringify(ns))));
    if (key !== 'name') return [];
    const namespace =
      typeof elementValue.namespace === 'string' && elementValue.namespace ? elementValue.namespace : podNamespace;
    return nadsIn(index, namespace).flatMap((nad) =>
      item(nad.name, CompletionItemKind.Reference, edit(span, JSON.stringify(nad.name)), nadDoc(nad)),
    );
  }
  const itemStart = value.lastIndexOf(',', networks.index - 1) + 1;
  const commaAfter = value.indexOf(',', networks.index);
  const itemEnd = commaAfter < 0 ? value.length : commaAfter;
  const typed = value.slice(itemStart, networks.index);
  const lead = typed.length - typed.trimStart().length;
  const slash = typed.indexOf('/');
  const at = value.slice(itemStart, itemEnd).indexOf('@');
  const nameEnd =
    at >= 0
      ? itemStart + at
      : itemEnd - (value.slice(itemStart, itemEnd).length - value.slice(itemStart, itemEnd).trimEnd().length);
  if (slash >= 0) {
    const namespace = typed.slice(lead, slash).trim();
    return nadsIn(index, namespace).flatMap((nad) =>
      item(nad.name, CompletionItemKind.Reference, edit([itemStart + slash + 1, nameEnd], nad.name), nadDoc(nad)),
    );
  }
  const span: [number, number] = [itemStart + lead, nameEnd];
  return [...index.nads()].flatMap(({ nad }) => {
    const text = nad.namespace === podNamespace ? nad.name : `${nad.namespace}/${nad.name}`;
    return item(text, CompletionItemKind.Reference, edit(span, text), nadDoc(nad));
  });
}

/** The element being typed, read tolerantly (the annotation is rarely valid JSON mid-edit). */
function elementAt(value: string, element: number): Record<string, unknown> {
  const parsed: unknown = parse(value);
  const entry: unknown = Array.isArray(parsed) ? parsed[element] : undefined;
  return entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
}

function nadsIn(index: WorkspaceIndex, namespace: string) {
  return [...index.nads()].map(({ nad }) => nad).filter((nad) => nad.namespace === namespace);
}

function nadDoc(nad: { namespace: string; name: string; pluginTypes: readonly string[]; ipamType?: string }): string {
  const plugins = nad.pluginTypes.join(' → ') || 'no valid config';
  return `NetworkAttachmentDefinition \`${nad.namespace}/${nad.name}\`: ${plugins}${nad.ipamType ? `, IPAM ${nad.ipamType}` : ''}`;
}

/** Keys and values of the NAD object itself, and the Multus annotation keys of pods. */
function completeYaml(context: CursorContext, index: WorkspaceIndex): CompletionItem[] {
  const text = context.yamlDocument.analysis.text;
  const slot = yamlSlotAt(text, context.local);
  if (!slot) return [];
  const edit = (newText: string) => ({ range: context.model.rangeIn(context.yamlDocument, slot.replace), newText });
  const pathKey = slot.path.join('.');
  if (slot.valueKey !== undefined) {
    const valuePath = [...slot.path, slot.valueKey].join('.');
    if (context.pod && slot.valueKey === NETWORKS_ANNOTATION) {
      const podNamespace = context.pod.namespace;
      return [...index.nads()].flatMap(({ nad }) => {
        const name = nad.namespace === podNamespace ? nad.name : `${nad.namespace}/${nad.name}`;
        return item(name, CompletionItemKind.Reference, edit(name), nadDoc(nad));
      });
    }
    if (!context.nad && !isNadLike(context)) return [];
    if (valuePath === 'metadata.namespace')
      return index.namespaces().flatMap((ns) => item(ns, CompletionItemKind.Module, edit(ns)));
    if (valuePath === 'spec.config') return blockSnippets(context, slot.indent);
    const field = NAD_FIELDS.find((candidate) => candidate.path === valuePath);
    return (field?.values ?? []).flatMap((value) =>
      item(value, CompletionItemKind.EnumMember, edit(value), field?.doc),
    );
  }
  if (context.pod && pathKey === context.pod.annotationsPath.join('.')) {
    return ['k8s.v1.cni.cncf.io/networks', 'v1.multus-cni.io/default-network']
      .filter((key) => !slot.siblings.includes(key))
      .flatMap((key) => item(key, CompletionItemKind.Property, edit(`${key}: `)));
  }
  if (!context.nad && !isNadLike(context)) return [];
  return NAD_FIELDS.filter(
    (field) => field.path === [...slot.path, field.key].join('.') && !slot.siblings.includes(field.key),
  ).flatMap((field) =>
    item(
      field.key,
      CompletionItemKind.Property,
      edit(field.container ? `${field.key}:\n${' '.repeat(slot.indent + 2)}` : `${field.key}: `),
      field.doc,
    ),
  );
}

function isNadLike(context: CursorContext): boolean {
  const value = context.document?.value as Record<string, unknown> | undefined;
  return typeof value?.apiVersion === 'string' && value.apiVersion.startsWith('k8s.cni.cncf.io/');
}

/** `config: |` followed by a whole configuration, for the value of spec.config. */
function blockSnippets(context: CursorContext, keyIndent: number): CompletionItem[] {
  const text = context.yamlDocument.analysis.text;
  const slot = yamlSlotAt(text, context.local);
  if (!slot) return [];
  const name = context.nad?.name || 'my-network';
  const pad = ' '.repeat(keyIndent + 2);
  return CONFIG_SNIPPETS.flatMap((snippet) => {
    const json = JSON.stringify(snippet.build(name), null, 2).replace(/\n/g, `\n${pad}`);
    return item(
      snippet.label,
      CompletionItemKind.Snippet,
      { range: context.model.rangeIn(context.yamlDocument, slot.replace), newText: `|\n${pad}${json}` },
      snippet.detail,
    );
  });
}
