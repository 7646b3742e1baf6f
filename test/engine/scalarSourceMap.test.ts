import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isScalar, type Scalar } from 'yaml';
import { mapScalarSource, type ScalarSourceMap } from '../../engine/manifest/scalarSourceMap';
import { nodeAtPath, parseManifestDocuments } from '../../engine/manifest/yamlDocuments';

/** Decodes `spec.config` of the first document; the yaml library's own value is the oracle for the text. */
function mapConfig(text: string): { map: ScalarSourceMap; expected: string } {
  const [document] = parseManifestDocuments(text);
  assert.deepEqual(document.problems, [], 'fixture must be valid YAML');
  const node = nodeAtPath(document.tree, ['spec', 'config']);
  assert.ok(isScalar(node));
  const map = mapScalarSource(text, node as Scalar);
  assert.ok(map);
  return { map, expected: (node as Scalar).value as string };
}

/**
 * Every decoded character must come from a source character that explains it: itself, a line
 * break folded into a space or newline, an escape's backslash, or the first quote of `''`.
 */
function assertEveryOffsetExplains(text: string, map: ScalarSourceMap): void {
  for (let i = 0; i < map.text.length; i++) {
    const decoded = map.text[i];
    const source = text[map.offsets[i]];
    const explained =
      source === decoded ||
      ((decoded === ' ' || decoded === '\n') && (source === '\n' || source === '\r')) ||
      source === '\\' ||
      (decoded === "'" && source === "'");
    assert.ok(explained, `index ${i}: decoded ${JSON.stringify(decoded)} from source ${JSON.stringify(source)}`);
  }
}

/** The file offset of the decoded substring `needle`, through the map. */
function fileOffsetOf(map: ScalarSourceMap, needle: string): number {
  const index = map.text.indexOf(needle);
  assert.ok(index >= 0, `${needle} not in decoded text`);
  return map.offsets[index];
}

function check(text: string, needles: string[]): ScalarSourceMap {
  const { map, expected } = mapConfig(text);
  assert.equal(map.text, expected);
  assert.equal(map.exact, true);
  assertEveryOffsetExplains(text, map);
  for (const needle of needles) {
    const at = fileOffsetOf(map, needle);
    assert.equal(text.slice(at, at + needle.length), needle, `${needle} maps to the same text in the file`);
  }
  return map;
}

const HEAD = 'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: n\nspec:\n';

