import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InsertTextFormat } from 'vscode-languageserver';
import { applyEdits, openWithCursor } from './serviceHelper';

const labels = (list: { items: { label: string }[] }) => list.items.map((item) => item.label);

function nad(config: string, name = 'mv'): string {
  return `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\nspec:\n  config: ${config}\n`;
}

describe('completion inside spec.config', () => {
  it('offers the macvlan keys not yet written, in a literal block', () => {
    const { service, uri, position } = openWithCursor(
      nad('|\n    {\n      "cniVersion": "0.3.1",\n      "type": "macvlan",\n      "§"\n    }'),
    );
    const items = labels(service.completion(uri, position));
    assert.ok(items.includes('master'), items.join(','));
    assert.ok(items.includes('mode'));
    assert.ok(items.includes('ipam'));
    assert.ok(!items.includes('type'), 'type is already there');
    assert.ok(!items.includes('bridge'), 'bridge is a key of the bridge plugin, not macvlan');
  });

  it('offers host-local keys inside ipam and whereabouts keys once the type says so', () => {
    const hostLocal = openWithCursor(nad(`'{"type": "macvlan", "ipam": {"type": "host-local", §}}'`));
    const items = labels(hostLocal.service.completion(hostLocal.uri, hostLocal.position));
    assert.ok(items.includes('subnet') && items.includes('ranges') && items.includes('routes'), items.join(','));
    assert.ok(!items.includes('range_start'));
    const whereabouts = openWithCursor(nad(`'{"type": "macvlan", "ipam": {"type": "whereabouts", §}}'`));
    const other = labels(whereabouts.service.completion(whereabouts.uri, whereabouts.position));
    assert.ok(other.includes('range') && other.includes('exclude') && !other.includes('rangeStart'), other.join(','));
  });

  it("offers keys of a conflist member by that member's type", () => {
    const { service, uri, position } = openWithCursor(
      nad(`|\n    {"cniVersion": "0.4.0", "plugins": [{"type": "macvlan"}, {"type": "tuning", "§"}]}`),
    );
    const items = labels(service.completion(uri, position));
    assert.ok(items.includes('sysctl') && items.includes('promisc'), items.join(','));
    assert.ok(!items.includes('master'));
  });

  it('offers plugin types, IPAM types and modes as values', () => {
    const type = openWithCursor(nad(`|\n    {"type": "§"}`));
    assert.ok(labels(type.service.completion(type.uri, type.position)).includes('macvlan'));
    const ipam = openWithCursor(nad(`|\n    {"type": "macvlan", "ipam": {"type": "§"}}`));
    const ipamTypes = labels(ipam.service.completion(ipam.uri, ipam.position));
    assert.deepEqual(ipamTypes.sort(), ['dhcp', 'host-local', 'static', 'whereabouts']);
    const mode = openWithCursor(nad(`|\n    {"type": "ipvlan", "mode": "§"}`));
    assert.deepEqual(labels(mode.service.completion(mode.uri, mode.position)), ['l2', 'l3', 'l3s']);
  });

  it('escapes what it inserts in a double-quoted config', () => {
    const { service, uri, position, text } = openWithCursor(
      nad(`"{\\"type\\": \\"macvlan\\", \\"mo§\\": \\"bridge\\"}"`),
    );
    const item = service.completion(uri, position).items.find((candidate) => candidate.label === 'mode');
    assert.ok(item?.textEdit && 'range' in item.textEdit);
    const edited = applyEdits(text, [item.textEdit]);
    assert.ok(edited.includes(`"{\\"type\\": \\"macvlan\\", \\"mode\\": \\"bridge\\"}"`), edited);
  });

  it("inserts a key with a default value in the seed lab's multi-line single-quoted style", () => {
    const { service, uri, position, text } = openWithCursor(
      nad(`'{\n      "cniVersion": "0.3.0",\n      "type": "macvlan",\n      §\n    }'`),
    );
    const item = service.completion(uri, position).items.find((candidate) => candidate.label === 'master');
    assert.ok(item?.textEdit);
    // A snippet: the value "eth0" is selected on accept (issue 18 point 4).
    assert.equal(item.insertTextFormat, InsertTextFormat.Snippet);
    const edited = applyEdits(text, [item.textEdit as never]);
    assert.ok(edited.includes(`      "master": "\${1:eth0}"\n    }'`), edited);
  });

  it('offers whole-config snippets for an empty config, written as JSON in the style of the scalar', () => {
    const { service, uri, position, text } = openWithCursor(nad(`'{§}'`, 'tenant-a'));
    const list = service.completion(uri, position);
    const snippet = list.items.find((candidate) => candidate.label === 'macvlan + whereabouts');
    assert.ok(snippet?.textEdit, labels(list).join(','));
    const edited = applyEdits(text, [snippet.textEdit as never]);
    const config = /config: '(.*)'\n/.exec(edited)?.[1] ?? '';
    const parsed = JSON.parse(config);
    assert.equal(parsed.name, 'tenant-a');
    assert.equal(parsed.ipam.type, 'whereabouts');
  });
});

describe('completion on the YAML of a NAD', () => {
  it('offers metadata keys that are not there yet', () => {
    const { service, uri, position } = openWithCursor(
      "apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: a\n  §\nspec:\n  config: '{}'\n",
    );
    const items = labels(service.completion(uri, position));
    assert.ok(items.includes('namespace') && items.includes('annotations'), items.join(','));
    assert.ok(!items.includes('name'));
  });

  it('offers the kind value', () => {
    const { service, uri, position } = openWithCursor('apiVersion: k8s.cni.cncf.io/v1\nkind: Net§\n');
    assert.deepEqual(labels(service.completion(uri, position)), ['NetworkAttachmentDefinition']);
  });

  it('offers nothing for documents that are not ours', () => {
    const { service, uri, position } = openWithCursor('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  §\n');
    assert.deepEqual(service.completion(uri, position).items, []);
  });
});

describe('completion of NAD names in the networks annotation', () => {
  const nads = {
    'file:///ws/nads.yaml': `${nad("'{}'", 'macvlan-conf')}---\n${nad("'{}'", 'storage').replace('  name: storage', '  name: storage\n  namespace: infra')}`,
  };
  const pod = (value: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    k8s.v1.cni.cncf.io/networks: ${value}\nspec:\n  containers: []\n`;

  it('short form: names of the pod namespace plain, others with their namespace', () => {
    const { service, uri, position } = openWithCursor(pod('mac§'), nads);
    assert.deepEqual(labels(service.completion(uri, position)).sort(), ['infra/storage', 'macvlan-conf']);
  });

  it('short form after a namespace: only that namespace', () => {
    const { service, uri, position } = openWithCursor(pod('macvlan-conf, infra/§'), nads);
    assert.deepEqual(labels(service.completion(uri, position)), ['storage']);
  });

  it("JSON form: names in the element's namespace", () => {
    const { service, uri, position, text } = openWithCursor(pod(`'[{"name": "§", "namespace": "infra"}]'`), nads);
    const list = service.completion(uri, position);
    assert.deepEqual(labels(list), ['storage']);
    const edited = applyEdits(text, [list.items[0].textEdit as never]);
    assert.ok(edited.includes(`'[{"name": "storage", "namespace": "infra"}]'`), edited);
  });
});
