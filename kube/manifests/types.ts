/** The shape every manifest object shares; the rest of the body is kind-specific. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** "DaemonSet kube-system/kube-multus-ds" or "ClusterRole multus": how every message names an object. */
export function describeObject(obj: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const { name, namespace } = obj.metadata;
  return namespace ? `${obj.kind} ${namespace}/${name}` : `${obj.kind} ${name}`;
}
