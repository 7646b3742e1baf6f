import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_CONFIG_FILE, type ManifestFile } from '../engine';

/** A CLI usage or I/O problem: reported on stderr with exit code 2. */
export class CliInputError extends Error {}

/** The name findings of standard input carry when no `# Source:` comment names a file. */
export const STDIN_PATH = '<stdin>';

/**
 * Reads the YAML files named on the command line; folders are walked recursively for
 * `*.yaml` / `*.yml`, in path order, so output order is stable across machines. `-` is
 * standard input (`helm template . | multus-nad check -`), read once.
 */
export function readManifestFiles(paths: readonly string[]): ManifestFile[] {
  return manifestPaths(paths).map(readManifestFile);
}

/** The files `readManifestFiles` reads, in its order, without reading them (`check` reads one at a time). */
export function manifestPaths(paths: readonly string[]): string[] {
  if (paths.filter((path) => path === '-').length > 1) throw new CliInputError('-: standard input can be read once');
  return paths.flatMap((path) => (path === '-' ? [STDIN_PATH] : expand(path)));
}

/** One file of `manifestPaths` (STDIN_PATH: standard input). */
export function readManifestFile(path: string): ManifestFile {
  return { path, text: path === STDIN_PATH ? readStdin() : readText(path) };
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (error) {
    throw new CliInputError(`-: cannot read standard input: ${(error as Error).message}`);
  }
}

/**
 * Walks a path. Each directory is entered once by its real path, so a symlink back to a parent
 * does not recurse forever; a broken symlink named *.yaml is an I/O error naming it (hardening:
 * both crashed the CLI with a stack trace).
 */
function expand(path: string, visited = new Set<string>()): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new CliInputError(`${path}: no such file or directory`);
  }
  if (!stats.isDirectory()) return [path];
  const real = realpathSync(path);
  if (visited.has(real)) return [];
  visited.add(real);
  return readdirSync(path)
    .sort()
    .flatMap((entry) => {
      const child = join(path, entry);
      const isYaml = /\.ya?ml$/i.test(entry);
      let directory: boolean;
      try {
        directory = statSync(child).isDirectory();
      } catch {
        if (!isYaml) return [];
        throw new CliInputError(`${child}: cannot read (a broken symbolic link, or removed while reading the folder)`);
      }
      if (directory) return entry === 'node_modules' || entry.startsWith('.') ? [] : expand(child, visited);
      // The repository config is read as configuration, not checked as a manifest.
      return isYaml && entry !== REPOSITORY_CONFIG_FILE ? [child] : [];
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
