import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { MAX_CHECKED_DEPTH, jsonNestingDepth } from '../cni/jsonNesting';
import { isScalar, type Scalar } from 'yaml';
import { parseIp } from '../address/ipAddress';
import { DEFAULT_NETWORK_ANNOTATION, NETWORKS_ANNOTATION } from '../manifest/kubernetesObjects';
import type { ScalarSourceMap } from '../manifest/scalarSourceMap';
import type { TextRange } from '../manifest/yamlDocuments';
import { interfaceNameFor } from '../multus/interfaceNaming';
import { parseNetworkSelections, type NetworkSelection } from '../multus/networkSelection';
import { type DocumentSource } from './documentSource';
import { asRecord } from '../json/jsonValue';
import { podTemplatePath } from '../manifest/podTemplates';
import { interfaceNameProblem } from './pluginRules';
import { closestName } from './similarNames';

const LEGACY_NETWORKS_ANNOTATION = 'kubernetes.v1.cni.cncf.io/networks';

/** Keys of a selection element Multus reads (MUL pkg/types/types.go NetworkSelectionElement, plus NADC's ipam-claim-reference). */
const SELECTION_KEYS = [
  'name',
  'namespace',
  'ips',
  'mac',
  'interface',
  'interfaceRequest',
  'default-route',
  'cni-args',
  'portMappings',
  'bandwidth',
  'infiniband-guid',
  'deviceID',
  'ipam-claim-reference',
];

/** One attachment a pod asks for, with where it is written, for the cross-document rules. */
export interface Attachment {
  readonly name: string;
  readonly namespace: string;
  readonly ifname: string;
  readonly range: TextRange;
  readonly selection: NetworkSelection;
}

/** A pod or pod template that asks for secondary networks. */
export interface PodNetworks {
  /** The file the pod is in (the rules across files report there); no tree is kept. */
  readonly file: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** How many pods this object makes (Deployments: replicas; DaemonSets: one per node = Infinity). */
  readonly podCount: number;
  readonly nodeName?: string;
  readonly attachments: readonly Attachment[];
}

/**
 * Checks the network annotations of a Pod or pod template with Multus' own parser and messages
 * (MUL pkg/k8sclient/k8sclient.go parsePodNetworkAnnotation) and returns what it asks for.
 */
export function checkPodAnnotations(doc: DocumentSource): PodNetworks | undefined {
  const value = doc.value;
  const base = podTemplatePath(value?.kind);
  if (!value || !base) return undefined;
  const metadataPath = [...base, 'metadata'];
  const metadata = asRecord(pathValue(value, metadataPath));
  const annotations = asRecord(metadata?.annotations);
  const objectMetadata = asRecord(value.metadata);
  const namespace = (typeof objectMetadata?.namespace === 'string' && objectMetadata.namespace) || 'default';
  const annotationsPath = [...metadataPath, 'annotations'];
  if (annotations?.[LEGACY_NETWORKS_ANNOTATION] !== undefined) {
    doc.atKey(
      'annotation-legacy-key',
      [...annotationsPath, LEGACY_NETWORKS_ANNOTATION],
      `The obsolete key ${LEGACY_NETWORKS_ANNOTATION} gives this pod no secondary network. Multus reads only ${NETWORKS_ANNOTATION}: rename the key.`,
      { replacement: NETWORKS_ANNOTATION },
    );
  }
  const defaultNetwork = annotations?.[DEFAULT_NETWORK_ANNOTATION];
  if (typeof defaultNetwork === 'string')
    checkDefaultNetwork(doc, [...annotationsPath, DEFAULT_NETWORK_ANNOTATION], defaultNetwork);
  const networks = annotations?.[NETWORKS_ANNOTATION];
  if (typeof networks !== 'string' || networks === '') return undefined;
  const path = [...annotationsPath, NETWORKS_ANNOTATION];
  const source = scalarAt(doc, path);
  if (!source) return undefined;
  const attachments = checkNetworks(doc, source, networks, namespace);
  const spec = asRecord(pathValue(value, [...base, 'spec']));
  return {
    file: doc.file,
    kind: String(value.kind),
    name: String(objectMetadata?.name ?? objectMetadata?.generateName ?? ''),
    namespace,
    podCount: podCount(value),
    nodeName: typeof spec?.nodeName === 'string' ? spec.nodeName : undefined,
    attachments,
  };
}

