// What the CLI learns about a checked file from the folders above it: the nearest .multus-nad.yaml
// (up to the repository root, the folder holding .git) and whether it lies in a Helm chart.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ignoredBy, readRepositoryConfig, REPOSITORY_CONFIG_FILE, type RepositoryConfig } from '../engine';
import { CliInputError, STDIN_PATH } from './manifestFiles';

/** A config file that applies, with the folder its relative paths and globs start from. */
export interface FoundConfig {
  readonly path: string;
  readonly folder: string;
  readonly config: RepositoryConfig;
}

const configs = new Map<string, FoundConfig | undefined>();

/** The folder the lookup starts from: the file's own, or the working directory for stdin. */
function startFolder(file: string): string {
  return file === STDIN_PATH ? process.cwd() : dirname(resolve(file));
}

/** The folders from `folder` upwards, ending at the repository root (or the file-system root). */
export function foldersUp(folder: string): string[] {
  const folders = [folder];
  let current = folder;
  while (!existsSync(join(current, '.git')) && dirname(current) !== current) {
    current = dirname(current);
    folders.push(current);
  }
  return folders;
}

/** The nearest `.multus-nad.yaml` above a checked file; a malformed one is a usage error (exit 2). */
export function configFor(file: string): FoundConfig | undefined {
  const start = startFolder(file);
  if (configs.has(start)) return configs.get(start);
  let found: FoundConfig | undefined;
  for (const folder of foldersUp(start)) {
    const path = join(folder, REPOSITORY_CONFIG_FILE);
    if (!existsSync(path)) continue;
    const config = readRepositoryConfig(readFileSync(path, 'utf8'));
    if ('error' in config) throw new CliInputError(`${path}: ${config.error}`);
    found = { path, folder, config };
    break;
  }
  configs.set(start, found);
  return found;
}

/** Why a file is not checked, when an `ignore` glob of its config matches it. */
export function ignoreReason(file: string): string | undefined {
  if (file === STDIN_PATH) return undefined;
  const found = configFor(file);
  if (!found) return undefined;
  const path = relative(found.folder, resolve(file)).split(sep).join('/');
  const glob = ignoredBy(found.config, path);
  return glob ? `ignored by ${found.path} ("${glob}")` : undefined;
}

/** True when a Chart.yaml stands in the file's folder or one above it (up to the repository root). */
export function inHelmChart(file: string): boolean {
  if (file === STDIN_PATH) return false;
  return foldersUp(startFolder(file)).some((folder) => existsSync(join(folder, 'Chart.yaml')));
}
