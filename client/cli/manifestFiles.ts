import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestFile } from '../../engine';

/** A CLI usage or I/O problem: reported on stderr with exit code 2. */
export class CliInputError extends Error {}

/**
 * Reads the YAML files named on the command line; folders are walked recursively for
 * `*.yaml` / `*.yml`, in path order, so output order is stable across machines.
 */
export function readManifestFiles(paths: readonly string[]): ManifestFile[] {
  return paths.flatMap((path) => expand(path)).map((path) => ({ path, text: readText(path) }));
}

function expand(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new CliInputError(`${path}: no such file or directory`);
  }
  if (!stats.isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => {
      const child = join(path, entry);
      if (statSync(child).isDirectory()) return entry === 'node_modules' || entry.startsWith('.') ? [] : expand(child);
      return /\.ya?ml$/i.test(entry) ? [child] : [];
    });
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliInputError(
      `${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read'}: ${(error as Error).message}`,
    );
  }
}