function podCount(value: Record<string, unknown>): number {
  const spec = asRecord(value.spec);
  if (value.kind === 'Pod') return 1;
  if (value.kind === 'DaemonSet') return Infinity;
  if (value.kind === 'Job') return typeof spec?.parallelism === 'number' ? spec.parallelism : 1;
  return typeof spec?.replicas === 'number' ? spec.replicas : 1;
}

function pathValue(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => asRecord(node)?.[key], value);
}

interface AnnotationSource {
  readonly map: ScalarSourceMap;
  range(start: number, end: number): TextRange;
}

function scalarAt(doc: DocumentSource, path: readonly string[]): AnnotationSource | undefined {
  const node = doc.node(path);
  if (!isScalar(node)) return undefined;
  const map = doc.scalarMap(node as Scalar);
  if (!map) return undefined;
  const at = (i: number) => map.offsets[Math.max(0, Math.min(i, map.offsets.length - 1))];
  return { map, range: (start, end) => [at(start), Math.max(at(Math.max(end - 1, start)) + 1, at(start) + 1)] };
}

/** The diagnostic code for each way Multus refuses an annotation. */
const SELECTION_ERROR_CODES = {
  mac: 'annotation-selection-mac-invalid',
  ip: 'annotation-selection-ip-invalid',
  form: 'annotation-networks-invalid',
} as const;

