import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
// node --test runs each file in its own process: its folders go when that process exits, pass or fail.
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new folder under the system temp folder, `multus-nad-<prefix>-XXXXXX`, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `multus-nad-${prefix}-`));
  made.push(dir);
  return dir;
}
