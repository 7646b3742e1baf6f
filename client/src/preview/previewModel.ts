import { asRecord, type Json } from '../../../engine';
import type { PodPreviewResult, PreviewResult } from '../../../server/src/protocol';
import type { ConnectivityView } from './connectivityHtml';

/** One row of a pod's interface table. */
export interface InterfaceRow {
  readonly name: string;
  readonly network: string;
  readonly addresses: readonly string[];
  readonly mac: string;
  readonly mtu: string;
  /** The pod's routes through this interface, as `ip route` words (`default via 192.168.1.1`). */
  readonly routes: readonly string[];
}

/** What the panel shows for one pod: all of it already rendered by the engine, only arranged here. */
export interface PodView {
  readonly key: string;
  readonly node?: string;
  /** Multus' reason when it would refuse the pod. */
  readonly error?: string;
  /** True when the error is the cluster model's own limit (a node it does not list), not a refusal. */
  readonly modelLimit?: boolean;
  readonly notes: readonly string[];
  readonly interfaces: readonly InterfaceRow[];
  readonly ipAddress: string;
  readonly ipRoute: string;
  readonly networkStatus: string;
}

export interface PreviewView {
  /** What was previewed: `pod default/samplepod`, `NAD default/macvlan-conf`, `all pods in the workspace`. */
  readonly subject: string;
  readonly pods: readonly PodView[];
  /** A sentence shown instead of pods when there is nothing to preview. */
  readonly hint?: string;
  /** Who reaches whom on the previewed pods' networks (the Connectivity view). */
  readonly connectivity?: ConnectivityView;
  /** Which cluster model the pods were placed on ("live: lab, read 2 min ago"); set by the panel. */
  readonly model?: string;
  /** The server's notes on that model: where it came from, its notes, workspace NADs overriding the cluster's. */
  readonly modelNotes?: readonly string[];
  /** The cluster's NADs the workspace's override (same namespace/name), always shown. */
  readonly overriddenNads?: readonly string[];
}

export function previewViewOf(result: PreviewResult): PreviewView {
  const { kind, namespace, name } = result.subject;
  const subject = `${kind === 'nad' ? 'NAD' : 'pod'} ${namespace}/${name}`;
  const hint = result.pods.length === 0 ? `No pod of the workspace selects ${subject}.` : undefined;
  const connectivity = result.connectivity;
  return {
    subject,
    pods: result.pods.map(podViewOf),
    ...(hint ? { hint } : {}),
    ...(connectivity ? { connectivity } : {}),
    ...(result.modelNotes?.length ? { modelNotes: result.modelNotes } : {}),
    ...(result.overriddenNads?.length ? { overriddenNads: result.overriddenNads } : {}),
  };
}

export function podViewOf(result: PodPreviewResult): PodView {
  const json = objectOrEmpty(result.json);
  const sections = cliTextSections(result.text);
  return {
    key: result.pod,
    ...(result.node ? { node: result.node } : {}),
    ...(result.error ? { error: result.error } : {}),
    ...(result.refusedBy === 'model' ? { modelLimit: true } : {}),
    notes: strings(json.notes),
    interfaces: interfaceRows(json),
    ipAddress: sections.get('ip address') ?? '',
    ipRoute: [sections.get('ip route'), sections.get('ip -6 route')].filter(Boolean).join('\n'),
    networkStatus: result.networkStatus,
  };
}

// The engine's per-pod text is `$ ip address`, `$ ip route`, optionally `$ ip -6 route`, then
// `notes:`; each `$ ` line starts a section (engine/render/previewText.ts).
function cliTextSections(text: string): Map<string, string> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('$ ')) sections.set(line.slice(2), (current = []));
    else if (line === 'notes:' || line.startsWith('=== ')) current = undefined;
    else current?.push(line);
  }
  return new Map([...sections].map(([name, lines]) => [name, lines.join('\n').trimEnd()]));
}

function interfaceRows(json: Record<string, unknown>): InterfaceRow[] {
  const routes = records(json.routes);
  return records(json.interfaces).map((iface) => {
    const name = String(iface.name ?? '');
    return {
      name,
      network: String(iface.network ?? ''),
      addresses: strings(iface.addresses),
      mac: String(iface.mac ?? ''),
      mtu: iface.mtu === undefined ? '' : String(iface.mtu),
      routes: routes.filter((route) => route.dev === name).map(routeWords),
    };
  });
}

function routeWords(route: Record<string, unknown>): string {
  const words = [String(route.dst)];
  if (route.via !== undefined) words.push('via', String(route.via));
  if (route.src !== undefined) words.push('src', String(route.src));
  return words.join(' ');
}

function objectOrEmpty(value: unknown): Json {
  return asRecord(value) ?? {};
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(objectOrEmpty) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
