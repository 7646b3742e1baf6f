// An optional flannel VXLAN default network for a bare lab cluster, pinned to a flannel release. It follows
// what flannel-io/flannel Documentation/kube-flannel.yml at v0.28.9 deploys (own namespace, RBAC for node
// subnets, a DaemonSet that installs the flannel CNI plugin and conflist, then runs flanneld with the
// kube subnet manager); the pod network is the seed lab's 10.244.0.0/16.
import type { KubeObject } from './types';
import { FLANNEL_CNI_PLUGIN_IMAGE, FLANNEL_IMAGE } from './versions';

export const FLANNEL_NAMESPACE = 'kube-flannel';
export const FLANNEL_DAEMONSET = 'kube-flannel-ds';
export const FLANNEL_POD_NETWORK = '10.244.0.0/16';

const cniConf = {
  name: 'cbr0',
  cniVersion: '0.3.1',
  plugins: [
    { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
    { type: 'portmap', capabilities: { portMappings: true } },
  ],
};
const netConf = { Network: FLANNEL_POD_NETWORK, EnableNFTables: false, Backend: { Type: 'vxlan' } };

function flannelDaemonSet(image: string, pluginImage: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: FLANNEL_DAEMONSET,
      namespace: FLANNEL_NAMESPACE,
      labels: { tier: 'node', app: 'flannel', 'k8s-app': 'flannel' },
    },
    spec: {
      selector: { matchLabels: { app: 'flannel' } },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels: { tier: 'node', app: 'flannel' } },
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
                ],
              },
            },
          },
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
          serviceAccountName: 'flannel',
          initContainers: [
            {
              name: 'install-cni-plugin',
              image: pluginImage,
              command: ['cp'],
              args: ['-f', '/flannel', '/opt/cni/bin/flannel'],
              volumeMounts: [{ name: 'cni-plugin', mountPath: '/opt/cni/bin' }],
            },
            {
              name: 'install-cni',
              image,
              command: ['/opt/bin/install-conf'],
              args: ['/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'],
              volumeMounts: [
                { name: 'cni', mountPath: '/etc/cni/net.d' },
                { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
              ],
            },
          ],
          containers: [
            {
              name: 'kube-flannel',
              image,
              command: ['/opt/bin/flanneld'],
              args: ['--ip-masq', '--kube-subnet-mgr', '--healthz-port=8081'],
              ports: [{ name: 'healthz', containerPort: 8081, protocol: 'TCP' }],
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'healthz' },
                initialDelaySeconds: 10,
                periodSeconds: 30,
              },
              readinessProbe: {
                httpGet: { path: '/readyz', port: 'healthz' },
                initialDelaySeconds: 5,
                periodSeconds: 10,
              },
              resources: { requests: { cpu: '100m', memory: '50Mi' } },
              securityContext: { privileged: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
              env: [
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'EVENT_QUEUE_DEPTH', value: '5000' },
                { name: 'CONT_WHEN_CACHE_NOT_READY', value: 'false' },
              ],
              volumeMounts: [
                { name: 'run', mountPath: '/run/flannel' },
                { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
                { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
              ],
            },
          ],
          volumes: [
            { name: 'run', hostPath: { path: '/run/flannel' } },
            { name: 'cni-plugin', hostPath: { path: '/opt/cni/bin' } },
            { name: 'cni', hostPath: { path: '/etc/cni/net.d' } },
            { name: 'flannel-cfg', configMap: { name: 'kube-flannel-cfg' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
          ],
        },
      },
    },
  };
}

/** flannel in apply order: the namespace first, since everything else lives in it. */
export function flannelManifests(image = FLANNEL_IMAGE, pluginImage = FLANNEL_CNI_PLUGIN_IMAGE): KubeObject[] {
  const labels = { 'k8s-app': 'flannel' };
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: FLANNEL_NAMESPACE, labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'privileged' } },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'flannel', labels },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'flannel', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'flannel' },
      subjects: [{ kind: 'ServiceAccount', name: 'flannel', namespace: FLANNEL_NAMESPACE }],
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'flannel', namespace: FLANNEL_NAMESPACE, labels } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'kube-flannel-cfg',
        namespace: FLANNEL_NAMESPACE,
        labels: { tier: 'node', 'k8s-app': 'flannel', app: 'flannel' },
      },
      data: {
        'cni-conf.json': JSON.stringify(cniConf, null, 2) + '\n',
        'net-conf.json': JSON.stringify(netConf, null, 2) + '\n',
      },
    },
    flannelDaemonSet(image, pluginImage),
  ];
}
