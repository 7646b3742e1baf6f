/** A cancellable timer handle. */
export interface Disposable {
  dispose(): void;
}

/**
 * What the server needs from its host, injected so tests can run it without timers or disks
 * of their own (json-language-features' RuntimeEnvironment pattern).
 */
export interface RuntimeEnvironment {
  readonly timer: {
    setTimeout(callback: () => void, ms: number): Disposable;
    setImmediate(callback: () => void): Disposable;
  };
  readonly files: {
    /** The text of a `file:` URI, or undefined when it cannot be read. */
    readFile(uri: string): Promise<string | undefined>;
    /** `file:` URIs of the YAML files (`*.yaml`, `*.yml`) under a folder URI, skipping build and VCS folders. */
    findYamlFiles(folderUri: string): Promise<string[]>;
  };
  /** The file: URI of the installed docs/diagnostics folder, linked from each diagnostic (`codeDescription.href`). */
  readonly diagnosticDocsUri: string;
}
