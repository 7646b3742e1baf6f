import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { DIAGNOSTIC_DOCS_FOLDER } from '../../../engine';
import type { RuntimeEnvironment } from '../runtime';
import { startServer } from '../server';

/** Folders never searched for manifests: dependencies, build output, VCS metadata. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);
/** Files larger than this are not indexed from disk (a generated dump, not a manifest someone edits). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_FILES = 20_000;

async function findYamlFiles(folderUri: string): Promise<string[]> {
  if (!folderUri.startsWith('file:')) return [];
  const found: string[] = [];
  const pending = [fileURLToPath(folderUri)];
  while (pending.length > 0 && found.length < MAX_FILES) {
    const folder = pending.pop() as string;
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) pending.push(join(folder, entry.name));
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name))
        found.push(pathToFileURL(join(folder, entry.name)).toString());
    }
  }
  return found.sort();
}

async function readFileText(uri: string): Promise<string | undefined> {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const path = fileURLToPath(uri);
    if ((await stat(path)).size > MAX_FILE_BYTES) return undefined;
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

const runtime: RuntimeEnvironment = {
  timer: {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
    setImmediate(callback) {
      const handle = setImmediate(callback);
      return { dispose: () => clearImmediate(handle) };
    },
  },
  files: { readFile: readFileText, findYamlFiles },
  // dist/server.js sits one folder below the package root, which ships docs/diagnostics.
  diagnosticDocsUri: pathToFileURL(join(__dirname, '..', DIAGNOSTIC_DOCS_FOLDER)).href,
};

startServer(createConnection(ProposedFeatures.all), runtime);
