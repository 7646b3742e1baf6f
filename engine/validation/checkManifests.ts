import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { ClusterModel } from '../clusterModel/clusterModel';
import type { EngineDiagnostic } from '../diagnostics';
import { installedPlugins } from '../plugins/installedPlugins';
import type { ManifestSet, ParsedFile } from '../manifest/manifestSet';
import type { ManifestDocument } from '../manifest/yamlDocuments';
import { checkPodAnnotations, type PodNetworks } from './annotationRules';
import { podTemplatePath } from '../manifest/podTemplates';
import { ConfigSource } from './configSource';
import { checkAcrossDocuments, type NadFacts } from './crossDocumentRules';
import { DIAGNOSTIC_CODES } from './diagnosticCodes';
import { firstLineAt, runGuarded } from './guardedRules';
import { DocumentSource } from './documentSource';
import { asRecord } from '../json/jsonValue';
import type { LenientText } from '../manifest/lenientYaml';
import { checkNadConfig } from './nadConfigRules';
import { foldMisspelledRequired } from './misspelledRequiredKeys';
import { checkFlattenedMetadata, checkNadObject, isNadKind } from './nadObjectRules';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export interface CheckOptions {
  /** The target cluster: which plugin binaries its nodes have (default: installedPlugins.ts). */
  readonly cluster?: ClusterModel;
}

/**
 * Checks every file of a set: YAML problems, each document's object rules, each NAD's embedded
 * CNI JSON (plugins, IPAM), pod network annotations, then the rules across documents. Every
 * diagnostic carries a file range; the order is by file, then by position.
 */
export function checkManifestSet(set: ManifestSet, options: CheckOptions = {}): EngineDiagnostic[] {
  const checker = new ManifestChecker(options);
  const diagnostics = set.files.flatMap((parsed) => checker.checkFile(parsed).diagnostics);
  diagnostics.push(...checker.acrossFiles());
  const order = new Map(set.files.map((f, i) => [f.file.path, i]));
  return diagnostics.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.range[0] - b.range[0]);
}

/** One file's own findings, and whether the rules across files may add findings to it. */
export interface FileCheck {
  readonly diagnostics: EngineDiagnostic[];
  /** True when the file holds a NAD or an annotated workload (what the cross-file rules read and report on). */
  readonly related: boolean;
  /** What the rules across files read of the file's NADs and annotated workloads (checkAcrossDocuments). */
  readonly nads: readonly NadFacts[];
  readonly pods: readonly PodNetworks[];
}

/**
 * The same checks one file at a time (`multus-nad check` over a repository): a file's parse and
 * its own findings can be freed as soon as it is checked; only the small summaries of its NADs
 * and annotated workloads stay for the rules across files (`acrossFiles`, once every file is in).
 */
export class ManifestChecker {
  private readonly nads: NadFacts[] = [];
  private readonly pods: PodNetworks[] = [];
  private firstFile: string | undefined;
  /** The lengths of the files the rules across files may report on, to keep their ranges inside. */
  private readonly lengths = new Map<string, number>();

  constructor(private readonly options: CheckOptions = {}) {}

