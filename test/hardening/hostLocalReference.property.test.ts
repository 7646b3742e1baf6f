import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CLUSTER, previewPods, readManifestSet } from '../../engine';
import { checkProperty } from './fuzzSettings';
import { modelAdd, ModelStore, type ModelRange } from './hostLocalReferenceModel';

interface GeneratedNad {
  readonly name: string;
  /** The CNI network name: NADs sharing it share host-local's directory on a node. */
  readonly cniName: string;
  readonly rangeSets: ModelRange[][];
  readonly requested: { family: 4 | 6; address: bigint }[];
}

interface GeneratedPod {
  readonly node: 'master' | 'node1';
  readonly nad: number;
}

function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => (value >> shift) & 255n).join('.');
  const groups = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(':'); // uncompressed: any valid IPv6 text must be accepted
}

/** A small subnet (IPv4 /26../30, IPv6 /120../126) numbered `slot`, so subnets never overlap. */
function rangeArbitrary(family: 4 | 6, slot: number): fc.Arbitrary<ModelRange> {
  const lengths = family === 4 ? { min: 26, max: 30 } : { min: 120, max: 126 };
  return fc.integer(lengths).chain((prefixLength): fc.Arbitrary<ModelRange> => {
    const size = 1n << BigInt((family === 4 ? 32 : 128) - prefixLength);
    const network = family === 4 ? (10n << 24n) | (BigInt(slot) << 8n) : (0xfd00n << 112n) | (BigInt(slot) << 16n);
    const offset = fc.bigInt({ min: 0n, max: size - 1n });
    return fc
      .record({ start: fc.option(offset), end: fc.option(offset), gateway: fc.option(offset) })
      .map(({ start, end, gateway }) => {
        // host-local refuses an end before the start; keep the configuration valid.
        const [s, e] = start !== null && end !== null && end < start ? [end, start] : [start, end];
        // A start past the default end (the IPv4 broadcast) makes upstream's iterator walk the
        // whole address space once that address is taken: no model can agree with a hang.
        const defaultEnd = family === 4 ? size - 2n : size - 1n;
        if (e === null && s !== null && s > defaultEnd) return undefined;
        return {
          family,
          network,
          prefixLength,
          rangeStart: s === null ? undefined : network + s,
          rangeEnd: e === null ? undefined : network + e,
          gateway: gateway === null ? undefined : network + gateway,
        };
      })
      .filter((range): range is ModelRange => range !== undefined);
  });
}

function nadArbitrary(index: number): fc.Arbitrary<GeneratedNad> {
  const slotBase = index * 4;
  return fc
    .record({
      cniName: fc.constantFrom('net-a', 'net-b'),
      families: fc.constantFrom<(4 | 6)[]>([4], [6], [4, 6], [6, 4]),
      rangesPerSet: fc.integer({ min: 1, max: 2 }),
      requestOffset: fc.option(fc.bigInt({ min: 0n, max: 70n }), { freq: 4 }),
    })
    .chain(({ cniName, families, rangesPerSet, requestOffset }) =>
      fc
        .tuple(
          ...families.map((family, setIndex) =>
            fc.tuple(
              ...Array.from({ length: rangesPerSet }, (_, r) => rangeArbitrary(family, slotBase + setIndex * 2 + r)),
            ),
          ),
        )
        .map((rangeSets) => {
          const first = rangeSets[0][0];
          const requested =
            requestOffset === null ? [] : [{ family: first.family, address: first.network + requestOffset }];
          return { name: `nad-${index}`, cniName, rangeSets, requested };
        }),
    );
}

function nadYaml(nad: GeneratedNad): string {
  const ranges = nad.rangeSets.map((set) =>
    set.map((r) => ({
      subnet: `${formatAddress(r.family, r.network)}/${r.prefixLength}`,
      ...(r.rangeStart !== undefined ? { rangeStart: formatAddress(r.family, r.rangeStart) } : {}),
      ...(r.rangeEnd !== undefined ? { rangeEnd: formatAddress(r.family, r.rangeEnd) } : {}),
      ...(r.gateway !== undefined ? { gateway: formatAddress(r.family, r.gateway) } : {}),
    })),
  );
  const config = {
    cniVersion: '0.3.1',
    name: nad.cniName,
    type: 'macvlan',
    master: 'eth0',
    ...(nad.requested.length > 0
      ? { args: { cni: { ips: nad.requested.map((ip) => formatAddress(ip.family, ip.address)) } } }
      : {}),
    ipam: { type: 'host-local', ranges },
  };
  const body = JSON.stringify(config, null, 2).replace(/^/gm, '    ');
  return `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ${nad.name}\nspec:\n  config: |\n${body}\n`;
}

function podYaml(pod: GeneratedPod, index: number, nads: readonly GeneratedNad[]): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${index}\n  annotations:\n    k8s.v1.cni.cncf.io/networks: ${nads[pod.nad].name}\nspec:\n  nodeName: ${pod.node}\n  containers: []\n`;
}

/** What the reference model expects each pod's net1 to get, in pod order. */
function expectedLeases(nads: readonly GeneratedNad[], pods: readonly GeneratedPod[]) {
  const stores = new Map<string, ModelStore>();
  return pods.map((pod) => {
    const nad = nads[pod.nad];
    const storeKey = `${pod.node}/${nad.cniName}`;
    if (!stores.has(storeKey)) stores.set(storeKey, new ModelStore());
    return modelAdd(nad.rangeSets, stores.get(storeKey) as ModelStore, nad.requested);
  });
}

describe("host-local allocation agrees with a literal model of allocator.go's iteration (PLG plugins/ipam/host-local)", () => {
  it('random IPv4/IPv6 range sets, gateways, requested IPs, two nodes, shared network names', () => {
    const scenario = fc.integer({ min: 1, max: 3 }).chain((nadCount) =>
      fc.tuple(
        fc.tuple(...Array.from({ length: nadCount }, (_, i) => nadArbitrary(i))),
        fc.array(
          fc.record({
            node: fc.constantFrom<'master' | 'node1'>('master', 'node1'),
            nad: fc.integer({ min: 0, max: nadCount - 1 }),
          }),
          { minLength: 1, maxLength: 80 },
        ),
      ),
    );
    const property = fc.property(scenario, ([nads, pods]) => {
      const text = [...nads.map(nadYaml), ...pods.map((pod, i) => podYaml(pod, i, nads))].join('---\n');
      const set = readManifestSet([{ path: 'scenario.yaml', text }]);
      const previews = previewPods(set.nads, set.pods, DEFAULT_CLUSTER);
      const expected = expectedLeases(nads, pods);
      previews.forEach((preview, i) => {
        const want = expected[i];
        if ('error' in want) {
          assert.ok(
            preview.error?.includes(want.error),
            `${preview.key}: expected "${want.error}", got ${preview.error ?? 'addresses'}`,
          );
          return;
        }
        assert.equal(preview.error, undefined, `${preview.key}: refused`);
        const net1 = preview.interfaces.find((iface) => iface.name === 'net1');
        const got = (net1?.addresses ?? []).map(
          (a) => `${formatAddress(a.address.family, a.address.value)}/${a.prefixLength}`,
        );
        assert.deepEqual(
          got,
          want.map((lease) => `${formatAddress(lease.family, lease.address)}/${lease.prefixLength}`),
          preview.key,
        );
      });
    });
    checkProperty('host-local reference model', property, 300);
  });
});