describe('spec.config offset map (YAML 1.2 §7.3 flow and §8.1 block scalars)', () => {
  it('single-quoted, multi-line as in the seed lab: lines fold to spaces', () => {
    const text = `${HEAD}  config: '{\n      "cniVersion": "0.3.0",\n      "type": "macvlan"\n    }'\n`;
    check(text, ['"cniVersion"', '"0.3.0"', '"macvlan"']);
  });

  it("single-quoted with '' and an empty line (one newline kept)", () => {
    const text = `${HEAD}  config: '{"a": "it''s",\n\n    "b": 1}'\n`;
    const map = check(text, ['"a"', '"b"']);
    assert.equal(map.text, `{"a": "it's",\n"b": 1}`);
    // The decoded quote starts at the FIRST quote of `''`, so a range over it covers the whole escape.
    assert.equal(map.offsets[map.text.indexOf("'")], text.indexOf("''"));
  });

  it('double-quoted with escapes, an escaped line break and folding', () => {
    const text = `${HEAD}  config: "{\\"type\\": \\"ma\\\n    cvlan\\", \\"x\\": \\"\\u00e9\\x41\\t\\"\n    }"\n`;
    const map = check(text, []);
    assert.equal(map.text, '{"type": "macvlan", "x": "éA\t" }');
    // "type" starts at the escaped quote before it: the backslash in the file.
    const typeAt = map.offsets[map.text.indexOf('"type"')];
    assert.equal(text.slice(typeAt, typeAt + 2), '\\"');
    const cAt = map.offsets[map.text.indexOf('cvlan')];
    assert.equal(text.slice(cAt, cAt + 5), 'cvlan');
  });

  it('literal block, clip chomping', () => {
    const text = `${HEAD}  config: |\n    {\n      "type": "bridge",\n      "mtu": 1400\n    }\n`;
    const map = check(text, ['"bridge"', '"mtu"', '1400']);
    assert.ok(map.text.endsWith('}\n'));
  });

  it('literal block, strip chomping with a comment after the header and trailing empty lines', () => {
    const text = `${HEAD}  config: |- # the CNI config\n    {"type": "ptp"}\n\n\nnext: 1\n`;
    const map = check(text, ['"ptp"']);
    assert.equal(map.text, '{"type": "ptp"}');
  });

  it('literal block, keep chomping keeps every final line break', () => {
    const text = `${HEAD}  config: |+\n    {"type": "tap"}\n\n`;
    const map = check(text, ['"tap"']);
    assert.equal(map.text, '{"type": "tap"}\n\n');
  });

  it('literal block with an indentation indicator keeps extra indentation', () => {
    const text = `${HEAD}  config: |2\n      {"type":\n    "vlan"}\n`;
    const map = check(text, ['"vlan"']);
    assert.equal(map.text, '  {"type":\n"vlan"}\n');
  });

  it('folded block: lines fold, more-indented lines and empty lines keep their breaks', () => {
    const text = `${HEAD}  config: >\n    {"type":\n    "ipvlan",\n\n      "mode": "l2"\n    }\n`;
    const map = check(text, ['"ipvlan"', '"mode"', '"l2"']);
    assert.equal(map.text, '{"type": "ipvlan",\n\n  "mode": "l2"\n}\n');
  });

  it('folded block with strip chomping', () => {
    const text = `${HEAD}  config: >-\n    {"a":\n     1}\n`;
    check(text, ['"a"']);
  });

  it('CRLF line ends in a literal block and in a quoted scalar', () => {
    const literal = `${HEAD}  config: |\r\n    {\r\n      "type": "dummy"\r\n    }\r\n`.replace(/(?<!\r)\n/g, '\r\n');
    const map = check(literal, ['"dummy"']);
    assert.equal(map.text, '{\n  "type": "dummy"\n}\n');
    const quoted = `${HEAD}  config: '{\r\n    "type": "vrf"}'\r\n`.replace(/(?<!\r)\n/g, '\r\n');
    check(quoted, ['"vrf"']);
  });

  it('tabs inside a literal block are content; tabs around a folded break are trimmed', () => {
    const literal = `${HEAD}  config: |\n    {\t"type": "sbr"}\n`;
    assert.equal(check(literal, ['"sbr"']).text, '{\t"type": "sbr"}\n');
    const quoted = `${HEAD}  config: '{"type": "tuning",\t\n    \t"mtu": 9000}'\n`;
    assert.equal(check(quoted, ['"mtu"']).text, '{"type": "tuning", "mtu": 9000}');
  });

  it('comments after the scalar are not part of it', () => {
    const text = `${HEAD}  config: '{"type": "bond"}'   # a comment\n`;
    const map = check(text, ['"bond"']);
    assert.equal(map.text, '{"type": "bond"}');
    assert.equal(text[map.offsets[map.text.length]], "'", 'the end maps to the closing quote');
  });

  it('plain multi-line scalars fold like quoted ones', () => {
    const text = `${HEAD}  config: not json\n    but plain # comment\n`;
    assert.equal(check(text, ['plain']).text, 'not json but plain');
  });

  it('maps a decoded index to the line and column a user sees (seed lab file)', () => {
    const text = `${HEAD}  config: '{\n      "cniVersion": "0.3.0",\n      "rangeStart": "192.168.1.200"\n    }'\n`;
    const { map } = mapConfig(text);
    const at = fileOffsetOf(map, '"rangeStart"');
    const before = text.slice(0, at).split('\n');
    assert.equal(before.length, 8, 'line 8 (1-based)');
    assert.equal(before[before.length - 1].length + 1, 7, 'column 7 (1-based)');
  });
});
