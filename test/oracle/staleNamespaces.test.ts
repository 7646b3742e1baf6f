import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { CniLab, describeOracle } from './cniHarness';

function namespaces(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0]);
}

// Issues 11 and 19: a run killed before its `finally` (SIGTERM, SIGKILL) left its namespaces; the
// next lab of the same prefix removes those whose creating process is gone, and no other.
describeOracle('namespaces a killed oracle run left behind', () => {
  it('the next lab removes them; a live process keeps its own', () => {
    const gone = spawnSync('true').pid; // exited: its namespaces are stale
    const stale = `mnadst-${gone}-1-host`;
    const live = `mnadst-${process.pid}-9-host`;
    execFileSync('ip', ['netns', 'add', stale]);
    execFileSync('ip', ['netns', 'add', live]);
    let lab: CniLab | undefined;
    try {
      lab = CniLab.create('mnadst');
      const now = namespaces();
      assert.ok(!now.includes(stale), `${stale} was left`);
      assert.ok(now.includes(live), `${live} was removed though its process runs`);
    } finally {
      lab?.dispose();
      for (const name of [stale, live]) spawnSync('ip', ['netns', 'delete', name]);
    }
  });
});
