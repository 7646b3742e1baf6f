import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isScalar, type Scalar } from 'yaml';
import { mapScalarSource } from '../../engine';
import { parseManifestDocuments } from '../../engine/manifest/yamlDocuments';
import { checkProperty } from './fuzzSettings';

type Style = 'literal' | 'folded' | 'single' | 'double-escaped' | 'double-multiline' | 'plain';

const HEAD = 'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: n\nspec:\n';

/** Writes `text` as the value of spec.config in one YAML scalar style. */
function renderConfig(text: string, style: Style, indent: string, chomp: string): string {
  const lines = text.split('\n');
  switch (style) {
    case 'literal':
    case 'folded':
      return `  config: ${style === 'literal' ? '|' : '>'}${chomp}\n${lines.map((l) => indent + l).join('\n')}\n`;
    case 'single':
      return `  config: '${lines.map((l) => l.replace(/'/g, "''")).join(`\n${indent}`)}'\n`;
    case 'double-escaped':
      return `  config: ${JSON.stringify(text)}\n`;
    case 'double-multiline':
      return `  config: "${lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"')).join(`\n${indent}`)}"\n`;
    case 'plain':
      return `  config: cfg ${lines.join(`\n${indent}`)}\n`;
  }
}

const styleArbitrary = fc.constantFrom<Style>(
  'literal',
  'folded',
  'single',
  'double-escaped',
  'double-multiline',
  'plain',
);

/** JSON as users write it: compact, two-space or tab indented, ASCII or any Unicode. */
const jsonTextArbitrary = fc
  .tuple(
    fc.oneof(fc.json({ maxDepth: 4 }), fc.json({ maxDepth: 3, stringUnit: 'binary' })),
    fc.constantFrom(undefined, 2, 4, '\t'),
  )
  .map(([json, space]) => JSON.stringify(JSON.parse(json), null, space));

/** The decoded character at `index` is the file character at its offset, unless an escape or a folded break made it. */
function assertSameCharacter(fileText: string, text: string, offsets: Int32Array, index: number): void {
  const at = offsets[index];
  const source = fileText[at];
  const decoded = text[index];
  if (source === '\\') return;
  if ((source === '\n' || source === '\r') && (decoded === ' ' || decoded === '\n')) return;
  // The second UTF-16 unit of a literal astral character shares its first unit's offset.
  const lowHalf = index > 0 && offsets[index - 1] === at && fileText[at + 1] === decoded;
  assert.ok(
    source === decoded || lowHalf,
    `decoded[${index}] ${JSON.stringify(decoded)} <- file[${at}] ${JSON.stringify(source)}`,
  );
}

describe('spec.config offset map: random JSON in every YAML scalar style (the yaml library is the oracle)', () => {
  it('decoded index -> file offset -> the same character, in order, inside the scalar', () => {
    const checkedByStyle = new Map<Style, number>();
    const property = fc.property(
      jsonTextArbitrary,
      styleArbitrary,
      fc.constantFrom('    ', '      '),
      fc.constantFrom('', '-', '+', '2'),
      fc.boolean(),
      (json, style, indent, chomp, crlf) => {
        const blockChomp = chomp === '2' ? (indent.length === 4 ? '2' : '') : chomp;
        let fileText = HEAD + renderConfig(json, style, indent, blockChomp);
        if (crlf) fileText = fileText.replace(/\n/g, '\r\n');
        const [document] = parseManifestDocuments(fileText);
        const node = document?.tree.getIn(['spec', 'config'], true);
        // Some texts are not a string scalar in that style (plain `cfg a: b`, a stray `#`): not this property's case.
        fc.pre(document.problems.length === 0 && isScalar(node) && typeof (node as Scalar).value === 'string');
        checkedByStyle.set(style, (checkedByStyle.get(style) ?? 0) + 1);
        const scalar = node as Scalar<string>;
        const map = mapScalarSource(fileText, scalar);
        assert.ok(map, 'a string scalar has a map');
        assert.equal(map.text, scalar.value, 'decoded text equals the yaml library value');
        assert.equal(map.exact, true, 'offsets are exact');
        assert.equal(map.offsets.length, map.text.length + 1);
        const [start, , end] = scalar.range as [number, number, number];
        for (let i = 0; i <= map.text.length; i++) {
          assert.ok(map.offsets[i] >= start && map.offsets[i] <= end, `offset ${i} inside the scalar`);
          if (i > 0) assert.ok(map.offsets[i] >= map.offsets[i - 1], `offset ${i} not before offset ${i - 1}`);
          if (i < map.text.length) assertSameCharacter(fileText, map.text, map.offsets, i);
          // A quote written as `''` maps to the first of the pair (a range over it covers the escape).
          if (style === 'single' && map.text[i] === "'") {
            assert.equal(fileText.slice(map.offsets[i], map.offsets[i] + 2), "''", `decoded[${i}] is a '' escape`);
          }
        }
      },
    );
    checkProperty('scalar offset map', property, 2000);
    // Guards the generator: every style must really be exercised, not filtered away.
    for (const style of ['literal', 'folded', 'single', 'double-escaped', 'double-multiline', 'plain'] as const) {
      assert.ok((checkedByStyle.get(style) ?? 0) >= 20, `${style}: ${checkedByStyle.get(style) ?? 0} cases checked`);
    }
  });
});
