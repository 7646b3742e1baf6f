import type { PodObject } from '../manifest/kubernetesObjects';

/** The pod UID Multus quotes: the manifest's `metadata.uid` when given, else a placeholder (known only once created). */
export function podUid(pod: PodObject): string {
  return pod.uid ?? '<pod UID>';
}

/** cmdErr (MUL pkg/multus/multus.go): `Multus: [<ns>/<pod>/<uid>]: <msg>`. */
export function cmdErr(pod: PodObject, message: string): string {
  return `Multus: [${pod.namespace}/${pod.name}/${podUid(pod)}]: ${message}`;
}

/** cmdPluginErr: `[<ns>/<pod>/<uid>:<net>]: error adding container to network "<net>": <err>` (no `Multus:`). */
export function cmdPluginErr(pod: PodObject, netName: string, message: string): string {
  return `[${pod.namespace}/${pod.name}/${podUid(pod)}:${netName}]: error adding container to network "${netName}": ${message}`;
}

/** getKubernetesDelegate's lookup failure as the thin plugin (API path) reports it. */
export function nadNotFound(name: string, namespace: string): string {
  return (
    `getKubernetesDelegate: cannot find a network-attachment-definition (${name}) in namespace (${namespace}): ` +
    `network-attachment-definitions.k8s.cni.cncf.io "${name}" not found`
  );
}
