import type { DocumentAnalysis, NadEntry, PodEntry, ReferenceEntry } from './documentAnalysis';
import type { YamlDocument, ManifestModel } from './documents';

/**
 * The order of workspace files: by path, folder by folder, as the CLI walks a folder (so the
 * editor and `check` agree which of two colliding NADs comes later).
 */
export function compareUris(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return x.length - y.length;
}

/** NADs sharing a name, CNI name or master beyond this many are compared by `check` only (see collidingNads). */
export const COLLISION_GROUP_LIMIT = 50;

/** `<namespace>/<name>`, the key NADs are found by. */
export function nadKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export interface IndexedNad {
  readonly model: ManifestModel;
  readonly yamlDocument: YamlDocument;
  readonly nad: NadEntry;
}

export interface IndexedPod {
  readonly model: ManifestModel;
  readonly yamlDocument: YamlDocument;
  readonly pod: PodEntry;
}

export interface IndexedReference extends IndexedPod {
  readonly reference: ReferenceEntry;
}

/** What an update changed: NAD keys that appeared or disappeared, and files whose pods reference them. */
export interface IndexChange {
  readonly nadKeys: ReadonlySet<string>;
  readonly affectedUris: ReadonlySet<string>;
  /** Whether any NAD or annotated pod was added, edited or removed (other files' workspace rules may change). */
  readonly changed: boolean;
  /** What the changed NADs and pods are found by: see `touches`. */
  readonly groups: ReadonlySet<string>;
}

/** The collision groups of a NAD (collidingNads): beyond COLLISION_GROUP_LIMIT members, not looked up. */
function collisionGroups(nad: NadEntry): string[] {
  return [`name ${nad.name}`, `cni ${nad.cniName}`, ...(nad.master ? [`master ${nad.master}`] : [])];
}

/** The lookups (WorkspaceChecks.relatedDocuments) that find a NAD as another NAD's partner or a pod's reference. */
function nadGroups(nad: NadEntry): string[] {
  return [...collisionGroups(nad), `key ${nadKey(nad.namespace, nad.name)}`];
}

/** The groups a changed document changes: its NADs' (and their namespaces, for "did you mean") and the keys its pods reference. */
function lookupGroups(analysis: DocumentAnalysis): string[] {
  return [
    ...analysis.nads.flatMap((nad) => [...nadGroups(nad), `named ${nad.name}`, `namespace ${nad.namespace}`]),
    ...analysis.pods.flatMap((pod) => pod.references.map((ref) => `key ${nadKey(ref.namespace, ref.name)}`)),
  ];
}

/** The groups each document's own lookups read, built once per analysis (each edit stamps every document of its file). */
const documentGroupsMade = new WeakMap<DocumentAnalysis, readonly string[]>();

/** The groups a document's own lookups read: its NADs' partners, and the names and namespaces its pods reference. */
function documentGroups(analysis: DocumentAnalysis): readonly string[] {
  let groups = documentGroupsMade.get(analysis);
  if (!groups) {
    groups = [
      ...analysis.nads.flatMap(nadGroups),
      ...analysis.pods.flatMap((pod) =>
        pod.references.flatMap((ref) => [`named ${ref.name}`, `namespace ${ref.namespace}`]),
      ),
    ];
    documentGroupsMade.set(analysis, groups);
  }
  return groups;
}

/**
 * Whether a change can alter a file's workspace diagnostics, so an edit elsewhere re-checks only
 * the open documents it concerns (a 5000-NAD file cost 30 ms per keystroke in an unrelated NAD).
 * A pod's findings depend on the NADs it names, its namespace's NADs and the preview of every pod
 * (PreviewChecks): any change. A NAD's depend on the NADs sharing its name, CNI name or master and
 * on the pods that reference it.
 */
export function touches(change: IndexChange, model: ManifestModel): boolean {
  if (!change.changed) return false;
  return model.yamlDocuments.some(
    ({ analysis }) =>
      analysis.pods.length > 0 || analysis.nads.some((nad) => nadGroups(nad).some((group) => change.groups.has(group))),
  );
}