  /**
   * A file's own findings, in the order the rules found them (`parseFile` reads it); `options`
   * when the file has a cluster model of its own (the nearest cluster.yaml), else the checker's.
   */
  checkFile(parsed: ParsedFile, options: CheckOptions = this.options): FileCheck {
    const { file } = parsed;
    const installed = installedPlugins(options.cluster);
    if (this.firstFile === undefined) {
      this.firstFile = file.path;
      this.lengths.set(file.path, file.text.length);
    }
    const diagnostics: EngineDiagnostic[] = [];
    const nadsBefore = this.nads.length;
    const podsBefore = this.pods.length;
    const { documents, lenient } = leniently(parsed, diagnostics);
    for (const document of documents) {
      for (const problem of document.problems) {
        const severity = DIAGNOSTIC_CODES[problem.code as keyof typeof DIAGNOSTIC_CODES]?.severity ?? 'error';
        diagnostics.push({
          file: file.path,
          range: lenient ? [lenient.toOriginal(problem.range[0]), lenient.toOriginal(problem.range[1])] : problem.range,
          severity,
          code: problem.code,
          message: problem.message,
        });
      }
      const doc = new DocumentSource(file.path, file.text, document, diagnostics, lenient);
      if (!doc.value) continue;
      const start = lenient ? lenient.toOriginal(document.range[0]) : document.range[0];
      const guard = <T>(rule: string, check: () => T) =>
        runGuarded(rule, file.path, firstLineAt(file.text, start), diagnostics, check);
      guard('Kubernetes object', () => checkObjectShape(doc));
      const nad = guard('NetworkAttachmentDefinition', () => checkNadDocument(doc, diagnostics, installed));
      if (nad) this.nads.push(nad);
      const pod = guard('network annotation', () => checkPodAnnotations(doc));
      if (pod) this.pods.push(pod);
    }
    const nads = this.nads.slice(nadsBefore);
    const pods = this.pods.slice(podsBefore);
    const related = nads.length + pods.length > 0;
    if (related) this.lengths.set(file.path, file.text.length);
    return { diagnostics: diagnostics.map((d) => insideFile(d, file.text.length)), related, nads, pods };
  }

  /** The rules across files, over every file checked so far (a failure of them is reported on the first file). */
  acrossFiles(): EngineDiagnostic[] {
    if (this.firstFile === undefined) return [];
    return checkSummaries(this.nads, this.pods, this.firstFile).map((d) =>
      insideFile(d, this.lengths.get(d.file) ?? 0),
    );
  }
}

/**
 * The rules across documents over the summaries of NADs and workloads (the editor keeps them per
 * document); a failure of these rules is a `check-failed` finding on `failureFile`, not a crash.
 */
export function checkSummaries(
  nads: readonly NadFacts[],
  pods: readonly PodNetworks[],
  failureFile: string,
): EngineDiagnostic[] {
  const out: EngineDiagnostic[] = [];
  const across = runGuarded('cross-document', failureFile, [0, 0], out, () => checkAcrossDocuments(nads, pods));
  return [...out, ...(across ?? [])];
}

/**
 * A rule that marks "at least one character" at the very end of a half-typed file would point
 * past it (hardening: every prefix of the corpus found several): keep every range inside.
 */
function insideFile(diagnostic: EngineDiagnostic, length: number): EngineDiagnostic {
  const [start, end] = diagnostic.range;
  if (start >= 0 && start <= end && end <= length) return diagnostic;
  const from = Math.min(Math.max(start, 0), length);
  return { ...diagnostic, range: [from, Math.min(Math.max(end, from), length)] };
}

/** A NAD (or a NAD fragment without apiVersion/kind): object rules, then its config. */
function checkNadDocument(
  doc: DocumentSource,
  out: EngineDiagnostic[],
  installed: ReadonlySet<string>,
): NadFacts | undefined {
  const value = doc.value!;
  const fragment = value.kind === undefined && asRecord(value.spec)?.config !== undefined;
  if (!isNadKind(value) && !fragment) return undefined;
  if (fragment) {
    doc.atKey(
      'k8s-object-incomplete',
      ['spec'],
      'This document has no apiVersion and kind, so kubectl cannot apply it. Checked as the spec of a NetworkAttachmentDefinition; add apiVersion: k8s.cni.cncf.io/v1, kind: NetworkAttachmentDefinition and metadata.name.',
    );
  } else checkNadObject(doc);
  const metadata = asRecord(value.metadata);
  const name = typeof metadata?.name === 'string' ? metadata.name : '';
  const namespace = (typeof metadata?.namespace === 'string' && metadata.namespace) || 'default';
  const annotations = Object.fromEntries(
    Object.entries(asRecord(metadata?.annotations) ?? {}).filter(([, v]) => typeof v === 'string'),
  ) as Record<string, string>;
  const configNode = doc.node(['spec', 'config']);
  const scalar = isScalar(configNode) ? doc.scalarMap(configNode as Scalar) : undefined;
  let facts: ReturnType<typeof checkNadConfig> = { addressRanges: [], capabilities: [] };
  if (scalar && scalar.text !== '') {
    const source = new ConfigSource(doc.file, doc.fileText, scalar);
    facts = checkNadConfig(source, { name, annotations, installed });
    out.push(...foldMisspelledRequired(source.diagnostics));
  }
  // A fragment has no name and cannot be applied: no other document can collide with it or select it.
  if (fragment) return undefined;
  return { file: doc.file, namespace, name, nameRange: doc.rangeAt(['metadata', 'name']), ...facts };
}

