import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../tempDir';
import { killStaleGroups, spawnGroup } from './harness/processGroups';

// Issue 11: a killed run left its etcd and kube-apiserver running (PPID 1) and their folder in /tmp.
// This file runs itself as the "test process" that gets killed: with GROUP_CHILD_DIR set it starts
// a group the way the control plane does, prints the group's pid, and waits to be killed.
const childDir = process.env.GROUP_CHILD_DIR;
if (childDir) {
  const group = spawnGroup('sleep', ['300'], join(childDir, 'sleep.log'));
  process.stdout.write(`${group.pid}\n`);
  setInterval(() => undefined, 1000);
} else {
  describe('the control plane harness after a killed run', () => {
    it('the next start kills the process groups the killed run left and removes their folder', async () => {
      const dir = join(tempDir('groups'), 'cp');
      mkdirSync(dir);
      const child = spawn(process.execPath, [__filename], { env: { ...process.env, GROUP_CHILD_DIR: dir } });
      const pid = Number(await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d)))));
      child.kill('SIGKILL'); // no exit handler runs: what it started stays behind
      await new Promise((resolve) => child.once('exit', resolve));
      assert.equal(
        readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0],
        'sleep',
        'the group outlived its owner',
      );

      killStaleGroups();

      await waitUntil(() => !existsSync(`/proc/${pid}`) || isZombie(pid));
      assert.equal(existsSync(dir), false, `${dir} was left behind`);
    });
  });
}

function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(done(), 'the stale group is still running');
}
