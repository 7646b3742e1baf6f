import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HostLocalStore, allocateHostLocal } from '../../engine/ipam/hostLocalAllocator';
import { readHostLocalConfig, type HostLocalConfig } from '../../engine/ipam/hostLocalConfig';
import { formatPrefix, parseIp, type IpAddress } from '../../engine/address/ipAddress';

function ip(text: string): IpAddress {
  const address = parseIp(text);
  assert.ok(address, text);
  return address;
}

function config(ipam: Record<string, unknown>): HostLocalConfig {
  const parsed = readHostLocalConfig(ipam);
  if ('error' in parsed) assert.fail(parsed.error);
  return parsed;
}

/** One range set of plain subnets, as the upstream table builds it. */
function subnets(...list: string[]): HostLocalConfig {
  return config({ ranges: [list.map((subnet) => ({ subnet }))] });
}

function next(conf: HostLocalConfig, store: HostLocalStore, requested?: string): string {
  const leases = allocateHostLocal(conf, store, requested ? ip(requested) : undefined);
  if ('error' in leases) assert.fail(leases.error);
  return leases.map((lease) => formatPrefix(lease.address)).join(' ');
}

function storeWith(reserved: string[], lastIP?: string): HostLocalStore {
  const store = new HostLocalStore();
  for (const address of reserved) store.markReserved(ip(address));
  if (lastIP) store.setLastReserved(0, ip(lastIP));
  return store;
}

// The cases of "should allocate ips in round robin" in
// PLG plugins/ipam/host-local/backend/allocator/allocator_test.go, one row each.
const ROUND_ROBIN: Array<{ name: string; subnets: string[]; reserved: string[]; lastIP?: string; expect: string }> = [
  { name: 'fresh start', subnets: ['10.0.0.0/29'], reserved: [], expect: '10.0.0.2' },
  { name: 'fresh IPv6 /64', subnets: ['2001:db8:1::0/64'], reserved: [], expect: '2001:db8:1::2' },
  { name: 'fresh /30', subnets: ['10.0.0.0/30'], reserved: [], expect: '10.0.0.2' },
  { name: 'first free after a taken one', subnets: ['10.0.0.0/29'], reserved: ['10.0.0.2'], expect: '10.0.0.3' },
  {
    name: 'next ip of last reserved ip',
    subnets: ['10.0.0.0/29'],
    reserved: [],
    lastIP: '10.0.0.5',
    expect: '10.0.0.6',
  },
  {
    name: 'skips taken after last reserved',
    subnets: ['10.0.0.0/29'],
    reserved: ['10.0.0.4', '10.0.0.5'],
    lastIP: '10.0.0.3',
    expect: '10.0.0.6',
  },
  {
    name: 'round robin to the beginning',
    subnets: ['10.0.0.0/29'],
    reserved: ['10.0.0.6'],
    lastIP: '10.0.0.5',
    expect: '10.0.0.2',
  },
  {
    name: 'lastIP out of range',
    subnets: ['10.0.0.0/29'],
    reserved: ['10.0.0.2'],
    lastIP: '10.0.0.128',
    expect: '10.0.0.3',
  },
  {
    name: 'full except lastIP: wraps and takes it',
    subnets: ['10.0.0.0/29'],
    reserved: ['10.0.0.2', '10.0.0.4', '10.0.0.5', '10.0.0.6'],
    lastIP: '10.0.0.3',
    expect: '10.0.0.3',
  },
  { name: 'multiple subnets', subnets: ['10.0.0.0/30', '10.0.1.0/30'], reserved: [], expect: '10.0.0.2' },
  {
    name: 'advance to next subnet',
    subnets: ['10.0.0.0/30', '10.0.1.0/30'],
    reserved: [],
    lastIP: '10.0.0.2',
    expect: '10.0.1.2',
  },
  {
    name: 'roll to start subnet',
    subnets: ['10.0.0.0/30', '10.0.1.0/30', '10.0.2.0/30'],
    reserved: [],
    lastIP: '10.0.2.2',
    expect: '10.0.0.2',
  },
];

