import { goJsonSyntaxError } from './goJsonSyntax';
import { parseCidr, parseIp } from '../address/ipAddress';

/** One element of `k8s.v1.cni.cncf.io/networks` (MUL pkg/types/types.go NetworkSelectionElement). */
export interface NetworkSelection {
  readonly name: string;
  readonly namespace: string;
  readonly interfaceRequest?: string;
  readonly ips?: readonly string[];
  readonly mac?: string;
  readonly infinibandGuid?: string;
  /** `default-route`: present (even empty) means Multus manages default routes for the pod. */
  readonly defaultRoute?: readonly string[];
  readonly cniArgs?: Readonly<Record<string, unknown>>;
  readonly portMappings?: readonly unknown[];
  readonly bandwidth?: Readonly<Record<string, unknown>>;
  readonly deviceID?: string;
  /** Where the element starts and ends inside the annotation value (short form: the item). */
  readonly span: readonly [number, number];
  /** Keys of a JSON element, for rules about keys Multus ignores (e.g. `gateway`). */
  readonly keys: readonly string[];
}

/**
 * Why Multus refuses an annotation: its error text, where (`span`), what was wrong (a `mac` or
 * `infiniband-guid`, an `ips` entry, or the annotation's form) and the offending string, if one.
 */
export interface SelectionError {
  readonly error: string;
  readonly span: readonly [number, number];
  readonly kind: 'mac' | 'ip' | 'form';
  readonly value?: string;
}

export type SelectionOutcome = { selections: NetworkSelection[] } | SelectionError;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IFNAMSIZ = 16;

/**
 * Parses the annotation like Multus' parsePodNetworkAnnotation (MUL pkg/k8sclient/k8sclient.go):
 * JSON form when the value holds `[`, `{` or `"`, otherwise the comma form; an empty namespace
 * becomes the pod's; `mac`, `infiniband-guid` and `ips` are checked after parsing.
 */
