import { readNad, readPods, type NadObject, type PodObject } from './kubernetesObjects';
import { parseLeniently, type LenientText } from './lenientYaml';
import { parseManifestDocuments, type ManifestDocument } from './yamlDocuments';

/** A file as callers hand it to the engine: a name to report and its text (no I/O here). */
export interface ManifestFile {
  readonly path: string;
  readonly text: string;
}

export interface ParsedFile {
  readonly file: ManifestFile;
  /** The documents as YAML 1.2 parses them. */
  readonly documents: readonly ManifestDocument[];
  /** Set when some documents parse only the go-yaml way: all documents read from the re-indented text, and the map back. */
  readonly lenient?: { readonly documents: readonly ManifestDocument[]; readonly lenient: LenientText };
}

/** Every NAD and pod of a set of files, in input order (files as given, documents in order). */
export interface ManifestSet {
  readonly files: readonly ParsedFile[];
  readonly nads: readonly NadObject[];
  readonly pods: readonly PodObject[];
}

/**
 * One file's documents, read as kubectl reads them: YAML 1.2, and where some documents parse only
 * the go-yaml way (quoted configs indented no deeper than their key), also from the re-indented text.
 */
export function parseFile(file: ManifestFile): ParsedFile {
  const documents = parseManifestDocuments(file.text);
  const lenient = parseLeniently(file.text, documents);
  return lenient ? { file, documents, lenient } : { file, documents };
}

export function readManifestSet(files: readonly ManifestFile[]): ManifestSet {
  const parsed = files.map(parseFile);
  const nads: NadObject[] = [];
  const pods: PodObject[] = [];
  for (const { file, documents, lenient } of parsed) {
    for (const document of lenient?.documents ?? documents) {
      const source = lenient ? { file: file.path, document, lenient: lenient.lenient } : { file: file.path, document };
      const nad = readNad(lenient?.lenient.text ?? file.text, source);
      if (nad) nads.push(lenient ? toOriginalOffsets(nad, lenient.lenient) : nad);
      pods.push(...readPods(source));
    }
  }
  return { files: parsed, nads, pods };
}

function toOriginalOffsets(nad: NadObject, lenient: LenientText): NadObject {
  const config = nad.config && {
    ...nad.config,
    offsets: nad.config.offsets.map((offset) => lenient.toOriginal(offset)),
  };
  const range = nad.configRange;
  return { ...nad, config, configRange: range && [lenient.toOriginal(range[0]), lenient.toOriginal(range[1])] };
}

/**
 * The objects of one file as kubectl reads them (YAML 1.2, or go-yaml's leniency towards the
 * indentation of quoted scalars), for callers that need the data and not the diagnostics:
 * `multus-nad apply` and the extension's Apply. A file that does not parse either way is an
 * error naming the first problem.
 */
export function readYamlObjects(text: string): { objects: unknown[] } | { error: string } {
  const parsed = parseFile({ path: '', text });
  const documents = parsed.lenient?.documents ?? parsed.documents;
  const problem = documents.flatMap((document) => document.problems)[0];
  if (problem) return { error: problem.message };
  return { objects: documents.map((document) => document.value) };
}
