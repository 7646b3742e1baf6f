// Our own Multus install manifests, pinned to a released Multus tag. They follow what upstream's quickstart
// manifests need on a node (k8snetworkplumbingwg/multus-cni deployments/multus-daemonset.yml and
// deployments/multus-daemonset-thick.yml at v4.3.0): a privileged host-network DaemonSet with hostPath mounts
// for the CNI config and binary directories, tolerating every NoSchedule/NoExecute taint. Upstream's files use
// the moving `snapshot` tags; we pin the release images instead.
import type { KubeObject } from './types';
import { MULTUS_IMAGE_REPOSITORY, MULTUS_VERSION } from './versions';

export type MultusFlavor = 'thin' | 'thick';

export const MULTUS_NAMESPACE = 'kube-system';
export const MULTUS_DAEMONSET = 'kube-multus-ds';
export const NAD_CRD_NAME = 'network-attachment-definitions.k8s.cni.cncf.io';
export const NAD_GROUP = 'k8s.cni.cncf.io';
export const NAD_API_VERSION = 'k8s.cni.cncf.io/v1';

const labels = { tier: 'node', app: 'multus' };
const podLabels = { ...labels, name: 'multus' };

/** The release image for a flavour; thick images carry the `-thick` suffix (upstream image-push-release.yml). */
export function defaultMultusImage(flavor: MultusFlavor): string {
  return `${MULTUS_IMAGE_REPOSITORY}:${MULTUS_VERSION}${flavor === 'thick' ? '-thick' : ''}`;
}

export function nadCustomResourceDefinition(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: NAD_CRD_NAME },
    spec: {
      group: NAD_GROUP,
      scope: 'Namespaced',
      names: {
        plural: 'network-attachment-definitions',
        singular: 'network-attachment-definition',
        kind: 'NetworkAttachmentDefinition',
        shortNames: ['nad', 'net-attach-def'],
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              description:
                'NetworkAttachmentDefinition: the Network Plumbing Working Group CRD that expresses the intent ' +
                'to attach pods to one or more logical or physical networks (multi-net-spec).',
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: {
                  description: 'The desired state of a network attachment.',
                  type: 'object',
                  properties: {
                    config: { description: 'A JSON-formatted CNI configuration.', type: 'string' },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
}

function clusterRole(): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'multus' },
    rules: [
      { apiGroups: [NAD_GROUP], resources: ['*'], verbs: ['*'] },
      { apiGroups: [''], resources: ['pods', 'pods/status'], verbs: ['get', 'list', 'update', 'watch'] },
      { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
    ],
  };
}

function clusterRoleBinding(): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'multus' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'multus' },
    subjects: [{ kind: 'ServiceAccount', name: 'multus', namespace: MULTUS_NAMESPACE }],
  };
}

function serviceAccount(): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'multus', namespace: MULTUS_NAMESPACE } };
}

// Thin: the sample Multus config delegating to flannel + portmap. Upstream notes it is only read when the
// entrypoint's --multus-conf-file points at it; with "auto" Multus generates its config from the node's.
function thinConfigMap(): KubeObject {
  const conf = {
    name: 'multus-cni-network',
    type: 'multus',
    capabilities: { portMappings: true },
    delegates: [
      {
        cniVersion: '0.3.1',
        name: 'default-cni-network',
        plugins: [
          { type: 'flannel', name: 'flannel.1', delegate: { isDefaultGateway: true, hairpinMode: true } },
          { type: 'portmap', capabilities: { portMappings: true } },
        ],
      },
    ],
    kubeconfig: '/etc/cni/net.d/multus.d/multus.kubeconfig',
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'multus-cni-config', namespace: MULTUS_NAMESPACE, labels },
    data: { 'cni-conf.json': JSON.stringify(conf, null, 2) + '\n' },
  };
}

