import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './cliRunner';

// Expected values: the seed lab (Multus docs/quickstart.md NAD on the embedded
// cluster of ARCHITECTURE.md), domain.md §7.1-7.2 and what the real plugins did in cni-oracle.md.
describe('seed lab end to end through the built CLI', () => {
  it('text: both pods with eth0 on flannel, net1 on macvlan, routes and the default-route note', () => {
    const run = runCli('preview', 'examples/seed-lab');
    assert.equal(run.status, 0, run.stderr);
    const [first, second] = run.stdout.split(/^=== /m).filter(Boolean);
    assert.match(first, /^pod default\/samplepod on node node1/);
    assert.match(first, /\d+: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 /);
    assert.match(first, /inet 10\.244\.1\.2\/24 brd 10\.244\.1\.255 scope global eth0/);
    assert.match(first, /\d+: net1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 /);
    assert.match(first, /inet 192\.168\.1\.200\/24 brd 192\.168\.1\.255 scope global net1/);
    const routes = first.split('$ ip route\n')[1].split('\nnotes:')[0].trim().split('\n');
    assert.deepEqual(routes, [
      'default via 192.168.1.1 dev net1',
      'default via 10.244.1.1 dev eth0',
      '10.244.0.0/16 via 10.244.1.1 dev eth0',
      '10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.2',
      '192.168.1.0/24 dev net1 proto kernel scope link src 192.168.1.200',
    ]);
    assert.match(first, /Default route moved to net1/);
    assert.match(first, /drop the 0\.0\.0\.0\/0 route/);
    assert.match(first, /"default-route"/);
    assert.match(second, /^pod default\/samplepod2 on node node1/);
    assert.match(second, /inet 10\.244\.1\.3\/24 .*eth0/);
    assert.match(second, /inet 192\.168\.1\.201\/24 .*net1/);
  });

  it('network-status: valid JSON keyed by pod, entries as Multus writes them', () => {
    const run = runCli('preview', '--format', 'network-status', 'examples/seed-lab');
    assert.equal(run.status, 0, run.stderr);
    const statuses = JSON.parse(run.stdout) as Record<string, Array<Record<string, unknown>>>;
    assert.deepEqual(Object.keys(statuses), ['default/samplepod', 'default/samplepod2']);
    const strip = ({ mac, ...rest }: Record<string, unknown>) => {
      assert.match(String(mac), /^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/, 'a locally administered unicast MAC');
      return rest;
    };
    assert.deepEqual(statuses['default/samplepod'].map(strip), [
      { name: 'cbr0', interface: 'eth0', ips: ['10.244.1.2'], default: true, dns: {}, gateway: ['10.244.1.1'] },
      { name: 'default/macvlan-conf', interface: 'net1', ips: ['192.168.1.200'], dns: {}, gateway: ['<nil>'] },
    ]);
    assert.deepEqual(
      statuses['default/samplepod2'].map(strip).map((entry) => entry.ips),
      [['10.244.1.3'], ['192.168.1.201']],
    );
    // The raw text keeps Go's 4-space MarshalIndent and its escaping of "<nil>".
    assert.match(run.stdout, /"default\/samplepod": \[\{\n {4}"name": "cbr0",\n {4}"interface": "eth0",/);
    assert.match(run.stdout, /\},\{\n {4}"name": "default\/macvlan-conf"/);
    assert.ok(run.stdout.includes('"\\u003cnil\\u003e"'));
  });

  it('MACs are deterministic: two runs print the same bytes', () => {
    assert.equal(runCli('preview', 'examples/seed-lab').stdout, runCli('preview', 'examples/seed-lab').stdout);
  });

  it('usage and I/O errors exit 2 with a message', () => {
    const missing = runCli('preview', 'no/such/file.yaml');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no\/such\/file\.yaml: no such file or directory/);
    const badFormat = runCli('preview', '--format', 'xml', 'examples/seed-lab');
    assert.equal(badFormat.status, 2);
    assert.match(badFormat.stderr, /xml/);
  });

  it("a pod whose NAD is missing is refused with Multus' words, exit 1", () => {
    const run = runCli('preview', '--format', 'network-status', 'examples/seed-lab/samplepod.yaml');
    assert.equal(run.status, 1);
    const statuses = JSON.parse(run.stdout) as Record<string, { error: string }>;
    assert.match(
      statuses['default/samplepod'].error,
      /cannot find a network-attachment-definition \(macvlan-conf\) in namespace \(default\)/,
    );
  });
});
