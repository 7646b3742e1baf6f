import { parseTree, type ParseError } from 'jsonc-parser';
import type { TextEdit } from 'vscode-languageserver';
import { scalarAt } from './documentAnalysis';
import type { DocumentObjectsCache, ManifestModel } from './documents';
import { embeddedEdit } from './embeddedEdits';
import { oneLine, prettyJson } from './jsonLayout';

/**
 * Lays out the JSON of every NAD's spec.config in the file, keeping each scalar's style: a `|`
 * block or a multi-line quoted config gets two-space indented lines, a one-line quoted config
 * stays on one line. Configs that do not parse, and plain scalars, are left alone.
 */
export function formatConfigs(model: ManifestModel, cache: DocumentObjectsCache): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const yamlDocument of model.yamlDocuments) {
    if (yamlDocument.analysis.nads.length === 0) continue;
    const objects = cache.get(model.uri, yamlDocument);
    for (const nad of objects.nads) {
      const node = scalarAt(nad.source.document.tree, ['spec', 'config']);
      const map = nad.config;
      if (!node || !map || !map.exact || map.text.trim() === '') continue;
      const errors: ParseError[] = [];
      parseTree(map.text, errors);
      if (errors.length > 0) continue;
      const source = yamlDocument.analysis.text.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0);
      const multiLine = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' || source.trim().includes('\n');
      const formatted = multiLine ? prettyJson(map.text) : oneLine(map.text);
      const first = map.text.length - map.text.trimStart().length;
      const last = map.text.trimEnd().length;
      const edit = embeddedEdit(model, yamlDocument, { node, map }, [first, last], formatted);
      const current = yamlDocument.analysis.text.slice(map.offsets[first], map.offsets[last]);
      if (edit && edit.newText !== current) edits.push(edit);
    }
  }
  return edits;
}
