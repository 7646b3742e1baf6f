// A reproducible GitOps-like repository for `npm run bench:repo` (bench/README.md, "Repository"):
// a fixed share of NADs (in the four spec.config scalar styles), workloads carrying the Multus
// networks annotation, and ordinary Kubernetes manifests in app, Helm-like and Kustomize-like
// folders. The same seed and file count always write the same bytes.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { dirname, join } from 'node:path';

/** Per 10,000 files: 200 NADs, 1,000 annotated workloads, the rest ordinary manifests. */
const NAD_SHARE = 200 / 10_000;
const WORKLOAD_SHARE = 1_000 / 10_000;
const STYLES = ['literal', 'folded', 'single-quoted', 'double-quoted'];

/** mulberry32: a small seeded generator, so the repository depends only on the seed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cniConfig(i) {
  const third = Math.floor(i / 50) % 250;
  return {
    cniVersion: '0.3.1',
    name: `net-${i}`,
    type: 'macvlan',
    master: 'eth0',
    mode: 'bridge',
    ipam: {
      type: 'host-local',
      subnet: `10.${100 + (i % 100)}.${third}.0/24`,
      rangeStart: `10.${100 + (i % 100)}.${third}.100`,
      rangeEnd: `10.${100 + (i % 100)}.${third}.150`,
      gateway: `10.${100 + (i % 100)}.${third}.1`,
    },
  };
}

/** spec.config in one of the four scalar styles a repository holds. */
function configScalar(config, style) {
  const pretty = JSON.stringify(config, null, 2);
  switch (style) {
    case 'literal':
      return `|\n${pretty.replace(/^/gm, '    ')}`;
    case 'folded':
      return `>-\n${JSON.stringify(config).replace(/^/gm, '    ')}`;
    case 'single-quoted':
      return `'${pretty.replace(/'/g, "''").replace(/\n/g, '\n    ')}'`;
    default:
      return JSON.stringify(JSON.stringify(config));
  }
}

function nad(i) {
  return [
    'apiVersion: k8s.cni.cncf.io/v1',
    'kind: NetworkAttachmentDefinition',
    'metadata:',
    `  name: net-${i}`,
    `  namespace: team-${i % 20}`,
    'spec:',
    `  config: ${configScalar(cniConfig(i), STYLES[i % STYLES.length])}`,
    '',
  ].join('\n');
}

function annotatedWorkload(i, nads, rand) {
  const net = Math.floor(rand() * nads);
  const namespace = `team-${net % 20}`;
  // Indented for a Deployment's template (metadata.annotations at 6 spaces); a Pod's sits 4 spaces in.
  const annotation = `        k8s.v1.cni.cncf.io/networks: net-${net}`;
  if (i % 2 === 0) {
    return [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: pod-${i}`,
      `  namespace: ${namespace}`,
      '  annotations:',
      annotation.slice(4),
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: registry.example/app:1.0',
      '',
    ].join('\n');
  }
  return deployment(`app-${i}`, namespace, [`    metadata:`, `      annotations:`, annotation]);
}

function deployment(name, namespace, podMeta = []) {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    ...(podMeta.length > 0 ? podMeta.slice(0, 1) : ['    metadata:']),
    '      labels:',
    `        app: ${name}`,
    ...podMeta.slice(1),
    '    spec:',
    '      containers:',
    '        - name: app',
    `          image: registry.example/${name}:1.0`,
    '          ports:',
    '            - containerPort: 8080',
    '          resources:',
    '            limits: { cpu: 500m, memory: 256Mi }',
    '',
  ].join('\n');
}

function ordinary(i, rand) {
  const namespace = `team-${i % 20}`;
  switch (Math.floor(rand() * 4)) {
    case 0:
      return deployment(`svc-${i}`, namespace);
    case 1:
      return [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        `  name: svc-${i}`,
        `  namespace: ${namespace}`,
        'spec:',
        '  selector:',
        `    app: svc-${i}`,
        '  ports:',
        '    - port: 80',
        '      targetPort: 8080',
        '',
      ].join('\n');
    case 2:
      return [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        `  name: config-${i}`,
        `  namespace: ${namespace}`,
        'data:',
        ...Array.from({ length: 12 }, (_, k) => `  key${k}: "value ${i}-${k} ${'x'.repeat(Math.floor(rand() * 40))}"`),
        '',
      ].join('\n');
    default:
      return crd(i);
  }
}

function crd(i) {
  const props = Array.from({ length: 20 }, (_, k) => [
    `                field${k}:`,
    `                  type: ${k % 3 === 0 ? 'integer' : 'string'}`,
    `                  description: Field ${k} of widget ${i}.`,
  ]).flat();
  return [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    `  name: widgets${i}.example.com`,
    'spec:',
    '  group: example.com',
    '  names:',
    `    kind: Widget${i}`,
    `    plural: widgets${i}`,
    '  scope: Namespaced',
    '  versions:',
    '    - name: v1',
    '      served: true',
    '      storage: true',
    '      schema:',
    '        openAPIV3Schema:',
    '          type: object',
    '          properties:',
    '            spec:',
    '              type: object',
    '              properties:',
    ...props,
    '',
  ].join('\n');
}

/** The folder a file goes in: plain app folders, Helm-like charts and Kustomize-like overlays. */
function folderOf(i) {
  const app = `app-${i % 97}`;
  switch (i % 3) {
    case 0:
      return join('apps', app);
    case 1:
      return join('charts', app, 'templates');
    default:
      return join('overlays', i % 2 ? 'prod' : 'staging', app);
  }
}

/**
 * Writes `files` YAML files under `root` (emptied first) and returns what it wrote:
 * { files, nads, workloads, bytes, paths }.
 */
export function writeRepository(root, files, seed = 20261203) {
  rmSync(root, { recursive: true, force: true });
  const rand = random(seed);
  const nads = Math.max(1, Math.round(files * NAD_SHARE));
  const workloads = Math.round(files * WORKLOAD_SHARE);
  const paths = [];
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    let text;
    if (i < nads) text = nad(i);
    else if (i < nads + workloads) text = annotatedWorkload(i, nads, rand);
    else text = ordinary(i, rand);
    const path = join(root, folderOf(i), `manifest-${i}.yaml`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    paths.push(path);
    bytes += Buffer.byteLength(text);
  }
  for (const chart of new Set(paths.filter((p) => p.includes('/charts/')).map((p) => dirname(dirname(p))))) {
    writeFileSync(join(chart, 'Chart.yaml'), `apiVersion: v2\nname: ${chart.split('/').pop()}\nversion: 0.1.0\n`);
  }
  return { files, nads, workloads, bytes, paths };
}
