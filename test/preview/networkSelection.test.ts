import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNetworkSelections } from '../../engine/multus/networkSelection';

const JSON_PREFIX =
  'parsePodNetworkAnnotation: failed to parse pod Network Attachment Selection Annotation JSON format: ';

function selections(value: string, namespace = 'pod-ns') {
  const parsed = parseNetworkSelections(value, namespace);
  if ('error' in parsed) assert.fail(parsed.error);
  return parsed.selections;
}

function error(value: string): string {
  const parsed = parseNetworkSelections(value, 'pod-ns');
  assert.ok('error' in parsed, `expected an error for ${value}`);
  return parsed.error;
}

// MUL pkg/k8sclient/k8sclient.go parsePodNetworkAnnotation / parsePodNetworkObjectName (v4.1.0+).
describe('k8s.v1.cni.cncf.io/networks comma form', () => {
  it("ns/name@ifname with spaces around every part; namespace defaults to the pod's", () => {
    const got = selections(' other/net-a @ data0 , net-b,net-c@x');
    assert.deepEqual(
      got.map((s) => [s.namespace, s.name, s.interfaceRequest]),
      [
        ['other', 'net-a', 'data0'],
        ['pod-ns', 'net-b', undefined],
        ['pod-ns', 'net-c', 'x'],
      ],
    );
  });

  it('accepts an ifname of exactly 15 characters, underscores and capitals (validation change d625d482)', () => {
    assert.equal(selections('net@uplink_P0.12345')[0].interfaceRequest, 'uplink_P0.12345');
    assert.match(error('net@uplink_P0.123456'), /interface name 'uplink_P0.123456'$/);
  });

  it('rejects the bad values of k8sclient_test.go "fails to get podnetwork given bad annotation values"', () => {
    assert.equal(
      error('root@someIP/root@someOtherIP/root@thirdIP'),
      "parsePodNetworkAnnotation: parsePodNetworkObjectName: Invalid network object (failed at '/')",
    );
    assert.equal(
      error('root@someIP/root@someOtherIP@garbagevalue'),
      "parsePodNetworkAnnotation: parsePodNetworkObjectName: Invalid network object (failed at '@')",
    );
    assert.match(
      error('root@someIP/root@someOtherIP'),
      /did not match comma-delimited format .*mismatch @ 'root@someIP'$/,
    );
    assert.equal(
      error('default/net1@myIfc Name'),
      "parsePodNetworkAnnotation: parsePodNetworkObjectName: Failed to parse interface name: must be less than 15 chars and not contain '/' or spaces. interface name 'myIfc Name'",
    );
  });

  it('a trailing comma yields an element with an empty name (it fails later, at the NAD lookup)', () => {
    assert.deepEqual(
      selections('a,').map((s) => s.name),
      ['a', ''],
    );
  });
});

// MUL pkg/types/types.go NetworkSelectionElement decoded by Go encoding/json.
describe('k8s.v1.cni.cncf.io/networks JSON form', () => {
  it('reads every field; interfaceRequest is the pre-v3.2 alias of interface', () => {
    const [first, second] = selections(
      '[{"name":"a","namespace":"ns1","interface":"eth9","ips":["10.1.1.5/24"],"mac":"02:00:00:00:00:01","default-route":["10.1.1.1"],' +
        '"cni-args":{"k":"v"},"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}],"bandwidth":{"ingressRate":1000},"deviceID":"0000:03:00.2"},' +
        '{"name":"b","interfaceRequest":"old0"}]',
    );
    assert.equal(first.namespace, 'ns1');
    assert.equal(first.interfaceRequest, 'eth9');
    assert.deepEqual(first.ips, ['10.1.1.5/24']);
    assert.equal(first.mac, '02:00:00:00:00:01');
    assert.deepEqual(first.defaultRoute, ['10.1.1.1']);
    assert.deepEqual(first.cniArgs, { k: 'v' });
    assert.deepEqual(first.portMappings, [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }]);
    assert.deepEqual(first.bandwidth, { ingressRate: 1000 });
    assert.equal(first.deviceID, '0000:03:00.2');
    assert.equal(second.namespace, 'pod-ns');
    assert.equal(second.interfaceRequest, 'old0');
  });

  it('matches keys case-insensitively and ignores unknown keys such as "gateway" (Go encoding/json)', () => {
    const [s] = selections('[{"Name":"a","NAMESPACE":"x","gateway":["1.2.3.4"]}]');
    assert.equal(s.name, 'a');
    assert.equal(s.namespace, 'x');
    assert.equal(s.defaultRoute, undefined);
  });

  it('an empty default-route list is kept as present (it removes all default routes, domain.md §3.4)', () => {
    assert.deepEqual(selections('[{"name":"a","default-route":[]}]')[0].defaultRoute, []);
  });

  it("invalid JSON reads as Go's scanner says (k8sclient_test.go line ~257)", () => {
    assert.equal(error('[{"name": abc}]'), `${JSON_PREFIX}invalid character 'a' looking for beginning of value`);
    assert.equal(error('[{"name":"a"'), `${JSON_PREFIX}unexpected end of JSON input`);
    assert.equal(error('[{"name":"a"}}'), `${JSON_PREFIX}invalid character '}' after array element`);
  });

  it('a bare object and wrong field types are Go UnmarshalTypeErrors', () => {
    assert.equal(
      error('{"name":"a"}'),
      `${JSON_PREFIX}json: cannot unmarshal object into Go value of type []*types.NetworkSelectionElement`,
    );
    assert.equal(
      error('[{"name":"a","ips":"10.1.1.1"}]'),
      `${JSON_PREFIX}json: cannot unmarshal string into Go struct field NetworkSelectionElement.ips of type []string`,
    );
  });

  it('default-route entries must be IPs (net.IP UnmarshalText)', () => {
    assert.equal(
      error('[{"name":"a","default-route":["10.1.1.0/24"]}]'),
      `${JSON_PREFIX}invalid IP address: 10.1.1.0/24`,
    );
  });

  it('checks mac, infiniband-guid and ips after parsing, with their own prefixes', () => {
    assert.equal(
      error('[{"name":"a","mac":"zz"}]'),
      'parsePodNetworkAnnotation: failed to mac: address zz: invalid MAC address',
    );
    assert.equal(
      error('[{"name":"a","infiniband-guid":"x"}]'),
      'parsePodNetworkAnnotation: failed to validate infiniband GUID: address x: invalid MAC address',
    );
    assert.equal(
      error('[{"name":"a","ips":["10.1.1.1/33"]}]'),
      'failed to parse CIDR "10.1.1.1/33": invalid CIDR address: 10.1.1.1/33',
    );
    assert.equal(error('[{"name":"a","ips":["nope"]}]'), 'failed to parse IP address "nope"');
  });

  it('net.ParseMAC also takes 8- and 20-octet addresses and dotted groups', () => {
    assert.equal(selections('[{"name":"a","mac":"0000.5e00.5301"}]')[0].mac, '0000.5e00.5301');
    assert.equal(
      selections('[{"name":"a","infiniband-guid":"00:00:00:00:00:00:00:01"}]')[0].infinibandGuid,
      '00:00:00:00:00:00:00:01',
    );
  });
});
