import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { applyEdits, openWithCursor } from './serviceHelper';

const seed = (name: string) => readFileSync(`examples/seed-lab/${name}`, 'utf8');

function nad(config: string, name = 'mv'): string {
  return `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\nspec:\n  config: ${config}\n`;
}

/** The code actions at the cursor, with the diagnostics the service itself reports there. */
function actionsAt(marked: string, others: Record<string, string> = {}) {
  const fixture = openWithCursor(marked, others);
  const model = fixture.service.model(fixture.uri);
  assert.ok(model);
  const diagnostics: Diagnostic[] = fixture.service.diagnostics(model);
  const range = { start: fixture.position, end: fixture.position };
  const actions = fixture.service.codeActions({ uri: fixture.uri, range, diagnostics });
  return { ...fixture, actions, diagnostics };
}

function apply(text: string, action: CodeAction | undefined, uri = 'file:///ws/open.yaml'): string {
  assert.ok(action?.edit?.changes, 'the action has edits');
  return applyEdits(text, action.edit.changes[uri] as TextEdit[]);
}

/** The decoded spec.config of the first NAD in a text, parsed. */
function configOf(text: string): Record<string, unknown> {
  const fixture = openWithCursor(text);
  const hover = fixture.service.documentSymbols(fixture.uri);
  assert.ok(hover.length > 0, 'still a NAD');
  const match = /config: \|\n((?: {4}.*\n?)*)/.exec(text) ?? /config: '([\s\S]*?)'\n/.exec(text);
  assert.ok(match, text);
  return JSON.parse(match[1]);
}

const find = (actions: CodeAction[], title: RegExp) => actions.find((action) => title.test(action.title));

