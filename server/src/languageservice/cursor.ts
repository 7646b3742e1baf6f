import type { Scalar } from 'yaml';
import { mapScalarSource, type ManifestDocument, type ScalarSourceMap } from '../../../engine';
import { decodedIndexAt, NETWORKS_ANNOTATION, type NadObject, type PodObject } from '../../../engine/language';
import { scalarAt, type DocumentObjects } from './documentAnalysis';
import type { YamlDocument, DocumentObjectsCache, ManifestModel } from './documents';

/** A YAML scalar holding embedded text (spec.config JSON, a networks annotation) and its map to the file. */
export interface EmbeddedScalar {
  readonly node: Scalar;
  readonly map: ScalarSourceMap;
  /** The decoded index of the cursor. */
  readonly index: number;
}

/** Everything a feature needs about the position it was asked about. */
export interface CursorContext {
  readonly model: ManifestModel;
  readonly yamlDocument: YamlDocument;
  readonly objects: DocumentObjects;
  /** The cursor as an offset relative to the document. */
  readonly local: number;
  readonly document?: ManifestDocument;
  readonly nad?: NadObject;
  readonly pod?: PodObject;
  /** Set when the cursor is inside the NAD's spec.config text. */
  readonly config?: EmbeddedScalar;
  /** Set when the cursor is inside the pod's networks annotation value. */
  readonly networks?: EmbeddedScalar;
}

/** The context at an offset, or undefined when the document there is not ours. */
export function cursorAt(model: ManifestModel, offset: number, cache: DocumentObjectsCache): CursorContext | undefined {
  const yamlDocument = model.documentAtOffset(offset);
  if (!yamlDocument.analysis.ours) return undefined;
  const objects = cache.get(model.uri, yamlDocument);
  const local = offset - yamlDocument.start;
  const documents = objects.set.files[0]?.documents ?? [];
  const position = documents.findIndex((doc) => local >= doc.range[0] && local <= doc.range[1]);
  if (position < 0 || !objects.ours[position]) return undefined;
  const document = documents[position];
  const nad = objects.nads.find((candidate) => candidate.source.document === document);
  const pod = objects.pods.find((candidate) => candidate.source.document === document);
  const text = yamlDocument.analysis.text;
  return {
    model,
    yamlDocument,
    objects,
    local,
    document,
    nad,
    pod,
    config: nad ? embeddedAt(text, scalarAt(document.tree, ['spec', 'config']), local) : undefined,
    networks: pod
      ? embeddedAt(text, scalarAt(document.tree, [...pod.annotationsPath, NETWORKS_ANNOTATION]), local)
      : undefined,
  };
}

function embeddedAt(text: string, node: Scalar | undefined, local: number): EmbeddedScalar | undefined {
  if (!node) return undefined;
  const map = mapScalarSource(text, node);
  if (!map || !map.exact) return undefined;
  const first = map.text.length > 0 ? map.offsets[0] : (node.range?.[0] ?? 0);
  if (local < first || local > map.offsets[map.text.length]) return undefined;
  return { node, map, index: decodedIndexAt(map, local) };
}

/**
 * The context at the start of the one NAD spec.config whose text starts in [from, to), or undefined
 * when none or several do: a request for a whole file ("Rewrite spec.config as a Block Scalar"
 * with the cursor elsewhere) then acts on its only config.
 */
export function onlyConfigIn(
  model: ManifestModel,
  from: number,
  to: number,
  cache: DocumentObjectsCache,
): CursorContext | undefined {
  const found: CursorContext[] = [];
  for (const yamlDocument of model.yamlDocuments) {
    if (!yamlDocument.analysis.ours) continue;
    for (const nad of cache.get(model.uri, yamlDocument).nads) {
      const node = scalarAt(nad.source.document.tree, ['spec', 'config']);
      const map = node && mapScalarSource(yamlDocument.analysis.text, node);
      if (!map?.exact || map.text.length === 0) continue;
      const offset = yamlDocument.start + map.offsets[0];
      const context = offset >= from && offset < to ? cursorAt(model, offset, cache) : undefined;
      if (context?.config) found.push(context);
    }
  }
  return found.length === 1 ? found[0] : undefined;
}
