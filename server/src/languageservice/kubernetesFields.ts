/** The fields of a NetworkAttachmentDefinition object an editor offers (NADC pkg/apis/k8s.cni.cncf.io/v1/types.go). */
export interface NadField {
  /** Dotted path of the field (`metadata.name`). */
  readonly path: string;
  readonly key: string;
  readonly doc: string;
  readonly values?: readonly string[];
  /** True for mappings (the value goes on the next lines). */
  readonly container?: boolean;
}

export const NAD_FIELDS: readonly NadField[] = [
  {
    path: 'apiVersion',
    key: 'apiVersion',
    doc: 'API group and version of the NetworkAttachmentDefinition CRD.',
    values: ['k8s.cni.cncf.io/v1'],
  },
  { path: 'kind', key: 'kind', doc: 'Must be `NetworkAttachmentDefinition`.', values: ['NetworkAttachmentDefinition'] },
  {
    path: 'metadata',
    key: 'metadata',
    doc: 'Standard object metadata: the NAD is found by namespace and name.',
    container: true,
  },
  {
    path: 'metadata.name',
    key: 'name',
    doc: 'Name of the network; pods select it in the `k8s.v1.cni.cncf.io/networks` annotation. Multus also uses it as the CNI network `name` when the config has none.',
  },
  {
    path: 'metadata.namespace',
    key: 'namespace',
    doc: 'Namespace of the NAD; a pod selects NADs of its own namespace unless the annotation names another.',
  },
  { path: 'metadata.labels', key: 'labels', doc: 'Labels of the NAD.', container: true },
  {
    path: 'metadata.annotations',
    key: 'annotations',
    doc: 'Annotations, e.g. `k8s.v1.cni.cncf.io/resourceName` for device plugin resources (SR-IOV).',
    container: true,
  },
  {
    path: 'metadata.annotations.k8s.v1.cni.cncf.io/resourceName',
    key: 'k8s.v1.cni.cncf.io/resourceName',
    doc: "Device plugin resource this network needs; Multus adds it to the pod's requests and passes the allocated device (pciBusID / deviceID) to the plugin.",
  },
  { path: 'spec', key: 'spec', doc: 'NetworkAttachmentDefinition spec.', container: true },
  {
    path: 'spec.config',
    key: 'config',
    doc: 'The CNI configuration as a JSON string: one plugin (`type` at the top) or a conflist (`plugins`). When absent, Multus looks for a file named after the NAD in its CNI config directory.',
  },
];

/** Keys of one element of the JSON form of `k8s.v1.cni.cncf.io/networks` (MUL pkg/types/types.go NetworkSelectionElement). */
export const SELECTION_FIELDS: readonly { key: string; doc: string }[] = [
  { key: 'name', doc: 'Name of the NetworkAttachmentDefinition.' },
  { key: 'namespace', doc: "Namespace of the NAD; default: the pod's." },
  { key: 'interface', doc: 'Interface name in the pod; default `net<position>`.' },
  { key: 'ips', doc: 'Requested addresses (passed to IPAM as CNI_ARGS `IP` or the `ips` capability).' },
  { key: 'mac', doc: 'Requested MAC (CNI_ARGS `MAC` or the `mac` capability).' },
  {
    key: 'default-route',
    doc: 'Gateways for which this network gets the default route; Multus removes the other default routes.',
  },
  { key: 'cni-args', doc: 'Extra keys put into the plugin config under `args.cni`.' },
  { key: 'bandwidth', doc: 'Rates for the `bandwidth` capability.' },
  { key: 'portMappings', doc: 'Port mappings for the `portMappings` capability.' },
  { key: 'infiniband-guid', doc: 'InfiniBand GUID for the `infinibandGUID` capability.' },
];
