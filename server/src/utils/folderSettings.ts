import { DEFAULT_SETTINGS, type ServerSettings } from '../protocol';

/**
 * The `multusNad` settings of each workspace folder. The settings are `resource`-scoped, so in a
 * multi-root workspace VS Code resolves them per folder (folder over workspace over user); a
 * document takes the settings of the folder that holds it, else the window's.
 */
export class FolderSettings {
  private window: ServerSettings = DEFAULT_SETTINGS;
  /** Folder URI (ending in `/`) to its settings, longest folder first. */
  private folders: [string, ServerSettings][] = [];

  /** The window's section and each folder's, as `workspace/configuration` returned them. */
  update(window: unknown, byFolder: ReadonlyMap<string, unknown>): void {
    this.window = withDefaults(window);
    this.folders = [...byFolder]
      .map(([folder, section]): [string, ServerSettings] => [asFolder(folder), withDefaults(section)])
      .sort(([a], [b]) => b.length - a.length);
  }

  /** The settings a document follows. */
  of(uri: string): ServerSettings {
    return this.folders.find(([folder]) => uri.startsWith(folder))?.[1] ?? this.window;
  }

  /** The settings of work that belongs to no one document. */
  get ofWindow(): ServerSettings {
    return this.window;
  }

  /** The folder (ending in `/`) whose settings a document follows; undefined: the window's. */
  folderOf(uri: string): string | undefined {
    return this.folders.find(([folder]) => uri.startsWith(folder))?.[0];
  }

  /** Every distinct scope: the window (folder undefined), then each folder. */
  scopes(): { folder: string | undefined; settings: ServerSettings }[] {
    return [
      { folder: undefined, settings: this.window },
      ...this.folders.map(([folder, settings]) => ({ folder, settings })),
    ];
  }
}

function withDefaults(section: unknown): ServerSettings {
  return { ...DEFAULT_SETTINGS, ...((section as Partial<ServerSettings> | null) ?? {}) };
}

function asFolder(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`;
}
