import { SymbolKind, type DocumentSymbol, type Location } from 'vscode-languageserver';
import type { CursorContext } from './cursor';
import type { ManifestModel } from './documents';
import type { WorkspaceIndex } from './workspaceIndex';

/** From an entry of a pod's networks annotation to the NAD(s) it selects, in any workspace file. */
export function definition(context: CursorContext | undefined, index: WorkspaceIndex): Location[] {
  if (!context?.networks) return [];
  const pod = context.chunk.analysis.pods.find((entry) => entry.range[0] === context.document?.range[0]);
  const reference = pod?.references.find(({ range }) => context.local >= range[0] && context.local <= range[1]);
  if (!reference) return [];
  return index.findNads(reference.namespace, reference.name).map(({ model, chunk, nad }) => ({
    uri: model.uri,
    range: model.rangeIn(chunk, nad.nameRange ?? nad.range),
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
  const uses = index.referencesTo(target.namespace, target.name).map(({ model, chunk, reference }) => ({
    uri: model.uri,
    range: model.rangeIn(chunk, reference.nameRange),
  }));
  if (!includeDeclaration) return uses;
  const declarations = index.findNads(target.namespace, target.name).map(({ model, chunk, nad }) => ({
    uri: model.uri,
    range: model.rangeIn(chunk, nad.nameRange ?? nad.range),
  }));
  return [...declarations, ...uses];
}

function networkAtCursor(context: CursorContext): { namespace: string; name: string } | undefined {
  const pod = context.chunk.analysis.pods.find((entry) => entry.range[0] === context.document?.range[0]);
  return pod?.references.find(({ range }) => context.local >= range[0] && context.local <= range[1]);
}

/** One symbol per NAD and per annotated workload, with the networks they select as children. */
export function documentSymbols(model: ManifestModel): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const chunk of model.chunks) {
    for (const nad of chunk.analysis.nads) {
      const range = model.rangeIn(chunk, nad.range);
      symbols.push({
        name: `${nad.namespace}/${nad.name}`,
        detail:
          `NetworkAttachmentDefinition ${nad.pluginTypes.join(' → ')}${nad.ipamType ? ` (${nad.ipamType})` : ''}`.trim(),
        kind: SymbolKind.Interface,
        range,
        selectionRange: nad.nameRange ? model.rangeIn(chunk, nad.nameRange) : range,
      });
    }
    for (const pod of chunk.analysis.pods) {
      const range = model.rangeIn(chunk, pod.range);
      symbols.push({
        name: `${pod.namespace}/${pod.name}`,
        detail: pod.kind,
        kind: SymbolKind.Class,
        range,
        selectionRange: pod.nameRange ? model.rangeIn(chunk, pod.nameRange) : range,
        children: pod.references.map((reference) => {
          const at = model.rangeIn(chunk, reference.range);
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