describe('host-local allocation (PLG plugins/ipam/host-local/backend/allocator/allocator.go)', () => {
  for (const row of ROUND_ROBIN) {
    it(`round robin: ${row.name} -> ${row.expect}`, () => {
      const lease = next(subnets(...row.subnets), storeWith(row.reserved, row.lastIP));
      assert.equal(lease.split('/')[0], row.expect);
    });
  }

  it('does not allocate the broadcast address, then reports exhaustion in upstream words', () => {
    const conf = subnets('192.168.1.0/29');
    const store = new HostLocalStore();
    const got = [2, 3, 4, 5, 6].map(() => next(conf, store));
    assert.deepEqual(got, ['192.168.1.2/29', '192.168.1.3/29', '192.168.1.4/29', '192.168.1.5/29', '192.168.1.6/29']);
    assert.deepEqual(allocateHostLocal(conf, store, undefined), {
      error: 'failed to allocate for range 0: no IP addresses available in range set: 192.168.1.1-192.168.1.6',
    });
  });

  it('resumes after the last reserved address instead of reusing a released one ("round-robin fashion")', () => {
    const conf = subnets('192.168.1.0/29');
    const store = new HostLocalStore();
    assert.equal(next(conf, store), '192.168.1.2/29');
    store.release(ip('192.168.1.2'));
    assert.equal(next(conf, store), '192.168.1.3/29');
  });

  it('allocates a requested IP, and refuses it once taken with the upstream message', () => {
    const conf = subnets('192.168.1.0/29');
    const store = new HostLocalStore();
    assert.equal(next(conf, store, '192.168.1.5'), '192.168.1.5/29');
    assert.deepEqual(allocateHostLocal(conf, store, ip('192.168.1.5')), {
      error:
        'failed to allocate for range 0: requested IP address 192.168.1.5 is not available in range set 192.168.1.1-192.168.1.6',
    });
  });

  it('refuses the gateway as a requested IP (allocator.go Get)', () => {
    assert.deepEqual(allocateHostLocal(subnets('192.168.1.0/29'), new HostLocalStore(), ip('192.168.1.1')), {
      error: "failed to allocate for range 0: requested ip 192.168.1.1 is subnet's gateway",
    });
  });

  it('seed lab range: starts at rangeStart (.200), gateway .1 outside the range (domain.md §6.1, cni-oracle.md)', () => {
    const conf = config({
      type: 'host-local',
      subnet: '192.168.1.0/24',
      rangeStart: '192.168.1.200',
      rangeEnd: '192.168.1.216',
      gateway: '192.168.1.1',
    });
    const store = new HostLocalStore();
    assert.equal(next(conf, store), '192.168.1.200/24');
    assert.equal(next(conf, store), '192.168.1.201/24');
  });

  it('skips a gateway that lies inside the range (range_set.go RangeIter.Next)', () => {
    const conf = config({ subnet: '10.1.0.0/24', rangeStart: '10.1.0.9', rangeEnd: '10.1.0.12', gateway: '10.1.0.10' });
    const store = new HostLocalStore();
    assert.deepEqual(
      [next(conf, store), next(conf, store), next(conf, store)],
      ['10.1.0.9/24', '10.1.0.11/24', '10.1.0.12/24'],
    );
    assert.ok('error' in (allocateHostLocal(conf, store, undefined) as object));
  });

  it('one address per range set, IPv4 and IPv6 (dual stack)', () => {
    const conf = config({ ranges: [[{ subnet: '10.2.0.0/24' }], [{ subnet: 'fd00:2::/64' }]] });
    assert.equal(next(conf, new HostLocalStore()), '10.2.0.2/24 fd00:2::2/64');
  });

  it('an IPv6 /8 and a /64 allocate and count capacity without enumerating', () => {
    const store = new HostLocalStore();
    const conf = config({ ranges: [[{ subnet: 'fd00::/8' }], [{ subnet: '2001:db8::/64' }]] });
    for (let i = 0; i < 1000; i++) next(conf, store);
    assert.equal(next(conf, store), 'fd00::3ea/8 2001:db8::3ea/64');
  });

  it('rejects bad ranges with the plugin wording (range.go Canonicalize)', () => {
    assert.deepEqual(readHostLocalConfig({ subnet: '192.168.1.0/24', rangeStart: '192.168.2.10' }), {
      error: 'invalid range set 0: RangeStart 192.168.2.10 not in network 192.168.1.0/24',
    });
    assert.deepEqual(readHostLocalConfig({ subnet: '192.168.1.5/24' }), {
      error:
        'invalid range set 0: Network has host bits set. For a subnet mask of length 24 the network address is 192.168.1.0',
    });
    assert.deepEqual(readHostLocalConfig({ subnet: '10.0.0.0/31' }), {
      error: 'invalid range set 0: Network 10.0.0.0/31 too small to allocate from',
    });
    assert.deepEqual(readHostLocalConfig({ type: 'host-local' }), { error: 'no IP ranges specified' });
  });
});
