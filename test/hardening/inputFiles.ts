import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository root, from out/test/hardening/ where the built tests run. */
export const ROOT = join(__dirname, '..', '..', '..');

/** The shared corpus of real-world manifests, beside the checkout (absent on a bare clone). */
export const CORPUS_DIR = process.env.MULTUS_NAD_CORPUS ?? join(ROOT, '..', 'shared', 'corpus');

export interface InputFile {
  /** Path relative to its collection root, e.g. `corpus/antrea-io__antrea/x.yaml`. */
  readonly name: string;
  readonly text: string;
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return yamlFilesUnder(path);
      return /\.ya?ml$/.test(entry) ? [path] : [];
    });
}

function readCollection(label: string, dir: string): InputFile[] {
  return yamlFilesUnder(dir).map((path) => ({
    name: `${label}/${relative(dir, path)}`,
    text: readFileSync(path, 'utf8'),
  }));
}

/** The examples shipped in the repository: always present. */
export function exampleFiles(): InputFile[] {
  return readCollection('examples', join(ROOT, 'examples'));
}

/** Corpus files, or [] and the reason when the corpus is absent (the suites then fail with it). */
export function corpusFiles(): { files: InputFile[]; skip?: string } {
  if (!existsSync(CORPUS_DIR)) {
    return { files: [], skip: `corpus not found at ${CORPUS_DIR} (set MULTUS_NAD_CORPUS to run over it)` };
  }
  return { files: readCollection('corpus', CORPUS_DIR) };
}

/** Examples plus corpus: what the prefix and mutation properties start from. */
export function allInputFiles(): { files: InputFile[]; skip?: string } {
  const corpus = corpusFiles();
  return { files: [...exampleFiles(), ...corpus.files], skip: corpus.skip };
}
