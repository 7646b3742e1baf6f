import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './cliRunner';
import { tempDir } from '../tempDir';

// Issue 18 point 10: `check` of a folder without YAML said "0 files" and exited 0, so a CI job
// with a wrong path passed. Now it says so and exits 2, as ESLint does for a pattern that matches nothing.
describe('check on a folder with no manifest', () => {
  it('says no YAML manifest was found and exits 2', () => {
    const dir = tempDir('empty');
    writeFileSync(join(dir, 'README.md'), '# not a manifest\n');
    const run = runCli('check', dir);
    assert.equal(run.status, 2, run.stdout);
    assert.match(run.stderr, /no YAML manifest \(\*\.yaml, \*\.yml\) found in /);
    assert.equal(run.stdout, '');
  });
});
