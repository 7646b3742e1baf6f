import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';

// The engine's folders form layers (ARCHITECTURE.md, "The engine's folders"): every import
// between two engine files points one way, so no folder and no file reaches back into a folder
// or file that imports it. engine/index.ts is the surface and imports everything; it is left out.

const ROOT = join(__dirname, '..', '..', '..');
const ENGINE = join(ROOT, 'engine');
const SURFACE = 'engine/index.ts';

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return engineFiles(path);
    return entry.name.endsWith('.ts') ? [relative(ROOT, path)] : [];
  });
}

/** The engine files a file imports (static `import`/`export ... from` with a relative path). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const targets: string[] = [];
  for (const match of text.matchAll(/\b(?:import|export)\b[^;]*?\bfrom\s*'(\.{1,2}\/[^']+)'/gs)) {
    const target = normalize(join(dirname(file), match[1]));
    for (const candidate of [`${target}.ts`, join(target, 'index.ts')]) {
      if (candidate.startsWith('engine/') && existsSync(join(ROOT, candidate))) targets.push(candidate);
    }
  }
  return targets;
}

/** The strongly connected parts of more than one node (Tarjan): each is a cycle. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const part = stack.splice(stack.indexOf(node));
    if (part.length > 1) found.push(part.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

function addEdge(graph: Map<string, Set<string>>, from: string, to: string): void {
  if (!graph.has(from)) graph.set(from, new Set());
  if (!graph.has(to)) graph.set(to, new Set());
  graph.get(from)!.add(to);
}

const files = engineFiles(ENGINE).filter((file) => file !== SURFACE);
const fileGraph = new Map<string, Set<string>>();
const folderGraph = new Map<string, Set<string>>();
const folderOf = (file: string): string => dirname(file);
for (const file of files) {
  for (const target of importsOf(file)) {
    if (target === SURFACE) continue;
    addEdge(fileGraph, file, target);
    if (folderOf(file) !== folderOf(target)) addEdge(folderGraph, folderOf(file), folderOf(target));
  }
}

test('the scan sees the engine: files, and imports between its folders', () => {
  assert.ok(files.length > 50, `only ${files.length} engine files found under ${ENGINE}`);
  assert.ok(folderGraph.get('engine/preview')?.has('engine/multus'), 'preview imports multus (delegate list)');
});

test('no engine file imports itself back through other files', () => {
  assert.deepEqual(cycles(fileGraph), []);
});

test('no engine folder imports itself back through other folders', () => {
  assert.deepEqual(cycles(folderGraph), []);
});

test('a planted cycle is found (the scan can fail)', () => {
  const planted = new Map([...folderGraph].map(([folder, targets]) => [folder, new Set(targets)]));
  addEdge(planted, 'engine/address', 'engine/preview');
  assert.ok(cycles(planted).some((part) => part.includes('engine/address') && part.includes('engine/preview')));
});