/**
 * Every NAD and annotated workload of the workspace, open or not, by file. Counts per NAD key
 * and per referencing file are kept incrementally from the documents that changed, so an edit in
 * a 5000-document file costs what its changed document costs.
 */
export class WorkspaceIndex {
  private readonly models = new Map<string, ManifestModel>();
  private readonly nadCounts = new Map<string, number>();
  /** NAD key -> file -> how many references in that file. */
  private readonly referrers = new Map<string, Map<string, number>>();
  /** NAD name (any namespace) -> file -> how many NADs of that name in that file. */
  private readonly nadFiles = new Map<string, Map<string, number>>();
  /** CNI network name -> file -> how many NADs use it there. */
  private readonly cniNameFiles = new Map<string, Map<string, number>>();
  /** master -> file -> how many NADs attach to it there. */
  private readonly masterFiles = new Map<string, Map<string, number>>();
  /**
   * Each file version's NADs by name, CNI name and master, and its references by NAD key, made on
   * first use: a lookup then costs its matches, not a scan of every file that has one (a 5000-NAD
   * file beside a copy of itself scanned 10,000 documents for each of its NADs).
   */
  private readonly keyed = new WeakMap<ManifestModel, KeyedEntries>();

  get(uri: string): ManifestModel | undefined {
    return this.models.get(uri);
  }

  /** Files in a stable order (by URI), as the preview walks them. */
  files(): ManifestModel[] {
    return [...this.models.values()].sort((a, b) => compareUris(a.uri, b.uri));
  }

  hasNad(namespace: string, name: string): boolean {
    return (this.nadCounts.get(nadKey(namespace, name)) ?? 0) > 0;
  }

  /** Whether any annotated workload of the workspace references any NAD. */
  hasReferences(): boolean {
    return this.referrers.size > 0;
  }

  /** Whether any annotated workload of the workspace selects the NAD. */
  isReferenced(namespace: string, name: string): boolean {
    return this.referrers.has(nadKey(namespace, name));
  }

  /** Per lookup group (nadGroups, documentGroups), the update that last changed its members or their order. */
  private readonly groupStamps = new Map<string, number>();
  /** Members per collision group (collisionGroups), across the workspace. */
  private readonly collisionSizes = new Map<string, number>();
  private updates = 0;

  /**
   * The last update that changed any group a document's workspace rules look up (0: none yet):
   * while it stays the same, so do the documents related to it (WorkspaceChecks skips the lookups).
   */
  stampOf(analysis: DocumentAnalysis): number {
    let stamp = 0;
    for (const group of documentGroups(analysis)) stamp = Math.max(stamp, this.groupStamps.get(group) ?? 0);
    return stamp;
  }

  /** Replaces a file's model (or removes it with undefined) and tells what changed. */
  update(uri: string, model: ManifestModel | undefined): IndexChange {
    const before = this.models.get(uri);
    const keep = model && model.ours ? model : undefined;
    if (keep) this.models.set(uri, keep);
    else this.models.delete(uri);
    const nadKeys = new Set<string>();
    const { delta, region } = countDelta(before, keep);
    const groups = new Set(region.flatMap(lookupGroups));
    const sizesBefore = new Map([...groups].map((group) => [group, this.collisionSizes.get(group) ?? 0]));
    for (const [analysis, count] of delta)
      for (const nad of analysis.nads)
        for (const group of collisionGroups(nad)) addCount(this.collisionSizes, group, count);
    // A collision group past the limit is not looked up, so its changes concern no one (every NAD of a generated file on eth0).
    for (const [group, size] of sizesBefore)
      if (size > COLLISION_GROUP_LIMIT && (this.collisionSizes.get(group) ?? 0) > COLLISION_GROUP_LIMIT)
        groups.delete(group);
    if (groups.size > 0) this.updates++;
    for (const group of groups) this.groupStamps.set(group, this.updates);
    for (const [analysis, count] of delta) {
      for (const nad of analysis.nads) {
        const key = nadKey(nad.namespace, nad.name);
        addCount(this.nadCounts, key, count);
        addNested(this.nadFiles, nad.name, uri, count);
        addNested(this.cniNameFiles, nad.cniName, uri, count);
        if (nad.master) addNested(this.masterFiles, nad.master, uri, count);
        nadKeys.add(key);
      }
      for (const pod of analysis.pods) {
        for (const reference of pod.references) {
          addNested(this.referrers, nadKey(reference.namespace, reference.name), uri, count);
        }
      }
    }
    const affectedUris = new Set<string>();
    for (const key of nadKeys) for (const file of this.referrers.get(key)?.keys() ?? []) affectedUris.add(file);
    return { nadKeys, affectedUris, changed: delta.size > 0, groups };
  }

