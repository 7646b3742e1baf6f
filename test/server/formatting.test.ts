import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { applyEdits, openWithCursor } from './serviceHelper';

const seed = (name: string) => readFileSync(`examples/seed-lab/${name}`, 'utf8');

function format(text: string): string {
  const { service, uri } = openWithCursor(text);
  return applyEdits(text, service.format(uri));
}

describe('formatting of the embedded JSON', () => {
  it("keeps the seed lab's multi-line single-quoted layout, expanding only the inline route object", () => {
    const expected = seed('macvlan-conf.yaml').replace(
      '          { "dst": "0.0.0.0/0" }\n',
      '          {\n            "dst": "0.0.0.0/0"\n          }\n',
    );
    const formatted = format(seed('macvlan-conf.yaml'));
    assert.equal(formatted, expected);
    assert.equal(format(formatted), formatted, 'formatting twice changes nothing');
  });

  it('lays out a cramped literal block with two-space indentation inside the block', () => {
    const text =
      'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: a\nspec:\n  config: |\n    {"cniVersion":"0.3.1","type":"macvlan","ipam":{"type":"dhcp"}}\n';
    assert.equal(
      format(text),
      'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: a\nspec:\n  config: |\n    {\n      "cniVersion": "0.3.1",\n      "type": "macvlan",\n      "ipam": {\n        "type": "dhcp"\n      }\n    }\n',
    );
  });

  it('keeps a one-line double-quoted config on one line, escaped', () => {
    const text =
      'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: a\nspec:\n  config: "{\\"cniVersion\\":\\"0.3.1\\",  \\"type\\":\\"macvlan\\"}"\n';
    assert.equal(
      format(text),
      'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: a\nspec:\n  config: "{ \\"cniVersion\\": \\"0.3.1\\", \\"type\\": \\"macvlan\\" }"\n',
    );
  });

  it('leaves a config with a JSON error alone', () => {
    const text =
      'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: a\nspec:\n  config: \'{"type": "macvlan",,}\'\n';
    assert.equal(format(text), text);
  });
});
