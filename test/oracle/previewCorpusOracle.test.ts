// The corpus NADs (../shared/corpus) that Debian's plugins can run here, each attached to one pod
// on its own simulated node: the engine's preview against the real plugin chain (see
// previewOracle.test.ts for the method). Runnable = every plugin and IPAM type is in Debian's
// containernetworking-plugins v1.1.1 and this kernel has the link type (no ipvlan, no 8021q).
// The node's host interfaces are the masters the config names (veth ends, MTU 1500).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { previewPods, readManifestSet, type ClusterModel } from '../../engine';
import { parseNetworkConfig } from '../../engine/cni/networkConfig';
import { formatIp, parseCidr, type IpPrefix } from '../../engine/address/ipAddress';
import type { NadObject } from '../../engine/manifest/kubernetesObjects';
import { formatIpRoute } from '../../engine/render/ipRouteText';
import { CniLab, describeOracle } from './cniHarness';
import { attachReal, flannelBridgeDelegate, linkLocalOrderFree } from './previewChain';

import type { Json } from '../../engine';

const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const RUNNABLE_PLUGINS = new Set([
  'macvlan',
  'bridge',
  'ptp',
  'host-device',
  'tap',
  'tuning',
  'sbr',
  'portmap',
  'bandwidth',
  'firewall',
]);
const RUNNABLE_IPAM = new Set(['host-local', 'static', undefined, '']);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(entry) ? [path] : [];
    });
}

interface RunnableNad {
  readonly nad: NadObject;
  readonly config: Json;
  readonly masters: string[];
}

function runnableNads(): RunnableNad[] {
  if (!existsSync(CORPUS)) return [];
  const set = readManifestSet(yamlFiles(CORPUS).map((path) => ({ path, text: readFileSync(path, 'utf8') })));
  const out: RunnableNad[] = [];
  for (const nad of set.nads) {
    // Only what the API server accepts: spec.config must be a string (domain.md §1.1).
    const spec = (nad.source.document.value as { spec?: { config?: unknown } } | undefined)?.spec;
    if (!nad.config || typeof spec?.config !== 'string') continue;
    const parsed = parseNetworkConfig(nad.config.text, nad.name);
    if ('error' in parsed) continue;
    const plugins = parsed.config.plugins.map((p) => p.raw as Json);
    const runnable = plugins.every(
      (p) =>
        RUNNABLE_PLUGINS.has(String(p.type)) &&
        RUNNABLE_IPAM.has((p.ipam as Json | undefined)?.type as string | undefined),
    );
    // A bridge with VLAN filtering needs 8021q, which this kernel lacks ("operation not supported").
    const needsVlan = plugins.some((p) => p.type === 'bridge' && (p.vlan !== undefined || p.vlanTrunk !== undefined));
    if (!runnable || needsVlan) continue;
    const masters = [
      ...new Set(plugins.flatMap((p) => [p.master, p.device].filter((m): m is string => typeof m === 'string'))),
    ];
    out.push({ nad, config: parsed.config.raw as Json, masters });
  }
  return out;
}

function cidr(text: string): IpPrefix {
  return parseCidr(text) as IpPrefix;
}

function lines(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n');
}

const corpusMissing = existsSync(CORPUS) ? undefined : `no corpus at ${CORPUS} (../shared is absent)`;
const cases = corpusMissing ? [] : runnableNads();
const tally = { agreed: 0, total: 0 };

describeOracle(
  'preview engine vs the real plugins on the corpus NADs',
  () => {
    after(() => console.log(`preview corpus oracle: ${tally.agreed}/${tally.total} corpus NADs agree`));
    for (const { nad, config, masters } of cases) {
      it(`${nad.source.file.replace(CORPUS + '/', '')}: ${nad.namespace}/${nad.name}`, () => {
        tally.total += 1;
        const interfaces = ['eth0', ...masters.filter((m) => m !== 'eth0')].map((name) => ({ name, mtu: 1500 }));
        const cluster: ClusterModel = {
          nodes: [{ name: 'node1', labels: {}, taints: [], podCIDRs: [cidr('10.244.1.0/24')], interfaces }],
          defaultNetwork: { kind: 'flannel', name: 'cbr0', network: cidr('10.244.0.0/16'), mtu: 1450 },
          pluginVersion: 'v1.1.1',
        };
        const podText = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\n  namespace: ${nad.namespace}\n  annotations:\n    k8s.v1.cni.cncf.io/networks: ${nad.name}\nspec:\n  containers: []\n`;
        const pod = readManifestSet([{ path: 'probe.yaml', text: podText }]).pods;
        const previews = previewPods([nad], pod, cluster);
        assert.equal(previews.length, 1, 'one preview for the one probe pod');
        const [preview] = previews;
        const lab = CniLab.create('mnc');
        try {
          for (const iface of interfaces) lab.addHostLink(iface.name, iface.mtu);
          const netns = lab.addPod('probe');
          const flannel = flannelBridgeDelegate('10.244.1.0/24');
          let error: string | undefined;
          for (const attach of [
            { config: flannel, ifname: 'eth0' },
            { config, ifname: 'net1' },
          ]) {
            const outcome = attachReal(lab, netns, attach);
            if (!outcome.ok) {
              error = outcome.msg;
              break;
            }
          }
          if (error || preview.error) {
            assert.ok(preview.error && error, `engine: ${preview.error ?? 'ok'} / plugins: ${error ?? 'ok'}`);
            assert.ok(preview.error.endsWith(`: ${error}`), `engine "${preview.error}" vs plugins "${error}"`);
          } else {
            const addrs = lab.inspect(netns, ['address', 'show']) as Json[];
            const real = addrs
              .filter((l) => l.ifname !== 'lo')
              .map((l) => {
                const infos = ((l.addr_info ?? []) as Json[])
                  .filter((i) => i.scope === 'global')
                  .map((i) => `${String(i.local)}/${String(i.prefixlen)}`);
                return `${String(l.ifname)} mtu ${String(l.mtu)} ${infos.join(' ')}`.trim();
              });
            const engine = preview.interfaces.map((i) =>
              `${i.name} mtu ${i.mtu} ${i.addresses.map((a) => `${formatIp(a.address)}/${a.prefixLength}`).join(' ')}`.trim(),
            );
            assert.deepEqual(engine, real);
            assert.equal(formatIpRoute(preview.routes, 4), lines(['-n', netns, '-4', 'route', 'show']));
            assert.equal(
              linkLocalOrderFree(formatIpRoute(preview.routes, 6)),
              linkLocalOrderFree(lines(['-n', netns, '-6', 'route', 'show'])),
            );
          }
          tally.agreed += 1;
        } finally {
          lab.dispose();
        }
      });
    }
  },
  corpusMissing,
);
