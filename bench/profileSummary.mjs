#!/usr/bin/env node
// Reads V8 CPU profiles (`node --cpu-prof --cpu-prof-dir=DIR ...`, one .cpuprofile per process)
// and prints the functions with the most self time and the most inclusive time, so a profile
// taken on the shared machine can be read without a browser (bench/README.md, "Profiling").
//   node bench/profileSummary.mjs DIR_OR_FILE [--top N]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const target = process.argv[2];
const topAt = process.argv.indexOf('--top');
const TOP = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
if (!target) {
  console.error('usage: node bench/profileSummary.mjs DIR_OR_FILE [--top N]');
  process.exit(2);
}

const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => join(target, name))
  : [target];

for (const file of files) summarise(file);

/** Self and inclusive milliseconds per function (by name and location), from the samples. */
function summarise(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const hits = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    hits.set(profile.samples[i], (hits.get(profile.samples[i]) ?? 0) + delta);
  }
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  for (const [id, ms] of hits) {
    total += ms;
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at));
      if (at === id) self.set(name, (self.get(name) ?? 0) + ms);
      // A recursive function counts once per sample.
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      seen.add(name);
    }
  }
  console.log(`\n# ${file}: ${total.toFixed(0)} ms sampled\n`);
  print('self', self, total);
  print('inclusive', inclusive, total);
}

function label(node) {
  const frame = node.callFrame;
  const where = frame.url ? `${frame.url.replace(/^.*\//, '')}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'} ${where}`.trim();
}

function print(title, table, total) {
  console.log(`## ${title}\n`);
  const rows = [...table].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  for (const [name, ms] of rows)
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
  console.log('');
}