  /** Every NAD in the workspace, in file order. */
  *nads(): Generator<IndexedNad> {
    for (const model of this.files()) {
      for (const yamlDocument of model.yamlDocuments)
        for (const nad of yamlDocument.analysis.nads) yield { model, yamlDocument, nad };
    }
  }

  findNads(namespace: string, name: string): IndexedNad[] {
    if (!this.hasNad(namespace, name)) return [];
    return this.nadsNamed(name).filter(({ nad }) => nad.namespace === namespace);
  }

  /** The annotated pods that select the NAD, each once, in file order. */
  podsSelecting(namespace: string, name: string): IndexedPod[] {
    const seen = new Set<PodEntry>();
    return this.referencesTo(namespace, name).filter(({ pod }) => !seen.has(pod) && seen.add(pod));
  }

  /** Every annotated pod in the workspace, in file order. */
  *pods(): Generator<IndexedPod> {
    for (const model of this.files()) {
      for (const yamlDocument of model.yamlDocuments)
        for (const pod of yamlDocument.analysis.pods) yield { model, yamlDocument, pod };
    }
  }

  /** Every annotation entry that selects the NAD, across the workspace. */
  referencesTo(namespace: string, name: string): IndexedReference[] {
    const key = nadKey(namespace, name);
    const files = this.referrers.get(key);
    if (!files) return [];
    return [...files.keys()]
      .sort(compareUris)
      .flatMap((uri) => this.keyedEntries(this.models.get(uri) as ManifestModel).references.get(key) ?? []);
  }

  /** NADs with this name in any namespace (the cross-document rules also look in other namespaces). */
  nadsNamed(name: string): IndexedNad[] {
    return this.nadsListedIn(this.nadFiles, `name ${name}`);
  }

  /**
   * The NADs a NAD could collide with: same name, same CNI network name, or same master. Counted
   * first from the per-file counts, so a NAD alone in its group costs nothing; a group larger than
   * `limit` (a generated file of thousands of NADs on eth0) is left to `check`, which sees them all.
   */
  collidingNads(nad: NadEntry, limit: number): IndexedNad[] {
    const groups: [Map<string, Map<string, number>>, string | undefined, string][] = [
      [this.nadFiles, nad.name, 'name'],
      [this.cniNameFiles, nad.cniName, 'cni'],
      [this.masterFiles, nad.master, 'master'],
    ];
    return groups.flatMap(([files, key, kind]) => {
      if (key === undefined) return [];
      const total = [...(files.get(key)?.values() ?? [])].reduce((sum, count) => sum + count, 0);
      return total > 1 && total <= limit ? this.nadsListedIn(files, `${kind} ${key}`) : [];
    });
  }

  /** The NADs under a `kind key` lookup key in the files a per-key count lists, in file order. */
  private nadsListedIn(files: Map<string, Map<string, number>>, lookup: string): IndexedNad[] {
    const key = lookup.slice(lookup.indexOf(' ') + 1);
    return [...(files.get(key)?.keys() ?? [])]
      .sort(compareUris)
      .flatMap((uri) => this.keyedEntries(this.models.get(uri) as ManifestModel).nads.get(lookup) ?? []);
  }

