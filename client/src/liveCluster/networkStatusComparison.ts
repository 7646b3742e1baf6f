// "Try it on the cluster": our preview's network-status beside the one Multus wrote on the real pod, both
// normalised so that a diff shows only what matters. MAC addresses are random per pod on a real node
// (the kernel picks them for veth and macvlan links), so they are masked on both sides; the host-side veth
// index does not appear in network-status at all. No vscode import: tested in test/client.

export type NetworkStatusEntryLike = Record<string, unknown>;

export const MASKED_MAC = '<random per pod>';

/** The order Multus writes the fields in (NADC pkg/apis/k8s.cni.cncf.io/v1/types.go NetworkStatus), then the rest sorted. */
const FIELD_ORDER = ['name', 'interface', 'ips', 'mac', 'mtu', 'default', 'dns', 'device-info', 'gateway'];

export interface FieldDifference {
  /** The interface (or, without one, the network name) the entry is for. */
  readonly entry: string;
  readonly field: string;
  readonly preview?: unknown;
  readonly cluster?: unknown;
}

export interface NetworkStatusComparison {
  /** Normalised entries, as JSON text for the left side of a diff. */
  readonly previewText: string;
  readonly clusterText: string;
  /** Every field that differs after normalisation, in entry then field order. */
  readonly differences: readonly FieldDifference[];
  /** Fields that differ by nature and were masked on both sides ("mac"). */
  readonly masked: readonly string[];
}

function orderedFields(entry: NetworkStatusEntryLike): string[] {
  const known = FIELD_ORDER.filter((f) => f in entry);
  const rest = Object.keys(entry)
    .filter((f) => !FIELD_ORDER.includes(f))
    .sort();
  return [...known, ...rest];
}

/** A copy with the fields in Multus order and the MAC masked. */
export function normaliseEntry(entry: NetworkStatusEntryLike): NetworkStatusEntryLike {
  const out: NetworkStatusEntryLike = {};
  for (const field of orderedFields(entry)) {
    const value = entry[field];
    out[field] = field === 'mac' && typeof value === 'string' && value !== '' ? MASKED_MAC : value;
  }
  return out;
}

const keyOf = (entry: NetworkStatusEntryLike): string =>
  typeof entry.interface === 'string' ? entry.interface : `network ${String(entry.name)}`;

/** The preview's annotation text (PodPreviewResult.networkStatus) as entries; [] when it is not a JSON list. */
export function parseNetworkStatusText(text: string): NetworkStatusEntryLike[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed.filter((e): e is NetworkStatusEntryLike => typeof e === 'object' && !!e) : [];
  } catch {
    return [];
  }
}

export function compareNetworkStatus(
  preview: readonly NetworkStatusEntryLike[],
  cluster: readonly NetworkStatusEntryLike[],
): NetworkStatusComparison {
  const left = preview.map(normaliseEntry);
  const right = cluster.map(normaliseEntry);
  const byKey = (list: NetworkStatusEntryLike[]) => new Map(list.map((e) => [keyOf(e), e]));
  const leftByKey = byKey(left);
  const rightByKey = byKey(right);
  const keys = [...new Set([...leftByKey.keys(), ...rightByKey.keys()])];
  const differences: FieldDifference[] = [];
  for (const key of keys) {
    const a = leftByKey.get(key);
    const b = rightByKey.get(key);
    if (!a || !b) {
      differences.push({ entry: key, field: '(whole entry)', preview: a, cluster: b });
      continue;
    }
    for (const field of new Set([...orderedFields(a), ...orderedFields(b)])) {
      if (JSON.stringify(a[field]) !== JSON.stringify(b[field]))
        differences.push({ entry: key, field, preview: a[field], cluster: b[field] });
    }
  }
  const hadMac = [...preview, ...cluster].some((e) => typeof e.mac === 'string' && e.mac !== '');
  return {
    previewText: `${JSON.stringify(left, null, 2)}\n`,
    clusterText: `${JSON.stringify(right, null, 2)}\n`,
    differences,
    masked: hadMac ? ['mac'] : [],
  };
}

function short(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One line per difference: "net1 ips: preview ["192.168.1.200"], cluster ["192.168.1.201"]". */
export function differenceLines(differences: readonly FieldDifference[]): string[] {
  return differences.map((d) => `${d.entry} ${d.field}: preview ${short(d.preview)}, cluster ${short(d.cluster)}`);
}
