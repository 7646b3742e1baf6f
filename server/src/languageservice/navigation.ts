import { SymbolKind, type DocumentSymbol, type Location } from 'vscode-languageserver';
import type { CursorContext } from './cursor';
import type { ManifestModel } from './documents';
import type { WorkspaceIndex } from './workspaceIndex';

/** From an entry of a pod's networks annotation to the NAD(s) it selects, in any workspace file. */
export function definition(context: CursorContext | undefined, index: WorkspaceIndex): Location[] {
  if (!context?.networks) return [];
  const pod = context.yamlDocument.analysis.pods.find((entry) => entry.range[0] === context.document?.range[0]);
  const reference = pod?.references.find(({ range }) => context.local >= range[0] && context.local <= range[1]);
  if (!reference) return [];
  return index.findNads(reference.namespace, reference.name).map(({ model, yamlDocument, nad }) => ({
    uri: model.uri,
    range: model.rangeIn(yamlDocument, nad.nameRange ?? nad.range),
  }));
}

/** From anywhere in a NAD to every annotation entry in the workspace that selects it (and the NAD itself when asked). */
export function references(
  context: CursorContext | undefined,
  index: WorkspaceIndex,
  includeDeclaration: boolean,
): Location[] {
  if (!context) return [];
  const target = context.networks
    ? networkAtCursor(context)
    : context.nad
      ? { namespace: context.nad.namespace, name: context.nad.name }
      : undefined;
  if (!target) return [];
  const uses = index.referencesTo(target.namespace, target.name).map(({ model, yamlDocument, reference }) => ({
    uri: model.uri,
    range: model.rangeIn(yamlDocument, reference.nameRange),
  }));
  if (!includeDeclaration) return uses;
  const declarations = index.findNads(target.namespace, target.name).map(({ model, yamlDocument, nad }) => ({
    uri: model.uri,
    range: model.rangeIn(yamlDocument, nad.nameRange ?? nad.range),
  }));
  return [...declarations, ...uses];
}

function networkAtCursor(context: CursorContext): { namespace: string; name: string } | undefined {
  const pod = context.yamlDocument.analysis.pods.find((entry) => entry.range[0] === context.document?.range[0]);
  return pod?.references.find(({ range }) => context.local >= range[0] && context.local <= range[1]);
}

/** One symbol per NAD and per annotated workload, with the networks they select as children. */
export function documentSymbols(model: ManifestModel): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const yamlDocument of model.yamlDocuments) {
    for (const nad of yamlDocument.analysis.nads) {
      const range = model.rangeIn(yamlDocument, nad.range);
      symbols.push({
        name: `${nad.namespace}/${nad.name}`,
        detail:
          `NetworkAttachmentDefinition ${nad.pluginTypes.join(' → ')}${nad.ipamType ? ` (${nad.ipamType})` : ''}`.trim(),
        kind: SymbolKind.Interface,
        range,
        selectionRange: nad.nameRange ? model.rangeIn(yamlDocument, nad.nameRange) : range,
      });
    }
    for (const pod of yamlDocument.analysis.pods) {
      const range = model.rangeIn(yamlDocument, pod.range);
      symbols.push({
        name: `${pod.namespace}/${pod.name}`,
        detail: pod.kind,
        kind: SymbolKind.Class,
        range,
        selectionRange: pod.nameRange ? model.rangeIn(yamlDocument, pod.nameRange) : range,
        children: pod.references.map((reference) => {
          const at = model.rangeIn(yamlDocument, reference.range);
          return {
            name: `${reference.interfaceName}: ${reference.namespace}/${reference.name}`,
            kind: SymbolKind.Field,
            range: at,
            selectionRange: at,
          };
        }),
      });
    }
  }
  return symbols;
}