export function parseNetworkSelections(value: string, podNamespace: string): SelectionOutcome {
  if (value === '') return { selections: [] };
  const parsed = /[[{"]/.test(value) ? parseJsonForm(value, podNamespace) : parseCommaForm(value, podNamespace);
  if ('error' in parsed) return parsed;
  for (const selection of parsed.selections) {
    const invalid = checkElement(selection);
    if (invalid) return invalid;
  }
  return parsed;
}

function checkElement(selection: NetworkSelection): SelectionError | undefined {
  const { mac, infinibandGuid, span } = selection;
  if (mac && !parseMac(mac)) {
    return {
      error: `parsePodNetworkAnnotation: failed to mac: address ${mac}: invalid MAC address`,
      span,
      kind: 'mac',
      value: mac,
    };
  }
  if (infinibandGuid && !parseMac(infinibandGuid)) {
    return {
      error: `parsePodNetworkAnnotation: failed to validate infiniband GUID: address ${infinibandGuid}: invalid MAC address`,
      span,
      kind: 'mac',
      value: infinibandGuid,
    };
  }
  for (const ip of selection.ips ?? []) {
    const error = ip.includes('/')
      ? !parseCidr(ip) && `failed to parse CIDR ${JSON.stringify(ip)}: invalid CIDR address: ${ip}`
      : !parseIp(ip) && `failed to parse IP address ${JSON.stringify(ip)}`;
    if (error) return { error, span, kind: 'ip', value: ip };
  }
  return undefined;
}

/** Go's net.ParseMAC: 6, 8 or 20 octets as `aa:bb`, `aa-bb` or `aabb.ccdd` groups. */
export function parseMac(text: string): boolean {
  const octets = (n: number) => n === 6 || n === 8 || n === 20;
  for (const sep of [':', '-']) {
    const parts = text.split(sep);
    if (parts.length > 1 && octets(parts.length) && parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p))) return true;
  }
  const dotted = text.split('.');
  return octets(dotted.length * 2) && dotted.every((p) => /^[0-9a-fA-F]{4}$/.test(p));
}

function parseCommaForm(value: string, podNamespace: string): SelectionOutcome {
  const selections: NetworkSelection[] = [];
  let at = 0;
  for (const rawItem of value.split(',')) {
    const span = [at, at + rawItem.length] as const;
    at += rawItem.length + 1;
    const parsed = parseObjectName(rawItem.trim());
    if ('error' in parsed) return { error: `parsePodNetworkAnnotation: ${parsed.error}`, span, kind: 'form' };
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

/** The Go field each JSON key decodes into (matched case-insensitively, exact case first), and its Go type. */
const FIELDS: Record<string, { field: string; type: 'string' | '[]string' | 'object' | 'array' | 'map' }> = {
  name: { field: 'name', type: 'string' },
  namespace: { field: 'namespace', type: 'string' },
  ips: { field: 'ips', type: '[]string' },
  mac: { field: 'mac', type: 'string' },
  'infiniband-guid': { field: 'infiniband-guid', type: 'string' },
  interface: { field: 'interface', type: 'string' },
  interfacerequest: { field: 'interfaceRequest', type: 'string' },
  portmappings: { field: 'portMappings', type: 'array' },
  bandwidth: { field: 'bandwidth', type: 'object' },
  deviceid: { field: 'deviceID', type: 'string' },
  'cni-args': { field: 'cni-args', type: 'map' },
  'default-route': { field: 'default-route', type: '[]string' },
};

const GO_TYPES = {
  string: 'string',
  '[]string': '[]string',
  object: 'types.BandwidthEntry',
  array: '[]*types.PortMapEntry',
  map: 'map[string]interface {}',
};

function parseJsonForm(value: string, podNamespace: string): SelectionOutcome {
  const whole = [0, value.length] as const;
  const syntax = goJsonSyntaxError(value);
  if (syntax) return { error: `${JSON_PREFIX}${syntax}`, span: whole, kind: 'form' };
  const parsed = JSON.parse(value) as unknown;
  if (!Array.isArray(parsed)) {
    return {
      error: `${JSON_PREFIX}json: cannot unmarshal ${goKind(parsed)} into Go value of type []*types.NetworkSelectionElement`,
      span: whole,
      kind: 'form',
    };
  }
  const selections: NetworkSelection[] = [];
  for (const element of parsed) {
    if (element !== null && (typeof element !== 'object' || Array.isArray(element))) {
      return {
        error: `${JSON_PREFIX}json: cannot unmarshal ${goKind(element)} into Go value of type types.NetworkSelectionElement`,
        span: whole,
        kind: 'form',
      };
    }
    const decoded = decodeElement((element ?? {}) as Record<string, unknown>);
    if ('error' in decoded) return { ...decoded, error: `${JSON_PREFIX}${decoded.error}`, span: whole, kind: 'form' };
    const item = decoded.fields;
    const str = (key: string) => (typeof item[key] === 'string' ? (item[key] as string) : undefined);
    selections.push({
      name: str('name') ?? '',
      namespace: str('namespace') || podNamespace,
      interfaceRequest: str('interface') || str('interfaceRequest') || undefined,
      ips: item.ips as string[] | undefined,
      mac: str('mac') || undefined,
      infinibandGuid: str('infiniband-guid') || undefined,
      defaultRoute: item['default-route'] as string[] | undefined,
      cniArgs: item['cni-args'] as Record<string, unknown> | undefined,
      portMappings: item.portMappings as unknown[] | undefined,
      bandwidth: item.bandwidth as Record<string, unknown> | undefined,
      deviceID: str('deviceID') || undefined,
      span: whole,
      keys: Object.keys(element ?? {}),
    });
  }
  return { selections };
}

/**
 * Go encoding/json into NetworkSelectionElement: keys match fields case-insensitively (the last
 * duplicate wins), `null` leaves the zero value, a wrong JSON type is an UnmarshalTypeError, and
 * each `default-route` entry must be an IP (net.IP UnmarshalText).
 */
function decodeElement(
  element: Record<string, unknown>,
): { fields: Record<string, unknown> } | { error: string; value?: string } {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(element)) {
    const spec = FIELDS[key.toLowerCase()];
    if (!spec || value === null) continue;
    const typeError = (kind: string, goType: string, field = spec.field) =>
      `json: cannot unmarshal ${kind} into Go struct field NetworkSelectionElement.${field} of type ${goType}`;
    if (spec.type === 'string' && typeof value !== 'string') return { error: typeError(goKind(value), 'string') };
    if (spec.type === '[]string') {
      if (!Array.isArray(value))
        return { error: typeError(goKind(value), spec.field === 'default-route' ? '[]net.IP' : '[]string') };
      for (const item of value) {
        if (spec.field === 'default-route') {
          if (typeof item !== 'string') return { error: typeError(goKind(item), 'net.IP') };
          if (!parseIp(item)) return { error: `invalid IP address: ${item}`, value: item };
        } else if (typeof item !== 'string' && item !== null) return { error: typeError(goKind(item), 'string') };
      }
      fields[spec.field] = value.map((item) => (item === null ? '' : String(item)));
      continue;
    }
    if ((spec.type === 'object' || spec.type === 'map') && (typeof value !== 'object' || Array.isArray(value))) {
      return { error: typeError(goKind(value), GO_TYPES[spec.type]) };
    }
    if (spec.type === 'array' && !Array.isArray(value)) return { error: typeError(goKind(value), GO_TYPES.array) };
    fields[spec.field] = value;
  }
  return { fields };
}

/** The JSON kind word Go's UnmarshalTypeError uses. */
function goKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : 'string';
}
