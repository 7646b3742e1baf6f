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
