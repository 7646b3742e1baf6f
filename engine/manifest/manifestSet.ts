import { readNad, readPods, type NadObject, type PodObject } from './kubernetesObjects';
import { parseManifestDocuments, type ManifestDocument } from './yamlDocuments';

/** A file as callers hand it to the engine: a name to report and its text (no I/O here). */
export interface ManifestFile {
  readonly path: string;
  readonly text: string;
}

export interface ParsedFile {
  readonly file: ManifestFile;
  readonly documents: readonly ManifestDocument[];
}

/** Every NAD and pod of a set of files, in input order (files as given, documents in order). */
export interface ManifestSet {
  readonly files: readonly ParsedFile[];
  readonly nads: readonly NadObject[];
  readonly pods: readonly PodObject[];
}

export function readManifestSet(files: readonly ManifestFile[]): ManifestSet {
  const parsed = files.map((file) => ({ file, documents: parseManifestDocuments(file.text) }));
  const nads: NadObject[] = [];
  const pods: PodObject[] = [];
  for (const { file, documents } of parsed) {
    for (const document of documents) {
      const source = { file: file.path, document };
      const nad = readNad(file.text, source);
      if (nad) nads.push(nad);
      pods.push(...readPods(source));
    }
  }
  return { files: parsed, nads, pods };
}
