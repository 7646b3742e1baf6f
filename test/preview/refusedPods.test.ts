// Issue 20, classes 12 and 13 (found by the randomized comparison with the real host-local):
// a refused pod gives back what its earlier networks took, and host-local's keys are matched
// the way Go's encoding/json matches them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressesOf, nad, ok, pod, preview } from './previewHelpers';

const oneAddress = nad('n', {
  cniVersion: '0.4.0',
  name: 'n',
  type: 'macvlan',
  master: 'eth0',
  ipam: { type: 'host-local', subnet: '10.1.0.0/24', rangeStart: '10.1.0.4', rangeEnd: '10.1.0.4' },
});

describe('a refused pod', () => {
  it('releases the addresses its earlier networks got: Multus deletes them (MUL pkg/multus/multus.go CmdAdd, delPlugins)', () => {
    const [first, second] = preview([
      oneAddress,
      pod('twice', { networks: 'n, n', nodeName: 'node1' }),
      pod('after', { networks: 'n', nodeName: 'node1' }),
    ]);
    assert.match(first.error ?? '', /no IP addresses available in range set: 10\.1\.0\.4-10\.1\.0\.4/);
    // The real host-local hands the next pod 10.1.0.4 again (its reservation file was removed by DEL).
    assert.deepEqual(addressesOf(ok(second)).net1, ['10.1.0.4/24']);
  });

  it('gives its passthru macvlan back: the next pod may take the master (drivers/net/macvlan.c, one passthru per master)', () => {
    const passthru = nad('pt', {
      cniVersion: '0.4.0',
      name: 'pt',
      type: 'macvlan',
      master: 'eth0',
      mode: 'passthru',
      ipam: { type: 'host-local', subnet: '10.4.0.0/24' },
    });
    const [first, second] = preview([
      passthru,
      pod('twice', { networks: 'pt, pt', nodeName: 'node1' }),
      pod('after', { networks: 'pt', nodeName: 'node1' }),
    ]);
    assert.ok(first.error, 'a second macvlan on a passthru master is refused');
    assert.match(addressesOf(ok(second)).net1?.[0] ?? '', /^10\.4\.0\.\d+\/24$/);
  });
});

describe('a refused pod and whereabouts', () => {
  // Multus deletes every delegate up to the failed one (MUL pkg/multus/multus.go CmdAdd ->
  // delPlugins(..., idx)); whereabouts' DEL (WA cmd/whereabouts.go cmdDel) deallocates the pod's
  // IPPool entry and deletes its OverlappingRangeIPReservation (WA pkg/storage/kubernetes/ipam.go
  // IPManagementKubernetesUpdate, Deallocate). The next pod gets the address again.
  const whereabouts = (name: string, ipam: Record<string, unknown>) =>
    nad(name, { cniVersion: '0.4.0', name, type: 'macvlan', master: 'eth0', ipam: { type: 'whereabouts', ...ipam } });
  const oneWhereabouts = whereabouts('wa', { range: '10.5.0.0/30', range_end: '10.5.0.1' });

  it('gives back the whereabouts address of a network attached twice', () => {
    const [first, second] = preview([
      oneWhereabouts,
      pod('twice', { networks: 'wa, wa', nodeName: 'node1' }),
      pod('after', { networks: 'wa', nodeName: 'master' }),
    ]);
    assert.match(first.error ?? '', /Could not allocate IP in range/);
    assert.deepEqual(addressesOf(ok(second)).net1, ['10.5.0.1/30']);
  });

  it('gives back the whereabouts address when a later host-local network refuses the pod', () => {
    const [taker, refused, after] = preview([
      oneWhereabouts,
      oneAddress,
      pod('taker', { networks: 'n', nodeName: 'node1' }),
      pod('refused', { networks: 'wa, n', nodeName: 'node1' }),
      pod('after', { networks: 'wa', nodeName: 'node1' }),
    ]);
    assert.deepEqual(addressesOf(ok(taker)).net1, ['10.1.0.4/24']);
    assert.match(refused.error ?? '', /no IP addresses available/);
    assert.deepEqual(addressesOf(ok(after)).net1, ['10.5.0.1/30']);
  });

  it('gives back the overlapping-range reservation another range of the same network_name consults', () => {
    const narrow = whereabouts('narrow', { range: '10.6.0.0/30', range_end: '10.6.0.1', network_name: 'shared' });
    const wide = whereabouts('wide', { range: '10.6.0.0/29', range_end: '10.6.0.1', network_name: 'shared' });
    const [refused, after] = preview([
      narrow,
      wide,
      pod('refused', { networks: 'narrow, wide', nodeName: 'node1' }),
      pod('after', { networks: 'wide', nodeName: 'master' }),
    ]);
    assert.match(refused.error ?? '', /Could not allocate IP in range/);
    assert.deepEqual(addressesOf(ok(after)).net1, ['10.6.0.1/29']);
  });
});

describe('host-local keys as Go decodes them (case-insensitive, PLG allocator/config.go IPAMConfig)', () => {
  it('honours Subnet, RangeStart, RangeEnd and GATEWAY', () => {
    const config = {
      cniVersion: '0.4.0',
      name: 'cased',
      type: 'macvlan',
      master: 'eth0',
      ipam: {
        type: 'host-local',
        Subnet: '10.2.0.0/24',
        RangeStart: '10.2.0.50',
        rangeend: '10.2.0.60',
        GATEWAY: '10.2.0.254',
      },
    };
    const [result] = preview([nad('cased', config), pod('p', { networks: 'cased', nodeName: 'node1' })]);
    assert.deepEqual(addressesOf(ok(result)).net1, ['10.2.0.50/24']);
  });

  it('honours "Ranges" and the range keys inside it', () => {
    const config = {
      cniVersion: '0.4.0',
      name: 'cased-ranges',
      type: 'macvlan',
      master: 'eth0',
      ipam: { type: 'host-local', Ranges: [[{ SUBNET: '10.3.0.0/24', rangeStart: '10.3.0.9' }]] },
    };
    const [result] = preview([nad('cased-ranges', config), pod('p', { networks: 'cased-ranges', nodeName: 'node1' })]);
    assert.deepEqual(addressesOf(ok(result)).net1, ['10.3.0.9/24']);
  });
});
