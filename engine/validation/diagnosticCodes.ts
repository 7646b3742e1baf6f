import type { Severity } from '../diagnostics';

/** What a diagnostic depends on: its own document, or other documents of the workspace too. */
export type DiagnosticScope = 'document' | 'workspace';

/**
 * Every diagnostic code the validation engine emits, with its default severity. Codes are
 * stable (quick fixes, CI filters and SARIF rule ids depend on them): add, never rename.
 * `scope: 'workspace'` marks a code that a rule reading more than one document can emit (the
 * cross-document rules): the editor recomputes it across files when any file changes. A code
 * without a scope depends on its own document only. `retired` marks a code no rule emits any more
 * (kept so suppressions and CI filters naming it stay valid), saying what reports the case now.
 * `unchecked: true` marks a limit that leaves
 * something unchecked: a warning, so `--fail-on warning` stops on it, and named in the CLI summary.
 */
export const DIAGNOSTIC_CODES = {
  // YAML and the NAD object
  'yaml-syntax': { severity: 'error', summary: 'The file is not valid YAML.' },
  'yaml-quoted-indentation': {
    severity: 'warning',
    summary:
      'A quoted scalar or flow collection continues on lines indented no deeper than its key (kubectl accepts it).',
  },
  'yaml-alias-limit': { severity: 'error', summary: 'YAML aliases expand to too many nodes.' },
  'check-failed': {
    severity: 'warning',
    summary: 'A family of checks threw on this document; the other checks still ran.',
  },
  'yaml-too-deep': { severity: 'error', summary: 'The YAML nests deeper than the parser can follow.' },
  'manifest-too-large': {
    severity: 'information',
    summary: "Documents past the editor's per-file limits are not checked there (the CLI checks them all).",
  },
  'nad-config-not-string': {
    severity: 'error',
    summary: 'spec.config is a YAML mapping or other non-string; the CRD wants a JSON string.',
  },
  'nad-config-key-case': {
    severity: 'error',
    summary: 'spec.Config (or another spelling) is pruned by the API server: the field is spec.config.',
  },
  'nad-config-missing': {
    severity: 'information',
    summary: 'No spec.config: Multus reads a CNI config file with this name on the node.',
  },
  'nad-name-missing': { severity: 'error', summary: 'metadata.name is missing.' },
  'nad-name-invalid': { severity: 'error', summary: 'metadata.name is not a DNS-1123 subdomain.' },
  'nad-name-not-label': {
    severity: 'warning',
    summary: 'metadata.name has dots: the comma form of the networks annotation cannot reference it.',
  },
  'nad-name-admission-regex': {
    severity: 'warning',
    summary: 'The net-attach-def admission controller rejects this name.',
  },
  'nad-resource-name-invalid': {
    severity: 'warning',
    summary: 'k8s.v1.cni.cncf.io/resourceName is not an extended resource name.',
  },
  'nad-resource-name-missing': {
    severity: 'warning',
    summary: 'sriov needs a deviceID: add k8s.v1.cni.cncf.io/resourceName.',
  },
  'nad-config-name-differs': { severity: 'information', summary: 'The CNI name differs from metadata.name.' },
  'k8s-metadata-flattened': {
    severity: 'error',
    summary: 'metadata is empty and its keys sit at the top level (flattened indentation).',
  },
  'k8s-object-incomplete': {
    severity: 'error',
    summary: 'A fragment without apiVersion/kind (or spec) that kubectl cannot apply.',
  },
  'k8s-container-name-invalid': { severity: 'error', summary: 'A container name is not a DNS-1123 label.' },
  'nad-api-version': {
    severity: 'error',
    summary: 'apiVersion of a NetworkAttachmentDefinition must be k8s.cni.cncf.io/v1.',
  },
  'legacy-network-kind': {
    severity: 'error',
    summary:
      'kind Network (kubernetes.cni.cncf.io/v1) is the obsolete Multus API from before NetworkAttachmentDefinition.',
  },
  // JSON inside spec.config
  'json-syntax': { severity: 'error', summary: 'spec.config is not valid JSON.' },
  'json-too-deep': { severity: 'error', summary: "spec.config nests deeper than Go's encoding/json accepts." },
  'json-not-checked': { severity: 'warning', summary: 'spec.config nests too deep to be checked.', unchecked: true },
  'json-not-object': { severity: 'error', summary: 'spec.config must be a JSON object.' },
  'json-duplicate-key': { severity: 'warning', summary: 'A key appears twice; Go keeps the last value.' },
  'json-key-case': {
    severity: 'information',
    summary: 'A key differs from the field name only in case; Go accepts it.',
  },
  'cni-key-case-exact': {
    severity: 'error',
    summary: 'A key libcni looks up exactly ("plugins" of a list) written in another case.',
  },
  'json-unknown-key': { severity: 'warning', summary: 'A key the component does not know; it is ignored.' },
  'json-wrong-type': { severity: 'error', summary: 'A value of the wrong JSON type; decoding fails.' },
  // CNI level
  'cni-version-missing': {
    severity: 'warning',
    summary: 'No cniVersion: plugins use 0.1.0 and Multus writes no network-status entry.',
  },
  'cni-version-unsupported': { severity: 'error', summary: 'cniVersion is not a released CNI version.' },
  'cni-version-too-low': { severity: 'error', summary: 'The plugin needs a higher cniVersion.' },
  'cni-name-invalid': { severity: 'error', summary: 'The CNI network name has invalid characters.' },
  'cni-name-type': { severity: 'error', summary: 'name is not a string.' },
  'cni-type-missing': { severity: 'error', summary: 'A plugin object has no type.' },
  'cni-type-path': { severity: 'error', summary: 'type contains a path separator.' },
  'cni-type-unknown': {
    severity: 'information',
    summary: 'No schema for this plugin type: only CNI-level checks apply.',
  },
  'cni-type-misspelled': {
    severity: 'error',
    summary: 'The plugin type is not installed and looks like a misspelled installed one.',
  },
  'cni-type-not-installed': {
    severity: 'error',
    summary: 'No binary of this plugin type on the nodes (reference, known third-party, cluster model plugins).',
  },
  'cni-plugins-ignored': {
    severity: 'warning',
    summary: 'Top-level type and plugins together: Multus runs the single conf and ignores plugins.',
  },
  'cni-conflist-name-missing': {
    severity: 'information',
    summary: 'A conflist without name: fine through Multus, rejected by the admission webhook.',
  },
  'cni-plugins-missing': { severity: 'error', summary: 'No type and no plugins.' },
  'cni-plugins-empty': { severity: 'error', summary: 'plugins is empty.' },
  'cni-plugins-type': {
    severity: 'error',
    summary: 'plugins is not an array of objects.',
    retired: 'json-wrong-type and cni-type-missing report this case',
  },
  'cni-capabilities-unknown': { severity: 'information', summary: 'A capability no runtime passes.' },
  'cni-runtime-key': {
    severity: 'warning',
    summary: 'runtimeConfig / prevResult / cni.dev keys are generated by the runtime.',
  },
  'cni-chained-first': { severity: 'error', summary: 'A chained-only plugin cannot create the interface.' },
  // Plugins
  'plugin-mode-unknown': { severity: 'error', summary: 'Unknown mode.' },
  'plugin-value-unknown': { severity: 'error', summary: 'A value the plugin does not accept.' },
  'plugin-value-out-of-range': { severity: 'error', summary: 'A number outside the range the plugin accepts.' },
  'plugin-mtu-out-of-range': { severity: 'error', summary: 'MTU outside [0, master MTU].' },
  'plugin-vlan-out-of-range': { severity: 'error', summary: 'VLAN id outside the accepted range.' },
  'plugin-interface-name-invalid': { severity: 'error', summary: 'Not a valid Linux interface name.' },
  'plugin-field-required': { severity: 'error', summary: 'A field the plugin requires is missing.' },
  'plugin-fields-exclusive': { severity: 'error', summary: 'Two fields that cannot be used together.' },
  'plugin-ipam-required': { severity: 'error', summary: 'The plugin needs ipam.' },
  'plugin-bridge-default-name': {
    severity: 'information',
    summary: 'bridge defaults to cni0, which a primary CNI may own.',
  },
  'plugin-master-default': {
    severity: 'information',
    summary: 'No master: the default-route interface of each node is used.',
  },
  'plugin-bandwidth-veth': {
    severity: 'error',
    summary: 'bandwidth needs a veth peer; it fails after macvlan/ipvlan/sriov/host-device.',
  },
  'plugin-bandwidth-duplicate': {
    severity: 'error',
    summary: 'A second bandwidth plugin in one chain shapes a direction an earlier one shapes; its ADD fails.',
  },
  'plugin-sbr-no-addresses': { severity: 'error', summary: 'sbr after a plugin that gives the interface no address.' },
  'plugin-sbr-duplicate': {
    severity: 'error',
    summary: 'A second sbr in one chain on an interface with a gateway; its default route fails at ADD.',
  },
  'plugin-gateway-required': { severity: 'error', summary: 'ptp routes via the gateway: static addresses need one.' },
  // IPAM
  'ipam-type-missing': { severity: 'warning', summary: 'ipam has settings but no type.' },
  'ipam-no-ranges': { severity: 'error', summary: 'host-local without subnet or ranges.' },
  'ipam-cidr-invalid': { severity: 'error', summary: 'Not a CIDR.' },
  'ipam-ip-invalid': { severity: 'error', summary: 'Not an IP address.' },
  'ipam-subnet-too-small': { severity: 'error', summary: 'Subnet too small to allocate from.' },
  'ipam-subnet-host-bits': { severity: 'error', summary: 'Subnet with host bits set.' },
  'ipam-range-outside-subnet': { severity: 'error', summary: 'rangeStart/rangeEnd not in the subnet.' },
  'ipam-range-reversed': {
    severity: 'error',
    summary: 'rangeEnd before rangeStart.',
    retired: 'ipam-range-outside-subnet reports this case, as host-local does',
  },
  'ipam-range-empty': { severity: 'error', summary: 'A range set with no address to hand out (only the gateway).' },
  'ipam-range-set-empty': { severity: 'error', summary: 'An empty range set.' },
  'ipam-range-set-mixed-families': { severity: 'error', summary: 'IPv4 and IPv6 ranges in one range set.' },
  'ipam-ranges-overlap': { severity: 'error', summary: 'Ranges or range sets overlap.' },
  'ipam-too-many-addresses': { severity: 'error', summary: 'More than one address per family below cniVersion 0.3.0.' },
  'ipam-gateway-outside-subnet': {
    severity: 'warning',
    summary: 'The gateway is not in the subnet; routes via it fail.',
  },
  'ipam-gateway-family': { severity: 'warning', summary: 'The gateway is of another address family.' },
  'ipam-gateway-unreachable': {
    severity: 'error',
    summary: 'A route ADD installs goes via a gateway outside the interface subnets, or of another family.',
  },
  'ipam-gateway-in-range': { severity: 'warning', summary: 'The gateway is inside the allocatable range.' },
  'ipam-static-not-cidr': { severity: 'error', summary: 'static address not in CIDR notation.' },
  'ipam-static-no-addresses': {
    severity: 'warning',
    summary: 'static without addresses: addresses must come from the pod.',
  },
  'ipam-route-invalid': { severity: 'error', summary: 'A route with an invalid dst or gw.' },
  'ipam-whereabouts-range-invalid': {
    severity: 'error',
    summary: 'whereabouts range is not CIDR or start-end/prefix.',
  },
  'ipam-whereabouts-host-bits': { severity: 'warning', summary: 'whereabouts masks host bits of the range.' },
  'ipam-whereabouts-bound-ignored': {
    severity: 'warning',
    summary: 'range_start/range_end outside the range is silently ignored.',
  },
  'ipam-whereabouts-exclude-masked': { severity: 'information', summary: 'exclude CIDR is masked to its network.' },
  'ipam-whereabouts-exclude-invalid': { severity: 'error', summary: 'exclude entry does not parse.' },
  'ipam-whereabouts-no-range': { severity: 'error', summary: 'whereabouts without range or ipRanges.' },
  'ipam-whereabouts-too-small': { severity: 'error', summary: 'No usable addresses.' },
  'ipam-whereabouts-node-slice': { severity: 'error', summary: 'node_slice_size larger than the range.' },
  'ipam-whereabouts-gateway-allocatable': {
    severity: 'warning',
    summary: 'The gateway can be handed to a pod (whereabouts does not skip it).',
  },
  'ipam-whereabouts-obsolete-key': { severity: 'information', summary: 'etcd options are obsolete and ignored.' },
  'ipam-dhcp-daemon': { severity: 'information', summary: 'dhcp needs the CNI dhcp daemon on every node.' },
  'ipam-default-route': { severity: 'warning', summary: 'A secondary network installs a default route.' },
  // Pod annotations and cross-document
  'annotation-networks-invalid': { severity: 'error', summary: 'Multus cannot parse k8s.v1.cni.cncf.io/networks.' },
  'annotation-selection-ip-invalid': { severity: 'error', summary: 'An ips entry does not parse.', scope: 'workspace' },
  'annotation-selection-mac-invalid': { severity: 'error', summary: 'mac does not parse.' },
  'annotation-interface-name-invalid': { severity: 'error', summary: 'A requested interface name Linux refuses.' },
  'annotation-selection-gateway-key': {
    severity: 'warning',
    summary: 'gateway is not a selection key: use default-route.',
  },
  'annotation-selection-unknown-key': { severity: 'warning', summary: 'A selection key Multus ignores.' },
  'annotation-default-route-ecmp': { severity: 'error', summary: 'More than one default-route gateway per family.' },
  'annotation-static-ip-unsupported': {
    severity: 'error',
    summary: 'The network does not take static IPs from the pod (OVN-Kubernetes with subnets or layer3).',
    scope: 'workspace',
  },
  'annotation-capability-missing': {
    severity: 'warning',
    summary: 'A request that needs a capability no plugin of the NAD declares (dropped).',
    scope: 'workspace',
  },
  'annotation-legacy-key': { severity: 'warning', summary: 'kubernetes.v1.cni.cncf.io/networks is obsolete.' },
  'annotation-default-network-multiple': { severity: 'error', summary: 'default-network names more than one network.' },
  'reference-not-found': {
    severity: 'warning',
    summary: 'The referenced NAD is not among the given files.',
    scope: 'workspace',
  },
  'reference-other-namespace': {
    severity: 'warning',
    summary: 'A NAD with that name exists, but in another namespace.',
    scope: 'workspace',
  },
  'reference-duplicate-interface': {
    severity: 'error',
    summary: 'Two attachments ask for the same interface name.',
    scope: 'workspace',
  },
  'nad-duplicate': { severity: 'warning', summary: 'Two NADs with the same namespace/name.', scope: 'workspace' },
  'nad-cni-name-shared': {
    severity: 'warning',
    summary: 'Two NADs with the same CNI name and different configs.',
    scope: 'workspace',
  },
  'nad-ranges-overlap': {
    severity: 'warning',
    summary: 'Two NADs on the same master hand out overlapping addresses.',
    scope: 'workspace',
  },
  'reference-static-no-ips': {
    severity: 'error',
    scope: 'workspace',
    summary: 'The NAD uses static IPAM without addresses and the attachment brings no ips.',
  },
  'host-local-multi-node': {
    severity: 'warning',
    summary: 'host-local on several nodes hands out the same addresses.',
    scope: 'workspace',
  },
  // What the preview learns about a pod on the cluster model (engine/preview/previewFindings.ts)
  'pod-refused': {
    severity: 'error',
    summary: 'Multus would refuse this pod on the cluster model: a plugin fails at ADD.',
    scope: 'workspace',
  },
  'pod-unschedulable': {
    severity: 'error',
    summary: 'No node of the cluster model admits this pod (selector, taints).',
    scope: 'workspace',
  },
  'pod-node-not-in-model': {
    severity: 'error',
    summary: "The pod names a node the cluster model does not list (the model's limit).",
    scope: 'workspace',
  },
  'pod-gateway-address': {
    severity: 'warning',
    summary: "The preview hands this pod its network's gateway address.",
    scope: 'workspace',
  },
  'pod-master-missing-on-node': {
    severity: 'warning',
    summary: 'A macvlan/ipvlan/vlan master is missing on a node the pod may run on.',
    scope: 'workspace',
  },
  // Repository conventions (Helm templates, suppressions)
  'helm-template': {
    severity: 'information',
    summary: 'A Helm template: its {{ }} actions are read as placeholders and not checked.',
  },
  'suppression-unknown-code': {
    severity: 'warning',
    summary: 'A multus-nad-disable comment names a code that does not exist.',
  },
  'suppression-unused': {
    severity: 'information',
    summary: 'A multus-nad-disable comment suppresses nothing (check --report-unused-suppressions).',
  },
} as const satisfies Record<
  string,
  { severity: Severity; summary: string; scope?: DiagnosticScope; retired?: string; unchecked?: true }
>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** The scope a code declares ('document' when it declares none). */
export function diagnosticScope(code: string): DiagnosticScope {
  if (!Object.hasOwn(DIAGNOSTIC_CODES, code)) return 'document';
  const entry = DIAGNOSTIC_CODES[code as DiagnosticCode];
  return 'scope' in entry ? entry.scope : 'document';
}

/** Whether a code says that something was left unchecked by a limit (see `unchecked` above). */
export function leavesUnchecked(code: string): boolean {
  return Object.hasOwn(DIAGNOSTIC_CODES, code) && 'unchecked' in DIAGNOSTIC_CODES[code as DiagnosticCode];
}
