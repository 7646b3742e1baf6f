/** One element of `k8s.v1.cni.cncf.io/networks` (MUL pkg/types/types.go NetworkSelectionElement). */
export interface NetworkSelection {
  readonly name: string;
  readonly namespace: string;
  readonly interfaceRequest?: string;
  readonly ips?: readonly string[];
  readonly mac?: string;
  readonly defaultRoute?: readonly string[];
  readonly cniArgs?: Readonly<Record<string, unknown>>;
  /** Where the element starts and ends inside the annotation value (short form: the item). */
  readonly span: readonly [number, number];
  /** Keys of a JSON element, for rules about keys Multus ignores (e.g. `gateway`). */
  readonly keys: readonly string[];
}

export type SelectionOutcome = { selections: NetworkSelection[] } | { error: string; span: readonly [number, number] };

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IFNAMSIZ = 16;

/**
 * Parses the annotation like Multus' parsePodNetworkAnnotation (MUL pkg/k8sclient/k8sclient.go):
 * JSON form when the value holds `[`, `{` or `"`, otherwise the comma form; an empty namespace
 * becomes the pod's.
 */
export function parseNetworkSelections(value: string, podNamespace: string): SelectionOutcome {
  if (value === '') return { selections: [] };
  if (/[[{"]/.test(value)) return parseJsonForm(value, podNamespace);
  return parseCommaForm(value, podNamespace);
}

function parseCommaForm(value: string, podNamespace: string): SelectionOutcome {
  const selections: NetworkSelection[] = [];
  let at = 0;
  for (const rawItem of value.split(',')) {
    const span = [at, at + rawItem.length] as const;
    at += rawItem.length + 1;
    const parsed = parseObjectName(rawItem.trim());
    if ('error' in parsed) return { error: `parsePodNetworkAnnotation: ${parsed.error}`, span };
    selections.push({
      name: parsed.name,
      namespace: parsed.namespace || podNamespace,
      interfaceRequest: parsed.ifname || undefined,
      span,
      keys: [],
    });
  }
  return { selections };
}

/** parsePodNetworkObjectName: `[namespace/]name[@ifname]` with Multus' checks and messages. */
function parseObjectName(item: string): { namespace: string; name: string; ifname: string } | { error: string } {
  const slashItems = item.split('/');
  if (slashItems.length > 2) return { error: "parsePodNetworkObjectName: Invalid network object (failed at '/')" };
  const namespace = slashItems.length === 2 ? slashItems[0].trim() : '';
  const atItems = slashItems[slashItems.length - 1].split('@');
  if (atItems.length > 2) return { error: "parsePodNetworkObjectName: Invalid network object (failed at '@')" };
  const name = atItems[0].trim();
  const ifname = atItems.length === 2 ? atItems[1].trim() : '';
  for (const part of [namespace, name]) {
    if (part.length > 0 && !DNS1123_LABEL.test(part)) {
      return {
        error: `parsePodNetworkObjectName: Failed to parse: one or more items did not match comma-delimited format (must consist of lower case alphanumeric characters). Must start and end with an alphanumeric character), mismatch @ '${part}'`,
      };
    }
  }
  if (ifname.length > 0 && (Buffer.byteLength(ifname) > IFNAMSIZ - 1 || /[ \t\n\v\f\r/]/.test(ifname))) {
    return {
      error: `parsePodNetworkObjectName: Failed to parse interface name: must be less than 15 chars and not contain '/' or spaces. interface name '${ifname}'`,
    };
  }
  return { namespace, name, ifname };
}

const JSON_PREFIX =
  'parsePodNetworkAnnotation: failed to parse pod Network Attachment Selection Annotation JSON format: ';

function parseJsonForm(value: string, podNamespace: string): SelectionOutcome {
  const whole = [0, value.length] as const;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    return { error: `${JSON_PREFIX}${(error as Error).message}`, span: whole };
  }
  if (!Array.isArray(parsed)) {
    const kind = parsed === null ? 'null' : typeof parsed === 'object' ? 'object' : typeof parsed;
    return {
      error: `${JSON_PREFIX}json: cannot unmarshal ${kind} into Go value of type []*types.NetworkSelectionElement`,
      span: whole,
    };
  }
  const selections: NetworkSelection[] = [];
  for (const element of parsed) {
    const item = (element && typeof element === 'object' ? element : {}) as Record<string, unknown>;
    const str = (key: string) => (typeof item[key] === 'string' ? (item[key] as string) : undefined);
    selections.push({
      name: str('name') ?? '',
      namespace: str('namespace') || podNamespace,
      interfaceRequest: str('interface') || str('interfaceRequest') || undefined,
      ips: Array.isArray(item.ips) ? item.ips.map(String) : undefined,
      mac: str('mac'),
      defaultRoute: Array.isArray(item['default-route']) ? item['default-route'].map(String) : undefined,
      cniArgs:
        item['cni-args'] && typeof item['cni-args'] === 'object'
          ? (item['cni-args'] as Record<string, unknown>)
          : undefined,
      span: whole,
      keys: Object.keys(item),
    });
  }
  return { selections };
}
