import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../tempDir';
import { runCli } from './cliRunner';

// Issue 20, "nothing unchecked passes": the CLI checks every document it is given. The editor
// keeps its per-file caps (5000 documents / 2,000,000 characters used to apply to the CLI too, so
// every NAD past them reached the cluster unchecked); a limit that still leaves something
// unchecked is a warning, counted by --fail-on warning and named in the summary line.

const dir = tempDir('every');

function nad(name: string, config: string): string {
  const body = config.replace(/^/gm, '    ');
  return `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\nspec:\n  config: |\n${body}\n`;
}

/** 5,001 ConfigMaps of about 450 characters each, then a NAD whose config has a trailing comma. */
function pastTheEditorCaps(): string {
  const padding = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pad\ndata:\n  x: ${'y'.repeat(400)}\n`;
  const last = nad('last', '{\n  "cniVersion": "0.4.0",\n  "type": "macvlan",\n}');
  return [...Array<string>(5001).fill(padding), last].join('---\n');
}

describe('check reads every document of a file (issue 20)', () => {
  it('a broken NAD after 5,001 documents and 2,000,000 characters is an error, exit 1', () => {
    const text = pastTheEditorCaps();
    assert.ok(text.length > 2_000_000, `${text.length} characters`);
    const file = join(dir, 'rendered.yaml');
    writeFileSync(file, text);
    const run = runCli('check', file);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    const lastLine = text.split('\n').length;
    // The trailing comma sits before the closing brace, the config's last line (the file's last but one).
    assert.match(run.stdout, new RegExp(`rendered\\.yaml:${lastLine - 1}:\\d+: error json-syntax`));
    assert.doesNotMatch(run.stdout, /manifest-too-large|not checked/);
    assert.match(run.stdout, /^1 error, 0 warnings, 0 information in 1 file$/m);
  });

  it('a config nested deeper than the checks go: a json-not-checked warning, --fail-on warning fails, the summary names it', () => {
    const deep = `{"cniVersion": "0.4.0", "type": "macvlan", "x": ${'['.repeat(1500)}${']'.repeat(1500)}}`;
    const file = join(dir, 'deep.yaml');
    writeFileSync(file, nad('deep', deep));
    const lenient = runCli('check', file);
    assert.equal(lenient.status, 0, lenient.stdout + lenient.stderr);
    assert.match(lenient.stdout, /deep\.yaml:7:5: warning json-not-checked: spec\.config nests 1501 levels deep/);
    assert.match(lenient.stdout, /^0 errors, 1 warning, \d+ information in 1 file; not checked: 1 json-not-checked$/m);
    const strict = runCli('check', '--fail-on', 'warning', '--quiet', file);
    assert.equal(strict.status, 1, strict.stdout + strict.stderr);
    assert.match(strict.stdout, /; not checked: 1 json-not-checked$/m, 'named even when --quiet prints errors only');
  });
});
