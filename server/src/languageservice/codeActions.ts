import { findNodeAtLocation, getNodeValue, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import { decodedIndexAt } from '../../../engine/language';
import type { CursorContext, EmbeddedScalar } from './cursor';
import { embeddedEdit } from './embeddedEdits';
import { layoutJson, oneLine, prettyJson } from './jsonLayout';
import { plainList, type Json } from '../../../engine';

/** What a code action request is about: the range and the diagnostics the editor shows there. */
export interface ActionRequest {
  readonly uri: string;
  readonly range: Range;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Quick fixes and rewrites for the config or annotation at the cursor. Each one edits the
 * decoded JSON and is written back in the scalar's own style; fixes that settle a diagnostic
 * the editor shows carry it, so the editor offers them on the squiggle.
 */
export function codeActions(context: CursorContext | undefined, request: ActionRequest): CodeAction[] {
  if (!context) return [];
  const actions: CodeAction[] = [];
  if (context.config) actions.push(...syntaxFixes(context, context.config, request));
  if (context.config) actions.push(...configActions(context, context.config, request));
  if (context.networks) actions.push(...selectionGatewayFixes(context, context.networks, request));
  actions.push(...replacementFixes(context, request));
  return fixUnderCursorFirst(withoutDuplicates(actions), request.range);
}

/** The rewrites of a config's scalar style alone: what a whole-file request (Rewrite as a Block Scalar) gets. */
export function configRewrites(context: CursorContext): CodeAction[] {
  return context.config ? styleRewrites(context, context.config) : [];
}

/**
 * The fix of the diagnostic under the cursor comes first and is the only preferred one, so
 * Ctrl+. Enter applies it (issue 18: an unrelated "Add name" came first on a comma error).
 */
function fixUnderCursorFirst(actions: CodeAction[], range: Range): CodeAction[] {
  const underCursor = (action: CodeAction) =>
    action.diagnostics?.some((d) => before(d.range.start, range.start) && before(range.start, d.range.end)) ?? false;
  const ordered = [...actions.filter(underCursor), ...actions.filter((action) => !underCursor(action))];
  return ordered.map((action, index) => {
    const rest = { ...action };
    delete rest.isPreferred;
    return index === 0 && underCursor(action) ? { ...rest, isPreferred: true } : rest;
  });
}

/** One action per title: the one that settles diagnostics wins. */
function withoutDuplicates(actions: CodeAction[]): CodeAction[] {
  const byTitle = new Map<string, CodeAction>();
  for (const action of actions) {
    const kept = byTitle.get(action.title);
    if (!kept || (!kept.diagnostics?.length && action.diagnostics?.length)) byTitle.set(action.title, action);
  }
  return [...byTitle.values()];
}

/**
 * Fixes the engine spells out: a diagnostic whose `data.replacement` names the right text
 * (a key, a network address, a NAD name), written where the diagnostic points, in the style
 * of the text around it.
 */
function replacementFixes(context: CursorContext, request: ActionRequest): CodeAction[] {
  return request.diagnostics.flatMap((diagnostic) => {
    const replacement = (diagnostic.data as { replacement?: unknown } | undefined)?.replacement;
    if (typeof replacement !== 'string' || replacement === '') return [];
    const start = context.model.offsetAt(diagnostic.range.start) - context.yamlDocument.start;
    const end = context.model.offsetAt(diagnostic.range.end) - context.yamlDocument.start;
    if (context.config && within(context.config, start))
      return jsonReplacement(context, context.config, diagnostic, replacement, start);
    if (context.networks && within(context.networks, start))
      return referenceReplacement(context, diagnostic, replacement, start);
    return yamlReplacement(context, diagnostic, replacement, [start, end]);
  });
}

/** What settles a JSON syntax error, by the parser's error code the diagnostic carries in `data.parseError`. */
const SYNTAX_FIXES: Readonly<Record<string, { readonly title: string; readonly text: string }>> = {
  CommaExpected: { title: 'Insert the missing comma', text: ',' },
  ColonExpected: { title: 'Insert the missing colon', text: ':' },
  CloseBraceExpected: { title: 'Insert the missing "}"', text: '}' },
  CloseBracketExpected: { title: 'Insert the missing "]"', text: ']' },
  UnexpectedEndOfString: { title: 'Close the string with a double quote', text: '"' },
};

/** Punctuation goes right after the token before the error; a closing quote after the word the string holds. */
function syntaxFixes(context: CursorContext, config: EmbeddedScalar, request: ActionRequest): CodeAction[] {
  const text = config.map.text;
  return diagnosticsWithCode(request, ['json-syntax']).flatMap((diagnostic) => {
    const code = (diagnostic.data as { parseError?: unknown } | undefined)?.parseError;
    const fix = typeof code === 'string' ? SYNTAX_FIXES[code] : undefined;
    if (!fix) return [];
    const local = context.model.offsetAt(diagnostic.range.start) - context.yamlDocument.start;
    let at = decodedIndexAt(config.map, local);
    if (code === 'UnexpectedEndOfString') {
      at++;
      while (at < text.length && /[\w./:-]/.test(text[at])) at++;
    } else while (at > 0 && /\s/.test(text[at - 1])) at--;
    const edit = embeddedEdit(context.model, context.yamlDocument, config, [at, at], fix.text);
    return action(fix.title, CodeActionKind.QuickFix, request.uri, [edit], [diagnostic]);
  });
}

function within(scalar: EmbeddedScalar, local: number): boolean {
  const offsets = scalar.map.offsets;
  return local >= offsets[0] && local <= offsets[scalar.map.text.length];
}

/** Replaces the JSON string or number the diagnostic starts on (a key is renamed, a value rewritten). */
function jsonReplacement(
  context: CursorContext,
  config: EmbeddedScalar,
  diagnostic: Diagnostic,
  replacement: string,
  start: number,
): CodeAction[] {
  const tree = parseTree(config.map.text);
  const node = tree ? leafStartingAt(tree, config.map.offsets, start) : undefined;
  if (!node) return [];
  // json-wrong-type: the value is a quoted number or boolean, and the replacement is its bare text.
  const text = diagnostic.code === 'json-wrong-type' ? replacement : JSON.stringify(replacement);
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const title = isKey
    ? `Rename "${String(node.value)}" to "${replacement}"`
    : `Change ${config.map.text.slice(node.offset, node.offset + node.length)} to ${text}`;
  const edit = embeddedEdit(
    context.model,
    context.yamlDocument,
    config,
    [node.offset, node.offset + node.length],
    text,
  );
  return action(title, CodeActionKind.QuickFix, context.model.uri, [edit], [diagnostic]);
}

function leafStartingAt(node: JsonNode, offsets: Int32Array, fileOffset: number): JsonNode | undefined {
  if (!node.children) return offsets[node.offset] === fileOffset && node.type !== 'null' ? node : undefined;
  for (const child of node.children) {
    const found = leafStartingAt(child, offsets, fileOffset);
    if (found) return found;
  }
  return undefined;
}

/** reference-not-found ("did you mean") and reference-other-namespace (short form: `namespace/name`). */
function referenceReplacement(
  context: CursorContext,
  diagnostic: Diagnostic,
  replacement: string,
  start: number,
): CodeAction[] {
  const pod = context.yamlDocument.analysis.pods.find((entry) => entry.range[0] === context.document?.range[0]);
  const reference = pod?.references.find(({ range }) => start >= range[0] && start <= range[1]);
  if (!reference || !/^[a-z0-9./-]+$/.test(replacement)) return [];
  const shortForm = !/^\s*[[{"]/.test(context.networks?.map.text ?? '');
  if (diagnostic.code === 'reference-other-namespace' && !shortForm) return [];
  const span =
    diagnostic.code === 'reference-other-namespace'
      ? ([reference.range[0], reference.nameRange[1]] as const)
      : reference.nameRange;
  const edit = { range: context.model.rangeIn(context.yamlDocument, span), newText: replacement };
  return action(
    `Change the network to "${replacement}"`,
    CodeActionKind.QuickFix,
    context.model.uri,
    [edit],
    [diagnostic],
  );
}

/** A plain YAML word (a key such as `Config`, a name) the diagnostic covers exactly. */
function yamlReplacement(
  context: CursorContext,
  diagnostic: Diagnostic,
  replacement: string,
  [start, end]: readonly [number, number],
): CodeAction[] {
  const current = context.yamlDocument.analysis.text.slice(start, end);
  if (!/^[\w./-]+$/.test(current) || !/^[\w./-]+$/.test(replacement)) return [];
  const edit = { range: diagnostic.range, newText: replacement };
  return action(
    `Change "${current}" to "${replacement}"`,
    CodeActionKind.QuickFix,
    context.model.uri,
    [edit],
    [diagnostic],
  );
}

interface ConfigFacts {
  readonly context: CursorContext;
  readonly config: EmbeddedScalar;
  readonly tree: JsonNode;
  readonly root: Json;
  readonly request: ActionRequest;
}

function configActions(context: CursorContext, config: EmbeddedScalar, request: ActionRequest): CodeAction[] {
  const tree = parseTree(config.map.text);
  const root = tree ? (getNodeValue(tree) as unknown) : undefined;
  const rewrites = styleRewrites(context, config);
  if (!tree || tree.type !== 'object' || !root || typeof root !== 'object') return rewrites;
  const facts: ConfigFacts = { context, config, tree, root: root as Json, request };
  return [...missingRootKeyFixes(facts), ...misplacedRangeFixes(facts), ...whereaboutsRewrites(facts), ...rewrites];
}

function action(
  title: string,
  kind: string,
  uri: string,
  edits: readonly (TextEdit | undefined)[],
  diagnostics: readonly Diagnostic[] = [],
): CodeAction[] {
  if (edits.length === 0 || edits.some((edit) => !edit)) return [];
  return [
    {
      title,
      kind,
      ...(diagnostics.length ? { diagnostics: [...diagnostics], isPreferred: true } : {}),
      edit: { changes: { [uri]: edits as TextEdit[] } },
    },
  ];
}

/** Diagnostics shown in the request with one of these codes: what a fix settles is known by code, never by message words. */
function diagnosticsWithCode(request: ActionRequest, codes: readonly string[]): Diagnostic[] {
  return request.diagnostics.filter((diagnostic) => codes.includes(String(diagnostic.code)));
}

function edit(facts: ConfigFacts, span: readonly [number, number], text: string): TextEdit | undefined {
  return embeddedEdit(facts.context.model, facts.context.yamlDocument, facts.config, span, text);
}

/** Adds `cniVersion` or `name` as the first key of the config (CNI SPEC.md: both are required network keys). */
function missingRootKeyFixes(facts: ConfigFacts): CodeAction[] {
  const actions: CodeAction[] = [];
  const insert = (key: string, value: string) => insertFirstKey(facts, key, value);
  if (typeof facts.root.cniVersion !== 'string') {
    const diagnostics = diagnosticsWithCode(facts.request, ['cni-version-missing']);
    for (const version of ['1.0.0', '0.4.0']) {
      actions.push(
        ...action(
          `Add "cniVersion": "${version}"`,
          CodeActionKind.QuickFix,
          facts.request.uri,
          [insert('cniVersion', version)],
          diagnostics,
        ),
      );
    }
  }
  const name = facts.context.nad?.name;
  if ((facts.root.name === undefined || facts.root.name === '') && name) {
    const diagnostics = diagnosticsWithCode(facts.request, ['cni-conflist-name-missing']);
    actions.push(
      ...action(
        `Add "name": "${name}" (the NAD's name)`,
        CodeActionKind.QuickFix,
        facts.request.uri,
        [insert('name', name)],
        diagnostics,
      ),
    );
  }
  return actions;
}

function insertFirstKey(facts: ConfigFacts, key: string, value: string): TextEdit | undefined {
  const text = facts.config.map.text;
  const at = facts.tree.offset + 1;
  const first = facts.tree.children?.[0];
  const comma = first ? ',' : '';
  if (!text.includes('\n')) return edit(facts, [at, at], ` "${key}": ${JSON.stringify(value)}${comma}`);
  const lineStart = first ? text.lastIndexOf('\n', first.offset - 1) + 1 : at;
  const indent = first ? text.slice(lineStart, first.offset) : '  ';
  return edit(facts, [at, at], `\n${/^\s*$/.test(indent) ? indent : '  '}"${key}": ${JSON.stringify(value)}${comma}`);
}

function fileRange(facts: ConfigFacts, node: JsonNode): Range {
  const offsets = facts.config.map.offsets;
  return facts.context.model.rangeIn(facts.context.yamlDocument, [
    offsets[node.offset],
    offsets[node.offset + node.length],
  ]);
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function overlaps(a: Range, b: Range): boolean {
  return before(a.start, b.end) && before(b.start, a.end);
}

/** Whether a node of the config overlaps the requested range. */
function touches(facts: ConfigFacts, node: JsonNode): boolean {
  return overlaps(fileRange(facts, node), facts.request.range);
}

const RANGE_KEYS = ['rangeStart', 'rangeEnd', 'gateway'] as const;

/**
 * host-local reads top-level rangeStart/rangeEnd/gateway only together with a top-level subnet
 * (PLG plugins/ipam/host-local/backend/allocator/config.go LoadIPAMConfig); next to `ranges`
 * they are ignored. The fix moves them into the first range, where they take effect.
 */
function misplacedRangeFixes(facts: ConfigFacts): CodeAction[] {
  return ipamNodes(facts).flatMap(({ node, value }) => {
    const stray = RANGE_KEYS.filter((key) => value[key] !== undefined);
    const ranges = value.ranges;
    if (value.type !== 'host-local' || value.subnet !== undefined || stray.length === 0) return [];
    if (!Array.isArray(ranges) || !Array.isArray(ranges[0]) || !ranges[0][0] || typeof ranges[0][0] !== 'object')
      return [];
    const first = { ...(ranges[0][0] as Json) };
    for (const key of stray) first[key] ??= value[key];
    const moved: Json = {};
    for (const [key, entry] of Object.entries(value))
      if (!stray.includes(key as (typeof RANGE_KEYS)[number])) moved[key] = entry;
    moved.ranges = [[first, ...(ranges[0] as unknown[]).slice(1)], ...ranges.slice(1)];
    const fix = replaceNode(facts, node, moved);
    const ipamRange = fileRange(facts, node);
    const diagnostics = diagnosticsWithCode(facts.request, ['json-unknown-key', 'ipam-no-ranges']).filter((d) =>
      overlaps(d.range, ipamRange),
    );
    return action(
      `Move ${plainList(stray)} into the first range of "ranges"`,
      CodeActionKind.QuickFix,
      facts.request.uri,
      [fix],
      diagnostics,
    );
  });
}

function ipamNodes(facts: ConfigFacts): { node: JsonNode; value: Json }[] {
  const plugins = findNodeAtLocation(facts.tree, ['plugins']);
  const pluginNodes =
    typeof facts.root.type !== 'string' && plugins?.type === 'array' ? (plugins.children ?? []) : [facts.tree];
  return pluginNodes.flatMap((plugin) => {
    const node = findNodeAtLocation(plugin, ['ipam']);
    const value = node ? (getNodeValue(node) as unknown) : undefined;
    return node && value && typeof value === 'object' && touches(facts, node) ? [{ node, value: value as Json }] : [];
  });
}

function replaceNode(facts: ConfigFacts, node: JsonNode, value: unknown): TextEdit | undefined {
  return edit(facts, [node.offset, node.offset + node.length], layoutJson(value, facts.config.map.text, node.offset));
}

/**
 * host-local allocates per node, so pods on two nodes get the same address; whereabouts
 * allocates cluster-wide (WA README). The rewrite keeps each range set's first range, its
 * bounds and routes; whereabouts does not skip the gateway, so a gateway inside the range is excluded.
 */
function whereaboutsRewrites(facts: ConfigFacts): CodeAction[] {
  return ipamNodes(facts).flatMap(({ node, value }) => {
    if (value.type !== 'host-local') return [];
    const sets: Json[] = [];
    if (typeof value.subnet === 'string') sets.push(value);
    for (const set of Array.isArray(value.ranges) ? value.ranges : [])
      if (Array.isArray(set) && set[0] && typeof set[0] === 'object') sets.push(set[0] as Json);
    if (sets.length === 0) return [];
    const ranges = sets.map(whereaboutsRange);
    const next: Json = { type: 'whereabouts', ...(ranges.length === 1 ? ranges[0] : { ipRanges: ranges }) };
    const gateway = sets.find((set) => typeof set.gateway === 'string')?.gateway;
    if (gateway) {
      next.gateway = gateway;
      const exclude = ranges.length === 1 ? ((next.exclude as string[] | undefined) ?? []) : undefined;
      if (exclude) next.exclude = [...exclude, `${gateway}/${String(gateway).includes(':') ? 128 : 32}`];
    }
    if (value.routes !== undefined) next.routes = value.routes;
    const fix = replaceNode(facts, node, next);
    return action(
      'Switch host-local to whereabouts (cluster-wide addresses), keeping the range',
      CodeActionKind.RefactorRewrite,
      facts.request.uri,
      [fix],
      diagnosticsWithCode(facts.request, ['host-local-multi-node']),
    );
  });
}

function whereaboutsRange(range: Json): Json {
  return {
    range: range.subnet,
    ...(typeof range.rangeStart === 'string' ? { range_start: range.rangeStart } : {}),
    ...(typeof range.rangeEnd === 'string' ? { range_end: range.rangeEnd } : {}),
  };
}

/** `config: "{\"...\"}"` <-> `config: |` with the JSON laid out on lines. */
function styleRewrites(context: CursorContext, config: EmbeddedScalar): CodeAction[] {
  const node = config.node;
  const [start] = node.range ?? [0, 0];
  const uri = context.model.uri;
  const text = context.yamlDocument.analysis.text;
  const decoded = config.map.text;
  if (decoded.trim() === '') return [];
  const contentEnd = lastContentOffset(config) + 1;
  const keyIndent = lineIndentAt(text, start);
  const endAt =
    node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? (node.range?.[1] ?? contentEnd) : contentEnd;
  const replace = (newText: string) => [
    { range: context.model.rangeIn(context.yamlDocument, [start, endAt]), newText },
  ];
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const single = `'${oneLine(decoded).replace(/'/g, "''")}'`;
    return action(
      'Rewrite spec.config on one line (single-quoted)',
      CodeActionKind.RefactorRewrite,
      uri,
      replace(single),
    );
  }
  const pad = `${keyIndent}  `;
  const block = `|\n${pad}${prettyJson(decoded).replace(/\n/g, `\n${pad}`)}`;
  return action(
    'Rewrite spec.config as a readable `config: |` block',
    CodeActionKind.RefactorRewrite,
    uri,
    replace(block),
  );
}

/** Offset (in the document) of the last character of the scalar's content that is not white space. */
function lastContentOffset(config: EmbeddedScalar): number {
  let index = config.map.text.length - 1;
  while (index > 0 && /\s/.test(config.map.text[index])) index--;
  return config.map.offsets[index];
}

function lineIndentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/**
 * Multus reads `default-route` from a selection element; a `gateway` key is ignored
 * (MUL pkg/types/types.go NetworkSelectionElement). The fix renames the key, making a single
 * address a list.
 */
function selectionGatewayFixes(context: CursorContext, networks: EmbeddedScalar, request: ActionRequest): CodeAction[] {
  const tree = parseTree(networks.map.text);
  if (!tree || tree.type !== 'array') return [];
  return (tree.children ?? []).flatMap((element) => {
    const property = element.children?.find((child) => child.children?.[0]?.value === 'gateway');
    const [keyNode, valueNode] = property?.children ?? [];
    if (!keyNode || !valueNode) return [];
    const edits = [
      embeddedEdit(
        context.model,
        context.yamlDocument,
        networks,
        [keyNode.offset, keyNode.offset + keyNode.length],
        '"default-route"',
      ),
    ];
    if (valueNode.type === 'string') {
      edits.push(
        embeddedEdit(
          context.model,
          context.yamlDocument,
          networks,
          [valueNode.offset, valueNode.offset + valueNode.length],
          `[${JSON.stringify(valueNode.value)}]`,
        ),
      );
    }
    const diagnostics = diagnosticsWithCode(request, ['annotation-selection-gateway-key']);
    return action(
      'Replace "gateway" by "default-route" (the key Multus reads)',
      CodeActionKind.QuickFix,
      request.uri,
      edits,
      diagnostics,
    );
  });
}
