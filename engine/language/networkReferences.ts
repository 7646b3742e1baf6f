import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { interfaceNameFor } from '../multus/interfaceNaming';
import { parseNetworkSelections, type NetworkSelection } from '../multus/networkSelection';

/** One entry of a pod's `k8s.v1.cni.cncf.io/networks` annotation with where it is written. */
export interface NetworkReference {
  readonly namespace: string;
  readonly name: string;
  /** The interface the pod gets for it: the requested one, else `net<position>` (MUL pkg/multus/multus.go getIfname). */
  readonly interfaceName: string;
  readonly selection: NetworkSelection;
  /** The whole entry and its NAD name, as [start, end) in the decoded annotation value. */
  readonly span: readonly [number, number];
  readonly nameSpan: readonly [number, number];
}

export type ReferencesOutcome =
  | { readonly references: readonly NetworkReference[] }
  | { readonly error: string; readonly span: readonly [number, number] };

/**
 * Reads the networks annotation the way Multus does (engine/multus/networkSelection.ts) and adds
 * the position of each entry and of its name, so an editor can point at it.
 */
export function readNetworkReferences(value: string, podNamespace: string): ReferencesOutcome {
  const parsed = parseNetworkSelections(value, podNamespace);
  if ('error' in parsed) return parsed;
  const spans = /[[{"]/.test(value) ? jsonSpans(value) : parsed.selections.map((s) => commaSpans(value, s.span));
  return {
    references: parsed.selections.map((selection, index) => ({
      namespace: selection.namespace,
      name: selection.name,
      interfaceName: interfaceNameFor(index + 1, selection.interfaceRequest),
      selection,
      span: spans[index]?.[0] ?? selection.span,
      nameSpan: spans[index]?.[1] ?? selection.span,
    })),
  };
}

type Span = readonly [number, number];

function commaSpans(value: string, [start, end]: Span): [Span, Span] {
  const item = value.slice(start, end);
  const lead = item.length - item.trimStart().length;
  const trimmed = item.trim();
  const slash = trimmed.indexOf('/');
  const nameStart = slash >= 0 ? slash + 1 : 0;
  const at = trimmed.indexOf('@', nameStart);
  const nameEnd = at >= 0 ? at : trimmed.length;
  const base = start + lead;
  return [
    [base, base + trimmed.length],
    [base + nameStart, base + nameEnd],
  ];
}

function jsonSpans(value: string): Array<[Span, Span]> {
  const tree = parseTree(value);
  if (!tree || tree.type !== 'array') return [];
  return (tree.children ?? []).map((element) => {
    const whole: Span = [element.offset, element.offset + element.length];
    const name = findNodeAtLocation(element, ['name']);
    // The name's characters without the quotes.
    return [whole, name ? [name.offset + 1, name.offset + name.length - 1] : whole];
  });
}
