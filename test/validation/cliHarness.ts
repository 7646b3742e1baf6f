// Runs the built CLI the way a CI pipeline does and reads its JSON output (ARCHITECTURE.md "CLI contract").
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures/validation');

export interface CliDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly data?: Record<string, unknown>;
}

export interface CheckRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[]): CheckRun {
  const child = spawnSync(process.execPath, [join(ROOT, 'bin/multus-nad.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

export function checkJson(paths: readonly string[]): {
  status: number | null;
  files: number;
  diagnostics: CliDiagnostic[];
  skipped: { file: string; reason: string }[];
} {
  const run = runCli(['check', '--format', 'json', ...paths]);
  const parsed = JSON.parse(run.stdout) as { files: number; diagnostics: CliDiagnostic[]; skipped: [] };
  return { status: run.status, ...parsed };
}

/** 1-based line and column (UTF-16 units) of the `occurrence`-th `needle` at or after `from`. */
export function positionOf(text: string, needle: string, occurrence = 1, from = 0): { line: number; column: number } {
  let at = from - 1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
