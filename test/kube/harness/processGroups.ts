// The control plane's processes (etcd, kube-apiserver, ...) each run in their own process group, so
// stopping one stops whatever it forked, and each group is recorded in a pid file. The groups are
// killed when the test process exits or is signalled, and a test process that was killed outright
// (SIGKILL, a lost CI runner) leaves pid files the next start uses to kill what it left (issue 11:
// orphaned apiservers with PPID 1 an hour after a killed run).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Shared by every clone and run on the machine; a file per group names its owner. */
const RUN_DIR = join(tmpdir(), 'multus-nad-control-planes');

interface GroupRecord {
  /** The test process that started the group. */
  readonly owner: number;
  /** The group leader's pid, which is also the group id. */
  readonly pgid: number;
  /** The executable's file name, checked before a stale group is killed (pids are reused). */
  readonly command: string;
  /** The folder of its log and data, removed with a stale group (a killed run left them in /tmp). */
  readonly workDir: string;
}

const groups = new Map<number, ChildProcess>();

function recordPath(pgid: number): string {
  return join(RUN_DIR, `${pgid}.json`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandOf(pid: number): string | undefined {
  try {
    return basename(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]);
  } catch {
    return undefined;
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Kills the groups recorded by test processes that no longer exist. */
export function killStaleGroups(): void {
  let files: string[];
  try {
    files = readdirSync(RUN_DIR);
  } catch {
    return;
  }
  for (const file of files) {
    const path = join(RUN_DIR, file);
    let record: GroupRecord;
    try {
      record = JSON.parse(readFileSync(path, 'utf8')) as GroupRecord;
    } catch {
      rmSync(path, { force: true });
      continue;
    }
    if (isAlive(record.owner)) continue;
    if (commandOf(record.pgid) === record.command) killGroup(record.pgid, 'SIGKILL');
    if (record.workDir) rmSync(record.workDir, { recursive: true, force: true });
    rmSync(path, { force: true });
  }
}

/** Starts `command` as the leader of a new process group, its output appended to `logFile`. */
export function spawnGroup(command: string, args: string[], logFile: string): ChildProcess {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', log, log], detached: true });
  const pgid = child.pid;
  if (pgid === undefined) return child;
  mkdirSync(RUN_DIR, { recursive: true });
  const record: GroupRecord = { owner: process.pid, pgid, command: basename(command), workDir: dirname(logFile) };
  writeFileSync(recordPath(pgid), JSON.stringify(record));
  groups.set(pgid, child);
  child.once('exit', () => {
    // What the leader forked may outlive it.
    killGroup(pgid, 'SIGKILL');
    groups.delete(pgid);
    rmSync(recordPath(pgid), { force: true });
  });
  return child;
}

/** Signals a group started by `spawnGroup`. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined) killGroup(child.pid, signal);
}

function killAll(): void {
  for (const pgid of groups.keys()) {
    killGroup(pgid, 'SIGKILL');
    rmSync(recordPath(pgid), { force: true });
  }
  groups.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}
