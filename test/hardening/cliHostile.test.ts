import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as hostile from './hostileInputs';
import { ROOT } from './inputFiles';

interface CheckJson {
  readonly files: number;
  readonly diagnostics: {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    code: string;
    severity: string;
  }[];
  readonly skipped?: { file: string; reason: string }[];
}

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'multus-nad.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  assert.doesNotMatch(run.stderr, /\n\s+at /, `no stack trace: ${run.stderr}`);
  return run;
}

/** Every reported position exists in the file as the CLI decoded it (UTF-8, U+FFFD for bad bytes). */
function assertPositionsInside(result: CheckJson, textOf: (file: string) => string): void {
  for (const d of result.diagnostics) {
    const lines = textOf(d.file).split(/\r\n|\r|\n/);
    for (const [line, column] of [
      [d.line, d.column],
      [d.endLine, d.endColumn],
    ]) {
      assert.ok(line >= 1 && line <= lines.length, `${d.code}: line ${line} of ${lines.length}`);
      assert.ok(column >= 1 && column <= lines[line - 1].length + 1, `${d.code}: column ${column} on line ${line}`);
    }
  }
}

describe('the built CLI on hostile files and folders: a clear outcome, never a stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'multus-nad-cli-hostile-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('invalid UTF-8 inside a NAD: checked (exit 1), positions inside the decoded text', () => {
    const file = join(dir, 'bad-utf8.yaml');
    const nad = hostile.nadWithBlockConfig('x', '{"type": "macvlan", "master": "eth0"}');
    // Right after the JSON's opening brace: the replacement characters are a JSON syntax error.
    const at = nad.indexOf('{') + 1;
    const bad = Buffer.from([0xff, 0xc3, 0x28]);
    writeFileSync(file, Buffer.concat([Buffer.from(nad.slice(0, at)), bad, Buffer.from(nad.slice(at))]));
    const run = cli('check', '--format', 'json', file);
    assert.equal(run.status, 1, run.stderr);
    const result = JSON.parse(run.stdout) as CheckJson;
    assert.ok(result.diagnostics.some((d) => d.code === 'json-syntax'));
    assertPositionsInside(result, () => readFileSync(file, 'utf8'));
  });

  it('binary garbage, an empty file and a file of only --- markers are skipped with a reason (exit 0)', () => {
    const folder = join(dir, 'odd');
    mkdirSync(folder);
    writeFileSync(join(folder, 'garbage.yaml'), hostile.garbageBytes(100_000, 7));
    writeFileSync(join(folder, 'empty.yaml'), '');
    writeFileSync(join(folder, 'markers.yaml'), '---\n---\n');
    const run = cli('check', '--format', 'json', folder);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as CheckJson;
    assert.deepEqual((result.skipped ?? []).map((s) => s.file.split('/').pop()).sort(), [
      'empty.yaml',
      'garbage.yaml',
      'markers.yaml',
    ]);
    assert.ok((result.skipped ?? []).every((s) => s.reason.length > 0));
  });

  it('a folder with a symlink back to its parent is walked once (it used to recurse until ENAMETOOLONG)', () => {
    const folder = join(dir, 'loop');
    cpSync(join(ROOT, 'examples', 'seed-lab'), folder, { recursive: true });
    mkdirSync(join(folder, 'sub'));
    symlinkSync('..', join(folder, 'sub', 'back'));
    const run = cli('check', '--format', 'json', folder);
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as CheckJson).files, 3);
  });

  it('a broken symlink named *.yaml in a folder: exit 2 naming it (it used to crash with ENOENT)', () => {
    const folder = join(dir, 'dangling');
    mkdirSync(folder);
    symlinkSync(join(dir, 'nowhere.yaml'), join(folder, 'gone.yaml'));
    const run = cli('check', folder);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /gone\.yaml: cannot read/);
  });

  it('the seed lab with a BOM and CRLF line ends previews exactly as the original', () => {
    const folder = join(dir, 'crlf');
    mkdirSync(folder);
    for (const name of ['macvlan-conf.yaml', 'samplepod.yaml', 'samplepod2.yaml']) {
      const text = readFileSync(join(ROOT, 'examples', 'seed-lab', name), 'utf8');
      writeFileSync(join(folder, name), `\ufeff${text.replace(/\n/g, '\r\n')}`);
    }
    const original = cli('preview', '--format', 'network-status', join(ROOT, 'examples', 'seed-lab'));
    const converted = cli('preview', '--format', 'network-status', folder);
    assert.equal(converted.status, 0, converted.stderr);
    assert.equal(converted.stdout, original.stdout);
  });
});