describe('quick fixes', () => {
  it('adds a missing cniVersion, tied to the engine diagnostic', () => {
    const { actions, text } = actionsAt(nad(`'{"type": "macvlan", §"master": "eth0"}'`));
    const fix = find(actions, /Add "cniVersion": "1.0.0"/);
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.ok(
      fix.diagnostics?.some((d) => d.code === 'cni-version-missing'),
      'settles the cni-version-missing diagnostic',
    );
    assert.deepEqual(configOf(apply(text, fix)), { cniVersion: '1.0.0', type: 'macvlan', master: 'eth0' });
  });

  it('adds the NAD name as the config name inside a literal block', () => {
    const { actions, text } = actionsAt(
      nad('|\n    {\n      "cniVersion": "0.3.1",\n      "type": §"macvlan"\n    }', 'blue'),
    );
    const edited = apply(text, find(actions, /Add "name": "blue"/));
    assert.ok(edited.includes('    {\n      "name": "blue",\n      "cniVersion": "0.3.1",'), edited);
  });

  it('renames a misspelt key to the one the plugin reads', () => {
    const { actions, text } = actionsAt(nad(`'{"cniVersion": "0.3.1", "type": "macvlan", "§mastr": "eth0"}'`));
    const fix = find(actions, /Rename "mastr" to "master"/);
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(configOf(apply(text, fix)).master, 'eth0');
    assert.ok(
      fix.diagnostics?.some(
        (d) => d.code === 'json-unknown-key' && (d.data as { replacement?: string })?.replacement === 'master',
      ),
      'the rename is the engine suggestion the diagnostic carries',
    );
  });

  it('offers no rename for keys and types named after Object.prototype members, and does not throw', () => {
    for (const config of [
      `'{"cniVersion": "0.3.1", "type": "constructor", "§toString": "eth0"}'`,
      `'{"cniVersion": "0.3.1", "type": "macvlan", "ipam": {"type": "constructor", "§__proto__": 1}}'`,
    ]) {
      const { actions } = actionsAt(nad(config));
      assert.equal(find(actions, /Rename/), undefined, actions.map((a) => a.title).join(' | '));
    }
  });

  it('moves rangeStart, rangeEnd and gateway into the first range when ranges is used', () => {
    const config = `|\n    {\n      "cniVersion": "0.3.1",\n      "type": "macvlan",\n      "ipam": {\n        "type": "host-local",\n        "ranges": [[{ "subnet": "10.1.0.0/24" }]],\n        §"rangeStart": "10.1.0.10",\n        "rangeEnd": "10.1.0.20",\n        "gateway": "10.1.0.1"\n      }\n    }`;
    const { actions, text } = actionsAt(nad(config));
    const edited = apply(text, find(actions, /Move rangeStart, rangeEnd and gateway into the first range/));
    const ipam = configOf(edited).ipam as Record<string, unknown>;
    assert.deepEqual(ipam, {
      type: 'host-local',
      ranges: [[{ subnet: '10.1.0.0/24', rangeStart: '10.1.0.10', rangeEnd: '10.1.0.20', gateway: '10.1.0.1' }]],
    });
  });

  it('switches host-local to whereabouts keeping the range and excluding the gateway', () => {
    const marked = seed('macvlan-conf.yaml').replace('"type": "host-local"', '§"type": "host-local"');
    const { actions, text } = actionsAt(marked);
    const edited = apply(text, find(actions, /Switch host-local to whereabouts/));
    const body = /config: '([\s\S]*)'/.exec(edited)?.[1] ?? '';
    assert.deepEqual(JSON.parse(body).ipam, {
      type: 'whereabouts',
      range: '192.168.1.0/24',
      range_start: '192.168.1.200',
      range_end: '192.168.1.216',
      gateway: '192.168.1.1',
      exclude: ['192.168.1.1/32'],
      routes: [{ dst: '0.0.0.0/0' }],
    });
  });

  it('rewrites an escaped one-line config as a readable block, and back', () => {
    const escaped = nad(`"{\\"cniVersion\\":\\"0.3.1\\",\\"type\\":\\"macvlan\\",§\\"master\\":\\"eth0\\"}"`);
    const { actions, text } = actionsAt(escaped);
    const block = apply(text, find(actions, /as a readable `config: \|` block/));
    assert.ok(
      block.includes(
        '  config: |\n    {\n      "cniVersion": "0.3.1",\n      "type": "macvlan",\n      "master": "eth0"\n    }\n',
      ),
      block,
    );
    const again = actionsAt(block.replace('"type"', '§"type"'));
    const back = apply(again.text, find(again.actions, /on one line/));
    assert.ok(back.includes(`  config: '{ "cniVersion": "0.3.1", "type": "macvlan", "master": "eth0" }'\n`), back);
  });

  it("replaces a selection element's gateway key by default-route", () => {
    const pod = seed('samplepod.yaml').replace(
      'networks: macvlan-conf',
      `networks: '[{"name": "macvlan-conf", §"gateway": "192.168.1.1"}]'`,
    );
    const { actions, text } = actionsAt(pod, { 'file:///ws/nad.yaml': seed('macvlan-conf.yaml') });
    const fix = find(actions, /Replace "gateway" by "default-route"/);
    assert.ok(
      fix?.diagnostics?.some((d) => d.code === 'annotation-selection-gateway-key'),
      JSON.stringify(fix?.diagnostics),
    );
    assert.ok(apply(text, fix).includes(`'[{"name": "macvlan-conf", "default-route": ["192.168.1.1"]}]'`));
  });

  it("applies the engine's did-you-mean for a NAD name in the networks annotation", () => {
    const pod = seed('samplepod.yaml').replace('networks: macvlan-conf', 'networks: macvlan-cnf§');
    const { actions, text, diagnostics } = actionsAt(pod, { 'file:///ws/nad.yaml': seed('macvlan-conf.yaml') });
    assert.ok(diagnostics.some((d) => d.code === 'reference-not-found'));
    const fix = find(actions, /Change the network to "macvlan-conf"/);
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.ok(apply(text, fix).includes('k8s.v1.cni.cncf.io/networks: macvlan-conf\n'));
  });

  it('rewrites a subnet with host bits to its network address, as the engine suggests', () => {
    const marked = seed('macvlan-conf.yaml')
      .replace('"192.168.1.0/24"', '"192.168.1.5/24"')
      .replace('"subnet"', '§"subnet"');
    const { actions, text, diagnostics } = actionsAt(marked);
    const hostBits = diagnostics.find((d) => d.code === 'ipam-subnet-host-bits');
    assert.ok(hostBits, diagnostics.map((d) => d.code).join(','));
    const fix = find(actions, /Change "192\.168\.1\.5\/24" to "192\.168\.1\.0\/24"/);
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.ok(apply(text, fix).includes('"subnet": "192.168.1.0/24"'));
  });

  it('renames spec.Config, which the API server would prune, to spec.config', () => {
    const marked = seed('macvlan-conf.yaml').replace('  config:', '  §Config:');
    const { actions, text } = actionsAt(marked);
    const fix = find(actions, /Change "Config" to "config"/);
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(apply(text, fix), seed('macvlan-conf.yaml'));
  });
});

describe('a request for the whole file (Rewrite as a Block Scalar with the cursor elsewhere, issue 18)', () => {
  const wholeFile = (text: string) => {
    const fixture = openWithCursor(`§${text}`);
    const lines = text.split('\n');
    const range = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: 0 } };
    return fixture.service.codeActions({ uri: fixture.uri, range, diagnostics: [] });
  };

  it("offers the block rewrite of a one-NAD file's config", () => {
    const text = nad(`'{"cniVersion": "0.3.1", "type": "macvlan", "master": "eth0"}'`);
    const rewrite = find(wholeFile(text), /block/i);
    assert.ok(rewrite, 'a block rewrite');
    assert.match(apply(text, rewrite), /config: \|\n/);
  });

  it('offers nothing to rewrite when the file holds two NADs', () => {
    const config = `'{"cniVersion": "0.3.1", "type": "macvlan", "master": "eth0"}'`;
    assert.equal(find(wholeFile(`${nad(config, 'a')}---\n${nad(config, 'b')}`), /block/i), undefined);
  });
});