/** Options of the thick daemon that `deploy` exposes (README "Cluster", thick daemon resources). */
export interface ThickDaemonOptions {
  /** The daemon container's memory limit (a Kubernetes quantity), or "none" for no limit. */
  memoryLimit?: string;
  /**
   * Multus v4.3 daemon config `connectionLimit`: at most this many CNI requests served at once on the daemon's
   * socket (multus-cni cmd/multus-daemon/main.go: netutil.LimitListener; pkg/server/types.go ControllerNetConf
   * ConnectionLimit; absent = unlimited, <= 0 refused at start).
   */
  connectionLimit?: number;
}

/**
 * Our default memory limit for the thick daemon. Upstream's deployments/multus-daemonset-thick.yml sets 50Mi as
 * both request and limit; on busy nodes (many pods created at once, a node reboot) the daemon's memory spikes
 * past it and it OOM-loops (multus-cni #1346, #1349, #1416), and no pod on that node gets its networks. The
 * request stays 50Mi; the limit leaves room for bursts while still bounding a runaway daemon.
 */
export const DEFAULT_THICK_MEMORY_LIMIT = '256Mi';

// Thick: the daemon's own config (docs/thick-plugin.md); delegates run chrooted into the host's root.
function thickConfigMap(connectionLimit: number | undefined): KubeObject {
  const conf = {
    chrootDir: '/hostroot',
    cniVersion: '0.3.1',
    logLevel: 'verbose',
    logToStderr: true,
    cniConfigDir: '/host/etc/cni/net.d',
    multusAutoconfigDir: '/host/etc/cni/net.d',
    multusConfigFile: 'auto',
    socketDir: '/host/run/multus/',
    ...(connectionLimit !== undefined ? { connectionLimit } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'multus-daemon-config', namespace: MULTUS_NAMESPACE, labels },
    data: { 'daemon-config.json': JSON.stringify(conf, null, 2) + '\n' },
  };
}

const nodeResources = { requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '100m', memory: '50Mi' } };
const installerResources = { requests: { cpu: '10m', memory: '15Mi' } };
const privileged = { privileged: true };

function hostPath(name: string, path: string): Record<string, unknown> {
  return { name, hostPath: { path } };
}

/** A privileged container of the DaemonSet, its fields in the upstream manifests' order. */
function privilegedContainer(
  name: string,
  image: string,
  run: { command: string[]; args?: string[] },
  resources: Record<string, unknown>,
  volumeMounts: Record<string, unknown>[],
): Record<string, unknown> {
  return {
    name,
    image,
    ...run,
    resources,
    securityContext: privileged,
    terminationMessagePolicy: 'FallbackToLogsOnError',
    volumeMounts,
  };
}

/** The init container that copies the Multus binary into the host's CNI bin directory. */
function installMultusBinary(image: string, run: { command: string[]; args?: string[] }): Record<string, unknown> {
  return privilegedContainer('install-multus-binary', image, run, installerResources, [
    { name: 'cnibin', mountPath: '/host/opt/cni/bin', mountPropagation: 'Bidirectional' },
  ]);
}

function thinPodSpec(image: string): Record<string, unknown> {
  return {
    hostNetwork: true,
    containers: [
      privilegedContainer(
        'kube-multus',
        image,
        {
          command: ['/thin_entrypoint'],
          args: [
            '--multus-conf-file=auto',
            '--multus-autoconfig-dir=/host/etc/cni/net.d',
            '--cni-conf-dir=/host/etc/cni/net.d',
          ],
        },
        nodeResources,
        [
          { name: 'cni', mountPath: '/host/etc/cni/net.d' },
          { name: 'cnibin', mountPath: '/host/opt/cni/bin' },
          { name: 'multus-cfg', mountPath: '/tmp/multus-conf' },
        ],
      ),
    ],
    initContainers: [installMultusBinary(image, { command: ['/install_multus'], args: ['--type', 'thin'] })],
    volumes: [
      hostPath('cni', '/etc/cni/net.d'),
      hostPath('cnibin', '/opt/cni/bin'),
      {
        name: 'multus-cfg',
        configMap: { name: 'multus-cni-config', items: [{ key: 'cni-conf.json', path: '70-multus.conf' }] },
      },
    ],
  };
}

function thickResources(memoryLimit: string): Record<string, unknown> {
  const limits = memoryLimit === 'none' ? { cpu: '100m' } : { cpu: '100m', memory: memoryLimit };
  return { requests: nodeResources.requests, limits };
}

