import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_CLUSTER,
  checkManifestSet,
  formatPrefix,
  formatPreviewText,
  previewPods,
  readManifestSet,
  type EngineDiagnostic,
} from '../../engine';
import { assertDiagnosticInside, runEngine } from './engineInvariants';
import * as hostile from './hostileInputs';
import { ROOT } from './inputFiles';

/** Checks a text, asserting every diagnostic lies inside it. */
function check(text: string): EngineDiagnostic[] {
  const diagnostics = checkManifestSet(readManifestSet([{ path: 'hostile.yaml', text }]));
  for (const diagnostic of diagnostics) assertDiagnosticInside(diagnostic, 'hostile.yaml', text.length);
  return diagnostics;
}

function withCode(diagnostics: readonly EngineDiagnostic[], code: string): EngineDiagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

function preview(text: string) {
  const set = readManifestSet([{ path: 'hostile.yaml', text }]);
  return previewPods(set.nads, set.pods, DEFAULT_CLUSTER);
}

const seedLab = ['macvlan-conf.yaml', 'samplepod.yaml', 'samplepod2.yaml']
  .map((name) => readFileSync(join(ROOT, 'examples', 'seed-lab', name), 'utf8'))
  .join('\n---\n');

describe('hostile and huge inputs get a clear diagnostic', () => {
  it('YAML alias bomb (billion laughs): yaml-alias-limit, not expanded', () => {
    const [bomb] = withCode(check(hostile.aliasBomb()), 'yaml-alias-limit');
    assert.equal(bomb?.severity, 'error');
    assert.match(bomb.message, /aliases expand to more than \d+ nodes/);
  });

  it('past the editor caps (5001 documents, over 2,000,000 characters): the engine checks the last document too', () => {
    const padding = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: pad}\ndata: {x: ${'y'.repeat(400)}}\n`;
    const text = [
      ...Array<string>(5001).fill(padding),
      hostile.nadWithBlockConfig('last', '{"type": "macvlan",}'),
    ].join('---\n');
    assert.ok(text.length > 2_000_000);
    const diagnostics = check(text);
    assert.deepEqual(withCode(diagnostics, 'manifest-too-large'), []);
    const [syntax] = withCode(diagnostics, 'json-syntax');
    assert.ok(syntax && syntax.range[0] > 2_000_000, 'the broken config at the end is reported');
  });

  it('a 1 MB single-line double-quoted JSON: a syntax error at its end lands on the exact character', () => {
    const text = hostile.singleLineJsonNad(1_000_000).replace(/}}"\n$/, '},}}"\n');
    const syntax = withCode(check(text), 'json-syntax');
    assert.ok(syntax.length > 0, 'json-syntax reported');
    assert.equal(text[syntax[0].range[0]], '}', 'points at the "}" after the trailing comma');
    assert.ok(syntax[0].range[0] > 900_000);
  });

  it('JSON nested 100,000 deep: json-too-deep as Go says it (exceeded max depth); 5000 deep: not checked', () => {
    const [tooDeep] = withCode(check(hostile.deepJsonNad(100_000)), 'json-too-deep');
    assert.equal(tooDeep?.severity, 'error');
    assert.match(tooDeep.message, /exceeded max depth/);
    const [notChecked] = withCode(check(hostile.deepJsonNad(5000)), 'json-not-checked');
    assert.equal(notChecked?.severity, 'warning', 'a limit that leaves a config unchecked is a warning (issue 20)');
  });

  it('YAML nested 100,000 deep (flow) and 3000 deep (block): yaml-too-deep, no stack overflow escapes', () => {
    for (const text of [hostile.deepYamlFlow(100_000), hostile.deepYamlBlock(3000)]) {
      const [deep] = withCode(check(text), 'yaml-too-deep');
      assert.equal(deep?.severity, 'error');
      assert.match(deep.message, /nested too deep/);
      runEngine(text);
    }
  });

  it('binary garbage and arbitrary UTF-16 (lone surrogates, NUL): no exception, positions valid', () => {
    for (let seed = 1; seed <= 8; seed++) {
      runEngine(hostile.garbageBytes(100_000, seed).toString('utf8'));
      runEngine(hostile.garbageText(50_000, seed));
      runEngine(seedLab.slice(0, 300) + hostile.garbageText(2000, seed) + seedLab.slice(300));
    }
  });

  it('invalid UTF-8 decoded the way the CLI and server read files (U+FFFD) inside spec.config', () => {
    const bytes = Buffer.concat([
      Buffer.from(seedLab.slice(0, 200)),
      Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82]),
      Buffer.from(seedLab.slice(200)),
    ]);
    const diagnostics = runEngine(bytes.toString('utf8'));
    assert.ok(diagnostics.length > 0, 'the replacement characters break the JSON and are reported');
  });

  it('a BOM: the seed lab previews exactly as without it', () => {
    assert.deepEqual(withCode(check(`\ufeff${seedLab}`), 'yaml-syntax'), []);
    assert.equal(formatPreviewText(preview(`\ufeff${seedLab}`)), formatPreviewText(preview(seedLab)));
  });

  it('CRLF line ends: the same preview, and a JSON error maps to the exact character', () => {
    const crlf = seedLab.replace(/\n/g, '\r\n');
    assert.equal(formatPreviewText(preview(crlf)), formatPreviewText(preview(seedLab)));
    const broken = crlf.replace('"mode": "bridge",', '"mode": "bridge" ');
    const [syntax] = withCode(check(broken), 'json-syntax');
    assert.ok(syntax, 'json-syntax reported');
    assert.equal(
      broken.slice(syntax.range[0], syntax.range[0] + 6),
      '"ipam"',
      'points at the key after the missing comma',
    );
  });

  it('tabs: as YAML indentation a yaml-syntax error that says so; inside the JSON of a block scalar, fine', () => {
    const [tabs] = withCode(check('apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n'), 'yaml-syntax');
    assert.match(tabs?.message ?? '', /[Tt]ab/);
    const tabbedJson = hostile.nadWithBlockConfig('t', '{\n\t"cniVersion": "0.3.1",\n\t"type": "macvlan"\n}');
    assert.deepEqual(withCode(check(tabbedJson), 'json-syntax'), []);
  });

  it('a /0 IPv4 range and a /8 IPv6 range allocate without enumerating (gateway .1 skipped)', () => {
    const text = [
      hostile.wideRangeNad('wide4', '0.0.0.0/0'),
      hostile.wideRangeNad('wide6', 'fd00::/8'),
      hostile.podWithNetworks('p1', 'wide4,wide6'),
      hostile.podWithNetworks('p2', 'wide4,wide6'),
    ].join('---\n');
    const addresses = preview(text).map((pod) =>
      pod.interfaces.filter((i) => i.name !== 'eth0').flatMap((i) => i.addresses.map(formatPrefix)),
    );
    assert.deepEqual(addresses, [
      ['0.0.0.2/0', 'fd00::2/8'],
      ['0.0.0.3/0', 'fd00::3/8'],
    ]);
  });

  it('an annotation with 10,000 networks: the first 250 are previewed with distinct addresses, a note says so', () => {
    const text = [hostile.wideRangeNad('many', '10.0.0.0/8'), hostile.podWithManyNetworks(10_000, 'many')].join(
      '---\n',
    );
    runEngine(text);
    const [pod] = preview(text);
    assert.equal(pod.error, undefined);
    const secondary = pod.interfaces.filter((i) => i.name !== 'eth0');
    assert.equal(secondary.length, 250);
    assert.equal(secondary[249].name, 'net250');
    assert.equal(new Set(secondary.map((i) => formatPrefix(i.addresses[0]))).size, 250);
    assert.ok(pod.notes.some((note) => /asks for 10000 networks; the preview attaches the first 250/.test(note)));
  });
});
