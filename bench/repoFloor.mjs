// The floor of `npm run bench:repo`: what any checker of these files must do at least -- read every
// YAML file below a folder and parse every document with `yaml` (toJS, as the engine reads them).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

function* yamlFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* yamlFiles(path);
    else if (/\.ya?ml$/.test(entry.name)) yield path;
  }
}

let documents = 0;
for (const path of yamlFiles(process.argv[2])) {
  for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
    document.toJS();
    documents++;
  }
}
process.stdout.write(`${documents} documents\n`);