function thickPodSpec(image: string, memoryLimit: string): Record<string, unknown> {
  return {
    hostNetwork: true,
    hostPID: true,
    containers: [
      {
        // multus-daemon needs the CNI binary directory at the same path as on the host.
        ...privilegedContainer(
          'kube-multus',
          image,
          { command: ['/usr/src/multus-cni/bin/multus-daemon'] },
          thickResources(memoryLimit),
          [
            { name: 'cni', mountPath: '/host/etc/cni/net.d' },
            { name: 'cnibin', mountPath: '/opt/cni/bin' },
            { name: 'host-run', mountPath: '/host/run' },
            { name: 'host-var-lib-cni-multus', mountPath: '/var/lib/cni/multus' },
            { name: 'host-var-lib-kubelet', mountPath: '/var/lib/kubelet', mountPropagation: 'HostToContainer' },
            { name: 'host-run-k8s-cni-cncf-io', mountPath: '/run/k8s.cni.cncf.io' },
            { name: 'host-run-netns', mountPath: '/run/netns', mountPropagation: 'HostToContainer' },
            { name: 'multus-daemon-config', mountPath: '/etc/cni/net.d/multus.d', readOnly: true },
            { name: 'hostroot', mountPath: '/hostroot', mountPropagation: 'HostToContainer' },
            { name: 'multus-conf-dir', mountPath: '/etc/cni/multus/net.d' },
          ],
        ),
        env: [{ name: 'MULTUS_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      },
    ],
    initContainers: [
      installMultusBinary(image, {
        command: ['/usr/src/multus-cni/bin/install_multus', '-d', '/host/opt/cni/bin', '-t', 'thick'],
      }),
    ],
    volumes: [
      hostPath('cni', '/etc/cni/net.d'),
      hostPath('cnibin', '/opt/cni/bin'),
      hostPath('hostroot', '/'),
      {
        name: 'multus-daemon-config',
        configMap: { name: 'multus-daemon-config', items: [{ key: 'daemon-config.json', path: 'daemon-config.json' }] },
      },
      hostPath('host-run', '/run'),
      hostPath('host-var-lib-cni-multus', '/var/lib/cni/multus'),
      hostPath('host-var-lib-kubelet', '/var/lib/kubelet'),
      hostPath('host-run-k8s-cni-cncf-io', '/run/k8s.cni.cncf.io'),
      hostPath('host-run-netns', '/run/netns/'),
      hostPath('multus-conf-dir', '/etc/cni/multus/net.d'),
    ],
  };
}

function daemonSet(flavor: MultusFlavor, image: string, thick: ThickDaemonOptions): KubeObject {
  const memoryLimit = thick.memoryLimit ?? DEFAULT_THICK_MEMORY_LIMIT;
  const podSpec = flavor === 'thick' ? thickPodSpec(image, memoryLimit) : thinPodSpec(image);
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: MULTUS_DAEMONSET, namespace: MULTUS_NAMESPACE, labels: podLabels },
    spec: {
      selector: { matchLabels: { name: 'multus' } },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels: podLabels },
        spec: {
          ...podSpec,
          // Runs on control-plane and otherwise tainted nodes too: every node needs the CNI binary.
          tolerations: [
            { operator: 'Exists', effect: 'NoSchedule' },
            { operator: 'Exists', effect: 'NoExecute' },
          ],
          serviceAccountName: 'multus',
          terminationGracePeriodSeconds: 10,
        },
      },
    },
  };
}

/** The Multus install in apply order: the CRD first (it must be Established before NADs), the DaemonSet last. */
export function multusManifests(
  flavor: MultusFlavor,
  image = defaultMultusImage(flavor),
  thick: ThickDaemonOptions = {},
): KubeObject[] {
  return [
    nadCustomResourceDefinition(),
    clusterRole(),
    clusterRoleBinding(),
    serviceAccount(),
    flavor === 'thick' ? thickConfigMap(thick.connectionLimit) : thinConfigMap(),
    daemonSet(flavor, image, thick),
  ];
}
