import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './cliRunner';

// The seed lab on the embedded cluster: both pods land on node1 (master is tainted), macvlan
// bridge on eth0; both eth0s on segment `lab` (engine/clusterModel/defaultCluster.ts). The
// kernel facts behind each line are checked by ping in test/oracle/connectivityOracle.test.ts.
describe('multus-nad preview --connectivity through the built CLI', () => {
  it('text: the seed lab pods reach each other over net1, not their own node, and the other node on segment lab', () => {
    const run = runCli('preview', '--connectivity', 'examples/seed-lab');
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'network default/macvlan-conf (macvlan bridge)');
    assert.ok(lines.includes('  samplepod on node1: net1 192.168.1.200/24 via eth0 (segment lab)'), run.stdout);
    const has = (start: string) => lines.find((line) => line.startsWith(`  ${start}`));
    assert.match(
      has('samplepod2 -> samplepod on net1: ') ?? '',
      /: reachable \(macvlan bridge, same master eth0 on node1\) \[Linux drivers\/net\/macvlan\.c/,
    );
    assert.match(
      has('samplepod -> node1 192.168.1.11: ') ?? '',
      /: unreachable \(macvlan: a pod cannot talk to its parent interface; use a macvlan shim on the host or bridge mode via another interface\) \[Linux drivers\/net\/macvlan\.c macvlan_handle_frame/,
    );
    assert.match(
      has('samplepod -> master 192.168.1.10: ') ?? '',
      /: reachable \(macvlan bridge: eth0 on master is on segment lab too\)/,
    );
  });

  it('json: one network, both members, every cell with verdict, reason and source', () => {
    const run = runCli('preview', '--connectivity', '--format', 'json', 'examples/seed-lab');
    assert.equal(run.status, 0, run.stderr);
    const matrix = JSON.parse(run.stdout);
    assert.equal(matrix.networks.length, 1);
    const [net] = matrix.networks;
    assert.deepEqual(
      {
        network: net.network,
        plugin: net.plugin,
        mode: net.mode,
        pods: net.members.map((m: { pod: string }) => m.pod),
      },
      { network: 'default/macvlan-conf', plugin: 'macvlan', mode: 'bridge', pods: ['samplepod', 'samplepod2'] },
    );
    const cell = net.cells.find((c: { from: string; to: string }) => c.from === 'samplepod2' && c.to === 'samplepod');
    assert.deepEqual(
      { verdict: cell.verdict, address: cell.address, interface: cell.interface },
      { verdict: 'reachable', address: '192.168.1.200', interface: 'net1' },
    );
    // Two pod pairs and, per pod, its own node and the other node on segment lab.
    assert.equal(net.cells.length, 6);
    for (const c of net.cells) assert.ok(c.reason && c.source, JSON.stringify(c));
    assert.deepEqual(matrix.refused, []);
  });

  it('mermaid: a subgraph per node, the two pods, the net1 edges and the segment', () => {
    const run = runCli('preview', '--format', 'mermaid', 'examples/seed-lab');
    assert.equal(run.status, 0, run.stderr);
    const text = run.stdout;
    assert.match(text, /^flowchart LR\n/);
    assert.match(text, /subgraph node\d+\["node node1"\]/);
    assert.match(text, /\("samplepod"\)/);
    assert.match(text, /\("samplepod2"\)/);
    assert.match(text, /---\|"net1 192\.168\.1\.200\/24"\|/);
    assert.match(text, /---\|"net1 192\.168\.1\.201\/24"\|/);
    assert.match(text, /\[\("segment lab"\)\]/);
    assert.match(text, /linkStyle 0 stroke:#[0-9A-F]{6}/);
  });

  it('dot: clusters per node and coloured, labelled edges', () => {
    const run = runCli('preview', '--connectivity', '--format', 'dot', 'examples/seed-lab');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^graph topology \{/);
    assert.match(run.stdout, /subgraph cluster_1 \{\n {4}label="node node1";/);
    assert.match(
      run.stdout,
      /"pod:samplepod" -- "host:node1:eth0" \[label="net1 192\.168\.1\.200\/24", color="#[0-9A-F]{6}"/,
    );
    assert.match(run.stdout, /\}\n$/);
  });

  it('network-status with --connectivity is a usage error; a bad cluster segment file names the field', () => {
    const both = runCli('preview', '--connectivity', '--format', 'network-status', 'examples/seed-lab');
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--connectivity prints text, json, mermaid or dot/);
    const dir = mkdtempSync(join(tmpdir(), 'mnad-conn-'));
    try {
      const file = join(dir, 'cluster.yaml');
      writeFileSync(
        file,
        'nodes:\n  - name: n1\n    interfaces: [{ name: eth0 }]\n    bridges: [{ name: br0, uplink: eth9 }]\n',
      );
      const run = runCli('preview', '--connectivity', '--cluster', file, 'examples/seed-lab');
      assert.equal(run.status, 2);
      assert.match(run.stderr, /nodes\[0\]\.bridges\.br0\.uplink: eth9 is not one of the node's interfaces/);
      writeFileSync(file, 'nodes:\n  - name: n1\n    interfaces: [{ name: eth0, addresses: [192.168.1.300/24] }]\n');
      const bad = runCli('preview', '--connectivity', '--cluster', file, 'examples/seed-lab');
      assert.equal(bad.status, 2);
      assert.match(
        bad.stderr,
        /nodes\[0\]\.interfaces\.eth0\.addresses: 192\.168\.1\.300\/24 is not an address in CIDR form/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