function checkNetworks(doc: DocumentSource, source: AnnotationSource, value: string, namespace: string): Attachment[] {
  const outcome = parseNetworkSelections(value, namespace);
  const isJson = /[[{"]/.test(value);
  // A tree is built only as deep as the recursive parser can go; deeper text is checked without one.
  const tree = isJson && jsonNestingDepth(value) <= MAX_CHECKED_DEPTH ? parseTree(value) : undefined;
  if ('error' in outcome) {
    const range = isJson ? jsonErrorRange(source, value, tree, outcome.value) : trimmedRange(source, outcome.span);
    const code = SELECTION_ERROR_CODES[outcome.kind];
    const form = isJson
      ? 'The JSON form is a list: [{"name": "<nad>", "interface": "net1"}].'
      : 'The comma form is [namespace/]name[@interface], names in lower case.';
    doc.report(
      code,
      range,
      `Multus cannot parse ${NETWORKS_ANNOTATION}. It fails the pod with: ${outcome.error}. ${form}`,
    );
    return [];
  }
  const elements = tree?.children ?? [];
  if (isJson) checkJsonElements(doc, source, elements);
  return outcome.selections.map((selection, index) => ({
    name: selection.name,
    namespace: selection.namespace,
    ifname: interfaceNameFor(index + 1, selection.interfaceRequest),
    range: elementRange(source, selection, elements[index]),
    selection,
  }));
}

/** A comma-form item without the spaces around it. */
function trimmedRange(source: AnnotationSource, span: readonly [number, number]): TextRange {
  const raw = source.map.text.slice(span[0], span[1]);
  const lead = raw.length - raw.trimStart().length;
  return source.range(span[0] + lead, span[0] + lead + Math.max(raw.trim().length, 1));
}

function elementRange(source: AnnotationSource, selection: NetworkSelection, element: JsonNode | undefined): TextRange {
  if (element) return source.range(element.offset, element.offset + element.length);
  return trimmedRange(source, selection.span);
}

/** The syntax error, else the string value the message quotes, else the whole annotation. */
function jsonErrorRange(
  source: AnnotationSource,
  value: string,
  tree: JsonNode | undefined,
  offending: string | undefined,
): TextRange {
  const errors: ParseError[] = [];
  if (tree || jsonNestingDepth(value) <= MAX_CHECKED_DEPTH) parseTree(value, errors);
  const first = errors[0];
  if (first) return source.range(first.offset, first.offset + Math.max(first.length, 1));
  const quoted = offending ? findString(tree, (text) => text === offending) : undefined;
  return quoted ? source.range(quoted.offset, quoted.offset + quoted.length) : source.range(0, value.length);
}

function findString(node: JsonNode | undefined, match: (text: string) => boolean): JsonNode | undefined {
  if (!node) return undefined;
  if (node.type === 'string' && node.parent?.type !== 'property') return match(String(node.value)) ? node : undefined;
  if (node.type === 'string' && node.parent?.children?.[1] === node && match(String(node.value))) return node;
  for (const child of node.children ?? []) {
    const found = findString(child, match);
    if (found) return found;
  }
  return undefined;
}

/** Checks Multus applies to JSON elements, and keys it silently ignores (MUL pkg/k8sclient/k8sclient.go). */
function checkJsonElements(doc: DocumentSource, source: AnnotationSource, elements: JsonNode[]): void {
  const gateways = { 4: [] as JsonNode[], 6: [] as JsonNode[] };
  for (const element of elements) {
    for (const property of element.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode || !valueNode) continue;
      const key = String(keyNode.value);
      const keyRange = source.range(keyNode.offset, keyNode.offset + keyNode.length);
      if (key === 'gateway') {
        doc.report(
          'annotation-selection-gateway-key',
          keyRange,
          '"gateway" is not a network selection key. Multus ignores it silently, and the pod keeps its default route. To route the pod\'s default traffic through this network write "default-route": ["<gateway IP>"].',
          { replacement: 'default-route' },
        );
      } else if (!SELECTION_KEYS.includes(key)) {
        const suggestion = closestName(key, SELECTION_KEYS);
        doc.report(
          'annotation-selection-unknown-key',
          keyRange,
          `"${key}" is not a network selection key: Multus ignores it.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          suggestion ? { replacement: suggestion } : undefined,
        );
      } else if ((key === 'interface' || key === 'interfaceRequest') && typeof valueNode.value === 'string') {
        const problem = interfaceNameProblem(valueNode.value);
        if (problem) {
          doc.report(
            'annotation-interface-name-invalid',
            source.range(valueNode.offset, valueNode.offset + valueNode.length),
            `"${valueNode.value}" cannot be an interface name. libcni refuses it when the pod is created: ${problem}. Use at most 15 characters, no "/", ":" or whitespace.`,
          );
        }
      } else if (key === 'default-route') {
        for (const gw of valueNode.children ?? []) {
          const address = typeof gw.value === 'string' ? parseIp(gw.value) : undefined;
          if (address) gateways[address.family].push(gw);
        }
      }
    }
  }
  for (const family of [4, 6] as const) {
    for (const extra of gateways[family].slice(1)) {
      doc.report(
        'annotation-default-route-ecmp',
        source.range(extra.offset, extra.offset + extra.length),
        `A pod takes at most one IPv${family} default-route gateway. Multus fails the pod with: multus does not support ECMP for default-route. Keep one gateway.`,
      );
    }
  }
}

function checkDefaultNetwork(doc: DocumentSource, path: readonly string[], value: string): void {
  const source = scalarAt(doc, path);
  const outcome = parseNetworkSelections(value, 'kube-system');
  if (!source) return;
  if ('error' in outcome) {
    doc.report(
      'annotation-networks-invalid',
      source.range(outcome.span[0], outcome.span[1]),
      `Multus cannot parse the default-network annotation. It fails the pod with: tryLoadK8sPodDefaultNetwork: failed to parse CRD object: ${outcome.error}.`,
    );
  } else if (outcome.selections.length > 1) {
    doc.report(
      'annotation-default-network-multiple',
      source.range(0, value.length),
      `The default-network annotation names more than one network. Multus fails the pod with: tryLoadK8sPodDefaultNetwork: more than one default network is specified: ${value}. Name exactly one NAD.`,
    );
  }
}
