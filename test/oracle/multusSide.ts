// What Multus runs for the networks a pod selects, read from the pod's annotation here, apart from
// the engine, so the preview oracle checks the engine's Multus side too (issue 11: with these
// written by hand per case, an engine that named interfaces wrongly still agreed). From multus-cni:
//   - pkg/k8sclient/k8sclient.go parsePodNetworkAnnotation, parsePodNetworkObjectName: a JSON list
//     of selection elements, or comma-separated `[namespace/]name[@interface]`;
//   - pkg/multus/multus.go getIfname: the element's interface, else `net<idx>`, idx the delegate's
//     position in the list whose entry 0 is the cluster default network;
//   - pkg/multus/multus.go DelegateAdd: CNI_ARGS `MAC=<mac>`, then `IP=<ips joined by ",">`,
//     after IgnoreUnknown and the K8S_* args (previewChain.ts adds those);
//   - pkg/types/conf.go mergeCNIRuntimeConfig, newCNIRuntimeConf: capability args portMappings,
//     bandwidth, ips, mac (libcni passes a plugin only those it declares: previewChain.ts);
//   - NADC pkg/utils/cniconfig.go GetCNIConfigFromSpec: a config without "name" gets the NAD's name.
import type { RealAttach } from './previewChain';

type Json = Record<string, unknown>;

interface SelectionElement {
  readonly name: string;
  readonly interface?: string;
  readonly ips?: readonly string[];
  readonly mac?: string;
  readonly portMappings?: unknown;
  readonly bandwidth?: unknown;
}

function parseAnnotation(annotation: string): SelectionElement[] {
  const text = annotation.trim();
  if (text.startsWith('[')) return JSON.parse(text) as SelectionElement[];
  return text.split(',').map((item) => {
    const [qualified, ifname] = item.trim().split('@');
    const name = qualified.includes('/') ? qualified.split('/')[1] : qualified;
    return ifname ? { name, interface: ifname } : { name };
  });
}

function cniArgsOf(element: SelectionElement): string[] {
  return [...(element.mac ? [`MAC=${element.mac}`] : []), ...(element.ips ? [`IP=${element.ips.join(',')}`] : [])];
}

function capabilityArgsOf(element: SelectionElement): Json {
  const args: Json = {};
  if (element.portMappings) args.portMappings = element.portMappings;
  if (element.bandwidth) args.bandwidth = element.bandwidth;
  if (element.ips) args.ips = element.ips;
  if (element.mac) args.mac = element.mac;
  return args;
}

/** The attachments Multus makes after the cluster default network (eth0), in annotation order. */
export function multusAttachments(annotation: string, nads: Record<string, Json>): RealAttach[] {
  return parseAnnotation(annotation).map((element, index) => {
    const config = nads[element.name];
    if (!config) throw new Error(`the annotation selects ${element.name}, which the case does not define`);
    const cniArgs = cniArgsOf(element);
    const capabilityArgs = capabilityArgsOf(element);
    return {
      config: { name: element.name, ...config },
      ifname: element.interface ?? `net${index + 1}`,
      ...(cniArgs.length ? { cniArgs } : {}),
      ...(Object.keys(capabilityArgs).length ? { capabilityArgs } : {}),
    };
  });
}
