import { DEFAULT_CLUSTER, readClusterFile, type ClusterModel } from '../../../engine';
import type { FolderFacts } from './repositoryConventions';

/**
 * The cluster model each document is hovered and previewed on, in the README's order: the
 * multusNad.clusterModel setting (of the document's workspace folder); else the `clusterModel` (its `pluginVersion` applied) of the
 * document's nearest .multus-nad.yaml, relative to that file's folder; else the nearest cluster.yaml
 * in the document's folder or above it; else the embedded cluster (with that `pluginVersion`). As cli/previewCommand.ts configuredCluster, per document.
 * Cluster files are read once (asynchronously) and forgotten when they change on disk.
 */
export class DocumentClusters {
  /** Cluster files read, by URI; the embedded cluster stands for one that cannot be used (logged). */
  private readonly files = new Map<string, ClusterModel>();
  /** A file's model with a .multus-nad.yaml's pluginVersion applied, made once: documents of one model share one object. */
  private readonly withVersion = new Map<string, ClusterModel>();

  constructor(
    private readonly readFile: (uri: string) => Promise<string | undefined>,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * The cluster file a document with these folder facts uses, if any; `setting` is the file the
   * multusNad.clusterModel setting of the document's workspace folder names (a URI).
   */
  fileFor(facts: FolderFacts | undefined, setting?: string): string | undefined {
    if (setting) return setting;
    const config = facts?.config;
    const relative = config?.config.clusterModel;
    return relative ? new URL(relative, `${config.folderUri}/`).toString() : facts?.clusterFile;
  }

  /** True when the document's cluster file is not read yet. */
  needsLoad(facts: FolderFacts | undefined, setting?: string): boolean {
    const file = this.fileFor(facts, setting);
    return file !== undefined && !this.files.has(file);
  }

  /** Reads a cluster file once; an unreadable or invalid one is logged and stands as the embedded cluster. */
  async load(fileUri: string | undefined): Promise<ClusterModel> {
    if (fileUri === undefined) return DEFAULT_CLUSTER;
    const known = this.files.get(fileUri);
    if (known) return known;
    const text = await this.readFile(fileUri).catch(() => undefined);
    const cluster = text === undefined ? { error: 'cannot read the file' } : readClusterFile(text);
    if ('error' in cluster) this.log(`cluster model ${fileUri}: ${cluster.error}; using the embedded cluster`);
    const model = 'error' in cluster ? DEFAULT_CLUSTER : cluster;
    this.files.set(fileUri, model);
    return model;
  }

  /** The cluster of a document with these folder facts and its folder's setting (see fileFor). */
  clusterFor(facts: FolderFacts | undefined, setting?: string): ClusterModel {
    const file = this.fileFor(facts, setting);
    const cluster = (file && this.files.get(file)) || DEFAULT_CLUSTER;
    // The setting's file names its own release, as `check --cluster FILE` does.
    const pluginVersion = setting ? undefined : facts?.config?.config.pluginVersion;
    if (!pluginVersion || pluginVersion === cluster.pluginVersion) return cluster;
    const key = `${file ?? ''}\n${pluginVersion}`;
    const made = this.withVersion.get(key) ?? { ...cluster, pluginVersion };
    this.withVersion.set(key, made);
    return made;
  }

  /** A file changed on disk: forget it if it is a cluster file read before (true then). */
  forget(uri: string): boolean {
    const known = this.files.delete(uri);
    if (known)
      for (const key of [...this.withVersion.keys()]) if (key.startsWith(`${uri}\n`)) this.withVersion.delete(key);
    return known;
  }
}
