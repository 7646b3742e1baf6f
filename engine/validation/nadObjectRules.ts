import { isScalar } from 'yaml';
import { NAD_API_GROUP } from '../manifest/kubernetesObjects';
import { type DocumentSource } from './documentSource';
import { asRecord } from '../json/jsonValue';
import { plainList } from '../text/plainList';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// ADM pkg/webhook/webhook.go validateNetworkAttachmentDefinition (its first class is a typo).
const ADMISSION_NAME = /^[a-z-1-9]([-a-z0-9]*[a-z0-9])?$/;
// An extended resource name is domain-qualified: <domain>/<name> (Kubernetes IsExtendedResourceName).
const EXTENDED_RESOURCE =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)\/([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
export const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';

export function isNadKind(value: Record<string, unknown> | undefined): boolean {
  return value?.kind === 'NetworkAttachmentDefinition';
}

/** Rules on the NAD object itself (domain.md section 1): apiVersion, name, annotations, spec.config's shape. */
export function checkNadObject(doc: DocumentSource): void {
  const value = doc.value;
  if (!value) return;
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  if (apiVersion !== `${NAD_API_GROUP}/v1`) {
    doc.at(
      'nad-api-version',
      ['apiVersion'],
      `apiVersion "${apiVersion}" does not serve NetworkAttachmentDefinition. Write "${NAD_API_GROUP}/v1".`,
      { replacement: `${NAD_API_GROUP}/v1` },
    );
  }
  checkName(doc, value);
  checkResourceName(doc, value);
  checkSpec(doc, value);
}

function checkName(doc: DocumentSource, value: Record<string, unknown>): void {
  const metadata = asRecord(value.metadata);
  const name = metadata?.name;
  if (!metadata || typeof name !== 'string' || name === '') {
    if (!metadata && 'metadata' in value && ('name' in value || 'spec' in value)) return; // the flattened-metadata rule says it
    doc.atKey(
      'nad-name-missing',
      metadata ? ['metadata'] : ['kind'],
      'metadata.name is missing. The API server rejects a NAD without a name, and pods reference NADs by it.',
    );
    return;
  }
  const path = ['metadata', 'name'];
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    doc.at(
      'nad-name-invalid',
      path,
      `metadata.name "${name}" is not a valid Kubernetes name. The API server rejects it: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character.`,
      { replacement: name.toLowerCase().replace(/[^a-z0-9.-]/g, '-') },
    );
    return;
  }
  if (!DNS1123_LABEL.test(name)) {
    doc.at(
      'nad-name-not-label',
      path,
      `Pods cannot reference "${name}" in the comma form of the networks annotation. It is a valid Kubernetes name, but not a DNS-1123 label (the Network Plumbing Working Group specification asks for one): the comma form of k8s.v1.cni.cncf.io/networks rejects it ("one or more items did not match comma-delimited format"), so pods can only reference it in the JSON form.`,
      { replacement: name.replace(/\./g, '-') },
    );
  }
  if (!ADMISSION_NAME.test(name)) {
    doc.at(
      'nad-name-admission-regex',
      path,
      `The net-attach-def admission controller (if installed) rejects this name. Its message: net-attach-def name is invalid (its regex ^[a-z-1-9]([-a-z0-9]*[a-z0-9])?$ does not allow a leading "0" or dots).`,
    );
  }
}

function checkResourceName(doc: DocumentSource, value: Record<string, unknown>): void {
  const annotations = asRecord(asRecord(value.metadata)?.annotations);
  const resource = annotations?.[RESOURCE_NAME_ANNOTATION];
  if (resource === undefined) return;
  const path = ['metadata', 'annotations', RESOURCE_NAME_ANNOTATION];
  if (typeof resource !== 'string' || !EXTENDED_RESOURCE.test(resource.trim())) {
    doc.at(
      'nad-resource-name-invalid',
      path,
      `"${String(resource)}" is not an extended resource name such as intel.com/sriov_netdevice. Multus reads ${RESOURCE_NAME_ANNOTATION} and looks the pod's devices up by this exact name in the kubelet's PodResources, so no device is found and no deviceID is injected.`,
    );
  }
}

function checkSpec(doc: DocumentSource, value: Record<string, unknown>): void {
  for (const pair of doc.pairs(['spec'])) {
    const key = String((pair.key as { value: unknown }).value);
    if (key !== 'config' && key.toLowerCase() === 'config') {
      doc.atKey(
        'nad-config-key-case',
        ['spec', key],
        `"spec.${key}" is not the field spec.config. The API server prunes unknown fields, so this NAD ends up with no config (Multus then looks for a CNI config file named like the NAD on the node). Rename it to "config".`,
        { key, replacement: 'config' },
      );
    }
  }
  const spec = asRecord(value.spec);
  if (!spec || spec.config === undefined || spec.config === '') {
    if (
      !doc.pairs(['spec']).some((pair) => String((pair.key as { value: unknown }).value).toLowerCase() === 'config')
    ) {
      doc.atKey(
        'nad-config-missing',
        doc.key(['spec']) ? ['spec'] : ['kind'],
        'No spec.config: nothing here can be checked. Multus reads the CNI config from a file on the node whose "name" equals this NAD\'s name (in /etc/cni/multus/net.d by default).',
      );
    }
    return;
  }
  if (typeof spec.config !== 'string') {
    const node = doc.node(['spec', 'config']);
    const kind = Array.isArray(spec.config) ? 'array' : typeof spec.config === 'object' ? 'object' : typeof spec.config;
    const json = JSON.stringify(spec.config, null, 2);
    doc.at(
      'nad-config-not-string',
      ['spec', 'config'],
      `spec.config must be a string holding JSON. The API server rejects this (spec.config: Invalid value: "${kind}": spec.config in body must be of type string: "${kind}"). Write it as a block string, e.g. config: | followed by the JSON.`,
      isScalar(node) ? undefined : { json },
    );
  }
}

/** A document whose metadata is empty while name/annotations sit at the top level. */
export function checkFlattenedMetadata(doc: DocumentSource): void {
  const value = doc.value;
  if (!value || !('metadata' in value) || asRecord(value.metadata)) return;
  const stray = ['name', 'namespace', 'annotations', 'labels'].filter((key) => key in value);
  if (stray.length === 0) return;
  doc.atKey(
    'k8s-metadata-flattened',
    ['metadata'],
    `The metadata indentation was flattened: metadata is empty. ${plainList(stray.map((k) => `"${k}"`))} sit${stray.length === 1 ? 's' : ''} at the top level, so the object has no name${stray.includes('annotations') ? ' and Multus sees none of its annotations' : ''}. Indent ${stray.length === 1 ? 'it' : 'them'} under metadata:.`,
    { keys: stray },
  );
}
