import { DEFAULT_CLUSTER, readClusterFile, type ClusterModel } from '../../../engine';
import type { FolderFacts } from './repositoryConventions';

type FoundConfig = FolderFacts['config'];

/**
 * The cluster model each document is hovered and previewed on, in the README's order: the
 * multusNad.clusterModel setting; else the `clusterModel` (its `pluginVersion` applied) of the
 * document's nearest .multus-nad.yaml, relative to that file's folder; else the embedded cluster
 * (with that `pluginVersion`). As cli/previewCommand.ts configuredCluster, per document.
 * Cluster files are read once (asynchronously) and forgotten when they change on disk.
 */
export class DocumentClusters {
  /** Cluster files read, by URI; the embedded cluster stands for one that cannot be used (logged). */
  private readonly files = new Map<string, ClusterModel>();
  /** The setting's cluster file, as a URI; undefined without the setting. */
  private setting: string | undefined;

  constructor(
    private readonly readFile: (uri: string) => Promise<string | undefined>,
    private readonly log: (message: string) => void,
  ) {}

  /** Uses the setting's file (a URI; undefined: no setting) for every document, read now. */
  async useSetting(fileUri: string | undefined): Promise<ClusterModel> {
    this.setting = fileUri;
    await this.load(fileUri);
    return this.clusterFor(undefined);
  }

  /** The cluster file a document with this nearest config uses, if any. */
  fileFor(config: FoundConfig): string | undefined {
    if (this.setting) return this.setting;
    const relative = config?.config.clusterModel;
    return relative ? new URL(relative, `${config.folderUri}/`).toString() : undefined;
  }

  /** True when the document's cluster file is not read yet. */
  needsLoad(config: FoundConfig): boolean {
    const file = this.fileFor(config);
    return file !== undefined && !this.files.has(file);
  }

  /** Reads a cluster file once; an unreadable or invalid one is logged and stands as the embedded cluster. */
  async load(fileUri: string | undefined): Promise<void> {
    if (fileUri === undefined || this.files.has(fileUri)) return;
    const text = await this.readFile(fileUri).catch(() => undefined);
    const cluster = text === undefined ? { error: 'cannot read the file' } : readClusterFile(text);
    if ('error' in cluster) this.log(`cluster model ${fileUri}: ${cluster.error}; using the embedded cluster`);
    this.files.set(fileUri, 'error' in cluster ? DEFAULT_CLUSTER : cluster);
  }

  /** The cluster of a document whose nearest config is `config` (undefined: none). */
  clusterFor(config: FoundConfig): ClusterModel {
    const file = this.fileFor(config);
    const cluster = (file && this.files.get(file)) || DEFAULT_CLUSTER;
    // The setting's file names its own release, as `check --cluster FILE` does.
    const pluginVersion = this.setting ? undefined : config?.config.pluginVersion;
    return pluginVersion ? { ...cluster, pluginVersion } : cluster;
  }

  /** A file changed on disk: forget it if it is a cluster file read before (true then). */
  forget(uri: string): boolean {
    return this.files.delete(uri);
  }
}
