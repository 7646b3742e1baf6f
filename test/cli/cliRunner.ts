import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI (bin/multus-nad.js -> dist/cli.js) from the repository root, as a user would. */
export function runCli(...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'multus-nad.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs the built CLI with standard input and a working directory of the test's choosing. */
export function runCliWith(options: { input?: string; cwd?: string }, ...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'multus-nad.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