/** Rules every Kubernetes object shares: metadata in place, apiVersion present, pod container names. */
function checkObjectShape(doc: DocumentSource): void {
  const value = doc.value!;
  checkFlattenedMetadata(doc);
  if (
    value.kind === 'Network' &&
    typeof value.apiVersion === 'string' &&
    value.apiVersion.startsWith('kubernetes.cni.cncf.io/')
  ) {
    doc.at(
      'legacy-network-kind',
      ['kind'],
      `kind Network (${value.apiVersion}) is the obsolete Multus API. It predates the Network Plumbing Working Group specification: current Multus only reads NetworkAttachmentDefinition (k8s.cni.cncf.io/v1), so pods cannot reference this network. Rewrite it as a NAD with the CNI config in spec.config.`,
    );
  } else if (value.kind !== undefined && value.apiVersion === undefined) {
    doc.atKey(
      'k8s-object-incomplete',
      ['kind'],
      `${String(value.kind)} has no apiVersion, so kubectl cannot apply it. It looks like a fragment from documentation.`,
    );
  }
  const base = podTemplatePath(value.kind);
  if (!base) return;
  const spec = asRecord([...base, 'spec'].reduce<unknown>((node, key) => asRecord(node)?.[key], value));
  for (const [index, container] of (Array.isArray(spec?.containers) ? spec.containers : []).entries()) {
    const name = asRecord(container)?.name;
    if (typeof name === 'string' && !DNS1123_LABEL.test(name)) {
      const range = containerNameRange(doc, [...base, 'spec', 'containers'], index);
      doc.report(
        'k8s-container-name-invalid',
        range,
        `Container name "${name}" is invalid. The API server rejects the pod: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character.`,
        { replacement: name.toLowerCase().replace(/[^a-z0-9-]/g, '-') },
      );
    }
  }
}

function containerNameRange(doc: DocumentSource, path: readonly string[], index: number): readonly [number, number] {
  const list = doc.node(path);
  const item = isSeq(list) ? list.items[index] : undefined;
  const name = isMap(item) ? (item.get('name', true) as Node | undefined) : undefined;
  return name ? doc.nodeRange(name) : doc.rangeAt(path);
}

/**
 * The documents a file was read from: where YAML 1.2 rejects a slice only because quoted scalars
 * continue on lines indented no deeper than their key, readManifestSet read it the way kubectl's
 * go-yaml does (lenientYaml.ts); each such scalar gets one warning instead of the parser's errors.
 */
function leniently(
  { file, documents, lenient: read }: ParsedFile,
  out: EngineDiagnostic[],
): { documents: readonly ManifestDocument[]; lenient?: LenientText } {
  if (!read) return { documents };
  const { text, path } = file;
  for (const offset of read.lenient.reindented) {
    const end = text.indexOf('\n', offset);
    out.push({
      file: path,
      range: [offset, end > offset ? end : offset + 1],
      severity: DIAGNOSTIC_CODES['yaml-quoted-indentation'].severity,
      code: 'yaml-quoted-indentation',
      message:
        "This continuation line is indented no deeper than its key. It continues a quoted scalar or a { } / [ ] value: kubectl accepts it (go-yaml does not check indentation inside quoted scalars and flow collections), but YAML 1.2 tools such as yq, Helm or this extension's parser reject it. Indent it further, or write the JSON as a `|` block.",
    });
  }
  return read;
}
