import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scalar } from 'yaml';
import { mapScalarSource } from '../../engine';
import { parseManifestDocuments } from '../../engine/manifest/yamlDocuments';
import { runEngine } from './engineInvariants';
import { deepJsonNad, nadWithBlockConfig, podWithNetworks } from './hostileInputs';

/**
 * Inputs the properties found, kept as plain tests so they run first and stay fixed. Each
 * names the property and the seed that found it.
 */
describe('hardening regressions', () => {
  it('a YAML error at the very end of a half-typed file stays inside the document (engine prefixes, CI seed)', () => {
    // The yaml library reports "missing value" at [length, length + 1].
    const text = 'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: [a';
    const diagnostics = runEngine(text);
    assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax' && d.range[1] === text.length));
  });

  it('rules on a value cut off at the end of the file stay inside it (engine prefixes, CI seed)', () => {
    // Prefixes of corpus/antrea-io__antrea/e2e-sriov-nad.yaml and multi-net-spec v1-4.1-annotation-formats.yaml.
    const nad =
      'apiVersion: "k8s.cni.cncf.io/v1"\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: sriov-net1\nspec:\n  config: ';
    const pod = 'kind: Pod\nmetadata:\n  name: my-pod\n  annotations:\n    k8s.v1.cni.cncf.io/networks: net-a,net-b,';
    for (const text of [nad, pod]) {
      const diagnostics = runEngine(text);
      assert.ok(
        diagnostics.some((d) => d.range[1] === text.length),
        'a diagnostic at the very end',
      );
    }
  });

  it('config values of the wrong type reach String() and the renderer safely (config type confusion)', () => {
    // Found by configConfusion.property.test.ts: seed 20261129 ("cniVersion": [{}] in the schema
    // rules), seed 1458257581 ("mac": " " in the ip address renderer), and "subnet": {} in host-local.
    const base = {
      cniVersion: '0.3.0',
      type: 'macvlan',
      master: 'eth0',
      ipam: { type: 'host-local', subnet: '10.1.0.0/24' },
    };
    const variants = [
      { ...base, cniVersion: [{}] },
      { ...base, mac: ' ' },
      { ...base, ipam: { ...base.ipam, subnet: {} } },
      { ...base, ipam: { ...base.ipam, routes: [{ dst: {} }] } },
    ];
    for (const config of variants) {
      const text = [nadWithBlockConfig('net', JSON.stringify(config)), podWithNetworks('p', 'net')].join('---\n');
      runEngine(text); // read, check, preview and render: threw before the fixes
    }
  });

  it('names every object inherits are not found in lookup tables (config type confusion)', () => {
    // "type": "constructor" found Object's constructor in VERSION_FLOORS, PLUGIN_RULES and PLUGIN_SCHEMAS.
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', '__defineGetter__']) {
      const config = { cniVersion: '0.3.1', type: name, ipam: { type: name } };
      const nad = nadWithBlockConfig('net', JSON.stringify(config));
      const workload = `apiVersion: apps/v1\nkind: ${name}\nmetadata:\n  name: w\nspec:\n  template: {}\n`;
      runEngine([nad, podWithNetworks('p', 'net'), workload].join('---\n'));
    }
  });

  it('spec.config nested just under the checked depth is checked without a stack overflow', () => {
    // At a limit of 4000 levels, 2500 overflowed Node's default stack in getNodeValue (found
    // while building the rule-failure test); now deeper than 1000 is json-not-checked.
    for (const depth of [999, 1001, 2500, 3999]) {
      const codes = runEngine(deepJsonNad(depth)).map((d) => d.code);
      assert.equal(codes.includes('json-not-checked'), depth > 1000, `${depth}: ${codes.join(', ')}`);
    }
  });

  it('a scalar node from a longer text is mapped inexactly, not decoded past the end (server prefixes)', () => {
    // readManifestSet reads pods from a lenient re-indented copy of the text; the server mapped
    // their annotation nodes against the file text and threw on a prefix of the bond-cni README.
    const longer = 'metadata:\n  annotations:\n    k8s.v1.cni.cncf.io/networks: \'[\n      {"name": "a"}]\'\n';
    const [document] = parseManifestDocuments(longer);
    const node = document.tree.getIn(['metadata', 'annotations', 'k8s.v1.cni.cncf.io/networks'], true) as Scalar;
    const map = mapScalarSource(longer.slice(0, 60), node);
    assert.equal(map?.exact, false);
    assert.equal(map?.text, node.value);
  });
});