  private keyedEntries(model: ManifestModel): KeyedEntries {
    const known = this.keyed.get(model);
    if (known) return known;
    const entries: KeyedEntries = { nads: new Map(), references: new Map() };
    for (const yamlDocument of model.yamlDocuments) {
      for (const nad of yamlDocument.analysis.nads) {
        for (const lookup of collisionGroups(nad)) push(entries.nads, lookup, { model, yamlDocument, nad });
      }
      for (const pod of yamlDocument.analysis.pods)
        for (const reference of pod.references)
          push(entries.references, nadKey(reference.namespace, reference.name), {
            model,
            yamlDocument,
            pod,
            reference,
          });
    }
    this.keyed.set(model, entries);
    return entries;
  }

  /** Up to `limit` NADs of a namespace, in file order. */
  nadsIn(namespace: string, limit: number): IndexedNad[] {
    const found: IndexedNad[] = [];
    for (const entry of this.nads()) {
      if (found.length >= limit) break;
      if (entry.nad.namespace === namespace) found.push(entry);
    }
    return found;
  }

  /** Namespaces that hold NADs, sorted. */
  namespaces(): string[] {
    return [...new Set([...this.nadCounts.keys()].map((key) => key.split('/')[0]))].sort();
  }
}

/** One file version's entries by lookup key (see WorkspaceIndex.keyed). */
interface KeyedEntries {
  /** By `name <name>`, `cni <CNI name>` and `master <master>`. */
  readonly nads: Map<string, IndexedNad[]>;
  /** By NAD key, `<namespace>/<name>`. */
  readonly references: Map<string, IndexedReference[]>;
}

function push<T>(map: Map<string, T[]>, key: string, entry: T): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

/**
 * Per analysis, how many more (or fewer) times it occurs after the update. The documents an
 * edit or an analysis slice did not touch keep their analysis at the same place from the start
 * and from the end: only the region between is counted (a 23,000-document file analysed in 100
 * slices counted every document of it twice per slice).
 */
function countDelta(
  before: ManifestModel | undefined,
  after: ManifestModel | undefined,
): { delta: Map<DocumentAnalysis, number>; region: DocumentAnalysis[] } {
  const old = before?.yamlDocuments ?? [];
  const now = after?.yamlDocuments ?? [];
  let head = 0;
  while (head < old.length && head < now.length && old[head].analysis === now[head].analysis) head++;
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < now.length - head &&
    old[old.length - 1 - tail].analysis === now[now.length - 1 - tail].analysis
  )
    tail++;
  const delta = new Map<DocumentAnalysis, number>();
  // Our documents between: counted, and all of them (a moved one too: the order decides "the later of two") in `region`.
  const region: DocumentAnalysis[] = [];
  for (const yamlDocument of old.slice(head, old.length - tail))
    if (yamlDocument.analysis.ours) {
      delta.set(yamlDocument.analysis, (delta.get(yamlDocument.analysis) ?? 0) - 1);
      region.push(yamlDocument.analysis);
    }
  for (const yamlDocument of now.slice(head, now.length - tail))
    if (yamlDocument.analysis.ours) {
      delta.set(yamlDocument.analysis, (delta.get(yamlDocument.analysis) ?? 0) + 1);
      region.push(yamlDocument.analysis);
    }
  for (const [analysis, count] of delta) if (count === 0) delta.delete(analysis);
  return { delta, region };
}

function addNested(map: Map<string, Map<string, number>>, key: string, uri: string, delta: number): void {
  const files = map.get(key) ?? new Map<string, number>();
  addCount(files, uri, delta);
  if (files.size > 0) map.set(key, files);
  else map.delete(key);
}

function addCount<K>(counts: Map<K, number>, key: K, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
