import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HostLocalStore, allocateHostLocal } from '../../engine/ipam/hostLocalAllocator';
import { readHostLocalConfig } from '../../engine/ipam/hostLocalConfig';
import { formatPrefix, parseIp, type IpAddress } from '../../engine/address/ipAddress';
import { addressesOf, nad, ok, pod, preview } from './previewHelpers';

const ip = (text: string) => parseIp(text) as IpAddress;

// ARCHITECTURE.md "Performance": allocation never enumerates a range. These inputs would take 2^63
// steps if it did; the expected addresses follow the upstream walk (allocator.go RangeIter,
// WA allocate.go skipExcludedSubnets jumping to an excluded subnet's broadcast address).
describe('allocation is arithmetic, not enumeration', () => {
  it('host-local on a /64: after the last address the walk wraps to rangeStart, skipping the gateway', () => {
    const conf = readHostLocalConfig({ ranges: [[{ subnet: 'fd00:1::/64' }]] });
    assert.ok(!('error' in conf));
    const store = new HostLocalStore();
    store.setLastReserved(0, ip('fd00:1::ffff:ffff:ffff:fffe'));
    const next = () => {
      const leases = allocateHostLocal(conf, store, undefined);
      assert.ok(!('error' in leases));
      return formatPrefix(leases[0].address);
    };
    // IPv6 rangeEnd is the subnet's last address (range.go Canonicalize); then .1 is the gateway.
    assert.deepEqual([next(), next()], ['fd00:1::ffff:ffff:ffff:ffff/64', 'fd00:1::2/64']);
  });

  it('a range set mixing IPv4 and IPv6 ranges is refused (range_set.go Canonicalize)', () => {
    const conf = readHostLocalConfig({
      ranges: [
        [{ subnet: '10.0.0.0/30' }, { subnet: 'fd00:2::/120', rangeStart: 'fd00:2::10', rangeEnd: 'fd00:2::10' }],
      ],
    });
    // Mixed families in one set are refused (range_set.go Canonicalize).
    assert.deepEqual(conf, { error: 'invalid range set 0: mixed address families' });
  });

  it('whereabouts jumps over an excluded half of a /64', () => {
    const wa = nad('w', {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth0',
      ipam: { type: 'whereabouts', range: 'fd00:3::/64', exclude: ['fd00:3::/65'] },
    });
    const [p] = preview([wa, pod('p', { networks: 'w' })]);
    assert.deepEqual(addressesOf(ok(p)).net1, ['fd00:3:0:0:8000::/64']);
  });

  it('whereabouts range_start near the top of a /64 is used as is', () => {
    const wa = nad('w', {
      cniVersion: '0.4.0',
      type: 'macvlan',
      master: 'eth0',
      ipam: { type: 'whereabouts', range: 'fd00:4::/64', range_start: 'fd00:4::ffff:ffff:ffff:fff0' },
    });
    const [a, b] = preview([wa, pod('a', { networks: 'w' }), pod('b', { networks: 'w' })]);
    assert.deepEqual(
      [addressesOf(ok(a)).net1, addressesOf(ok(b)).net1],
      [['fd00:4::ffff:ffff:ffff:fff0/64'], ['fd00:4::ffff:ffff:ffff:fff1/64']],
    );
  });
});
