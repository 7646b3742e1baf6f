import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { openWithCursor } from './serviceHelper';

const seed = (name: string) => readFileSync(`examples/seed-lab/${name}`, 'utf8');
const text = (hover: { contents: unknown } | null) => (hover?.contents as { value: string } | undefined)?.value ?? '';

/** The seed NAD with the cursor put before the first occurrence of `at`. */
function seedNadAt(at: string): string {
  const source = seed('macvlan-conf.yaml');
  const offset = source.indexOf(at);
  assert.ok(offset >= 0, at);
  return `${source.slice(0, offset)}§${source.slice(offset)}`;
}

describe('hover inside spec.config', () => {
  it('documents a macvlan key', () => {
    const { service, uri, position } = openWithCursor(seedNadAt('"mode"'));
    assert.match(text(service.hover(uri, position)), /\*\*mode\*\* \(string\): macvlan mode/);
  });

  it('gives the host-local range in numbers on an address of the IPAM block', () => {
    const { service, uri, position } = openWithCursor(seedNadAt('192.168.1.200'));
    const value = text(service.hover(uri, position));
    // subnet 192.168.1.0/24 has 256 addresses; rangeStart .200 to rangeEnd .216 is 17 addresses,
    // the gateway .1 lies outside the range, so all 17 are handed out.
    assert.match(value, /\| 192\.168\.1\.0\/24 \| \|/);
    assert.match(value, /subnet size \| 256 \|/);
    assert.match(value, /first allocatable \| 192\.168\.1\.200 \|/);
    assert.match(value, /last allocatable \| 192\.168\.1\.216 \|/);
    assert.match(value, /allocatable \| 17 \|/);
    assert.match(value, /gateway \| 192\.168\.1\.1 \|/);
    assert.match(value, /never handed out \| 192\.168\.1\.0-192\.168\.1\.199, 192\.168\.1\.217-192\.168\.1\.255 \|/);
    assert.match(value, /same address/, 'the host-local per-node caveat');
    assert.match(value, /No pod of the workspace selects this network/);
  });

  it('lists the addresses the workspace pods would get, as the preview computes them', () => {
    const { service, uri, position } = openWithCursor(seedNadAt('"ipam"'), {
      'file:///ws/samplepod.yaml': seed('samplepod.yaml'),
      'file:///ws/samplepod2.yaml': seed('samplepod2.yaml'),
    });
    const value = text(service.hover(uri, position));
    // The seed lab's expected preview: both pods on node1, net1 .200 and .201 (examples/seed-lab/README.md).
    assert.match(value, /default\/samplepod on node1: net1 192\.168\.1\.200\/24/);
    assert.match(value, /default\/samplepod2 on node1: net1 192\.168\.1\.201\/24/);
  });

  it('counts an IPv6 /64 without enumerating it', () => {
    const { service, uri, position } = openWithCursor(
      `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: v6\nspec:\n  config: '{"cniVersion": "0.3.1", "type": "macvlan", "ipam": {"type": "host-local", "subnet": "§fd00::/64"}}'\n`,
    );
    const value = text(service.hover(uri, position));
    // 2^64 addresses; defaults: gateway fd00::1 skipped, range fd00::1 .. fd00::ffff:ffff:ffff:ffff (IPv6 keeps the last address).
    assert.match(value, /subnet size \| 18446744073709551616 \|/);
    assert.match(value, /first allocatable \| fd00::2 \|/);
    assert.match(value, /allocatable \| 18446744073709551614 \|/);
  });

  it('whereabouts: first free address after excludes, as WA allocate.go walks', () => {
    const { service, uri, position } = openWithCursor(
      `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: wa\nspec:\n  config: '{"cniVersion": "0.3.1", "type": "macvlan", "ipam": {"type": "whereabouts", "range": "§192.168.2.225/28", "exclude": ["192.168.2.224/30"]}}'\n`,
    );
    const value = text(service.hover(uri, position));
    // 192.168.2.224/28: usable .225-.238 (14); .224/30 excludes .224-.227, of which .225-.227 are usable: 11 left, first .228.
    assert.match(value, /first allocatable \| 192\.168\.2\.228 \|/);
    assert.match(value, /last allocatable \| 192\.168\.2\.238 \|/);
    assert.match(value, /allocatable \| 11 \|/);
  });
});

describe('hover elsewhere', () => {
  it('on an annotation entry: the NAD it resolves to and the interface the pod gets', () => {
    const pod = seed('samplepod.yaml').replace('networks: macvlan-conf', 'networks: macvlan-conf@data, §macvlan-conf');
    const { service, uri, position } = openWithCursor(pod, {
      'file:///ws/macvlan-conf.yaml': seed('macvlan-conf.yaml'),
    });
    const value = text(service.hover(uri, position));
    assert.match(value, /default\/macvlan-conf\*\* \(macvlan, IPAM host-local\) in macvlan-conf\.yaml/);
    // Second entry: eth0 is position 0, the first entry is data, so this one is net2 (MUL getIfname).
    assert.match(value, /interface `net2`/);
  });

  it('on a NAD key: the field documentation', () => {
    const { service, uri, position } = openWithCursor(seedNadAt('kind'));
    assert.match(text(service.hover(uri, position)), /Must be `NetworkAttachmentDefinition`/);
  });
});
