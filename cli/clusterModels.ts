// Which cluster model `check` and `preview` use for a file (README "Which cluster model"): `--cluster FILE`,
// else the `clusterModel` of the nearest .multus-nad.yaml, else the nearest `cluster.yaml` beside the file or
// in a folder above it (up to the repository root), else the embedded lab; the config's `pluginVersion` applies.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CLUSTER_MODEL_FILE, DEFAULT_CLUSTER, readClusterFile, type ClusterModel, type ManifestFile } from '../engine';
import { CliInputError, STDIN_PATH } from './manifestFiles';
import { configFor, foldersUp } from './repositoryContext';

/** A cluster model with the name notes give it, and its file (none: the embedded lab). */
export interface NamedModel {
  readonly cluster: ClusterModel;
  readonly name: string;
  readonly file?: string;
}

const EMBEDDED: NamedModel = { cluster: DEFAULT_CLUSTER, name: 'the embedded lab cluster' };

/** The model of one file (`-`: the working directory's). */
export function modelFor(clusterFlag: string | undefined, file: string): NamedModel {
  if (clusterFlag) return { cluster: loadCluster(clusterFlag), name: clusterFlag, file: clusterFlag };
  const found = configFor(file);
  const pluginVersion = found?.config.pluginVersion;
  const configured = found?.config.clusterModel && join(found.folder, found.config.clusterModel);
  const path = configured || nearestClusterFile(file);
  const model = path ? { cluster: loadCluster(path), name: path, file: path } : EMBEDDED;
  return pluginVersion ? { ...model, cluster: { ...model.cluster, pluginVersion } } : model;
}

/** Files grouped by the model they use, in the order their first file comes; a group's files keep their order. */
export function groupByModel(
  clusterFlag: string | undefined,
  files: readonly ManifestFile[],
): { model: NamedModel; files: ManifestFile[] }[] {
  const groups = new Map<string, { model: NamedModel; files: ManifestFile[] }>();
  for (const file of files) {
    const model = modelFor(clusterFlag, file.path);
    const group = groups.get(model.name) ?? { model, files: [] };
    group.files.push(file);
    groups.set(model.name, group);
  }
  return [...groups.values()];
}

const loaded = new Map<string, ClusterModel>();

/** The nearest cluster.yaml by start folder: `check` asks once per file of a repository, the disk is asked once per folder. */
const nearestByFolder = new Map<string, string | undefined>();

/** The nearest cluster.yaml in the file's folder or above it, up to the repository root. */
function nearestClusterFile(file: string): string | undefined {
  const start = file === STDIN_PATH ? process.cwd() : dirname(resolve(file));
  if (nearestByFolder.has(start)) return nearestByFolder.get(start);
  const folder = foldersUp(start).find((candidate) => existsSync(join(candidate, CLUSTER_MODEL_FILE)));
  const found = folder && relativeToCwd(join(folder, CLUSTER_MODEL_FILE));
  nearestByFolder.set(start, found);
  return found;
}

function relativeToCwd(path: string): string {
  const cwd = process.cwd();
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}

/** Reads a cluster model file (engine/clusterModel/clusterFile.ts) once; a bad file is a usage error. */
function loadCluster(path: string): ClusterModel {
  const known = loaded.get(path);
  if (known) return known;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliInputError(
      `${path}: ${(error as NodeJS.ErrnoException).code ?? 'cannot read'}: ${(error as Error).message}`,
    );
  }
  const cluster = readClusterFile(text);
  if ('error' in cluster) throw new CliInputError(`${path}: ${cluster.error}`);
  loaded.set(path, cluster);
  return cluster;
}
