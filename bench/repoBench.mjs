#!/usr/bin/env node
// `npm run bench:repo`: a generated GitOps-like repository (bench/repoCorpus.mjs) measured in one run
// against its floor -- reading every file and parsing it with `yaml` -- as ratios (bench/README.md):
//   - the language server indexing it as a workspace: CPU, wall time, peak RSS; the time until a file
//     opened at the start gets its diagnostics; hover and completion latency inside spec.config while
//     the index builds;
//   - `multus-nad check` over the same tree: CPU, wall time, peak RSS, at several repository sizes.
// Not part of `npm test`, and nothing here asserts a speed.
//
// Environment: REPOBENCH_FILES (default 10000), REPOBENCH_CLI_SIZES (default 2500,5000,10000),
// REPOBENCH_REPS (default 3: the median run is reported, with the spread).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { writeRepository } from './repoCorpus.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, 'bench', 'work', 'repo');
const FILES = Number(process.env.REPOBENCH_FILES ?? 10_000);
const CLI_SIZES = (process.env.REPOBENCH_CLI_SIZES ?? '2500,5000,10000').split(',').map(Number);
const REPS = Number(process.env.REPOBENCH_REPS ?? 3);
const PROBES = 20;
/** Extra Node options for the server and CLI processes, e.g. `--cpu-prof --cpu-prof-dir=DIR` (bench/README.md). */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** Runs a command under GNU time; returns CPU seconds, wall seconds and peak RSS in MiB. */
function timed(command, args) {
  const run = spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %e %M', command, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 28,
  });
  // check exits 1 when it finds errors; the figures are on stderr either way.
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`${command} ${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
  return parseTime(run.stderr.toString());
}

function parseTime(stderr) {
  const line = stderr.split('\n').find((l) => l.startsWith('TIME '));
  if (!line) throw new Error(`no timing in: ${stderr.slice(-400)}`);
  const [user, sys, wall, rssKiB] = line.split(' ').slice(1).map(Number);
  return { cpu: user + sys, wall, rss: rssKiB / 1024 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The median run of `measure` over REPS runs, with the spread (max/min - 1) of each figure. */
function repeated(measure) {
  const runs = Array.from({ length: REPS }, measure);
  const figure = (key) => median(runs.map((r) => r[key]));
  const spread = (key) => Math.max(...runs.map((r) => r[key])) / Math.min(...runs.map((r) => r[key])) - 1;
  return {
    cpu: figure('cpu'),
    wall: figure('wall'),
    rss: figure('rss'),
    spread: Math.max(spread('cpu'), spread('wall')),
  };
}

const floor = (root) => repeated(() => timed(process.execPath, [join(ROOT, 'bench', 'repoFloor.mjs'), root]));
const cliCheck = (root) =>
  repeated(() =>
    timed(process.execPath, [...NODE_ARGS, join(ROOT, 'dist', 'cli.js'), 'check', root, '--format', 'json']),
  );

/** Server CPU seconds and peak RSS (MiB) from /proc while it runs. */
function serverUsage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpu: ticks / 100, rss: Number(hwm?.[1] ?? 0) / 1024 };
}

async function timeRequest(connection, method, params) {
  const started = performance.now();
  await connection.sendRequest(method, params);
  return performance.now() - started;
}

/** The language server on the repository as its workspace folder. */
async function serverRun(repo) {
  const server = spawn(process.execPath, [...NODE_ARGS, join(ROOT, 'dist', 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const connection = createMessageConnection(
    new StreamMessageReader(server.stdout),
    new StreamMessageWriter(server.stdin),
  );
  const settings = { validate: true, debounceMs: 0 };
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => settings));
  connection.onRequest(() => null);
  const openUri = pathToFileURL(repo.paths[0]).toString();
  let diagnosedAt;
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    if (params.uri === openUri && diagnosedAt === undefined) diagnosedAt = performance.now();
  });
  connection.onNotification(() => undefined);
  connection.listen();
  const rootUri = pathToFileURL(join(WORK, String(repo.files))).toString();
  const started = performance.now();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'repo' }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    initializationOptions: { workspaceTrusted: true },
  });
  const startedUp = performance.now();
  await connection.sendNotification('initialized', {});
  const text = readFileSync(repo.paths[0], 'utf8');
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: openUri, languageId: 'yaml', version: 1, text },
  });
  const openedAt = performance.now();
  const inConfig = lineOf(text, '"master"');
  const hover = [];
  const completion = [];
  let indexedAt;
  while (indexedAt === undefined) {
    const position = { line: inConfig, character: text.split('\n')[inConfig].indexOf('"master"') + 2 };
    if (hover.length < PROBES) {
      hover.push(await timeRequest(connection, 'textDocument/hover', { textDocument: { uri: openUri }, position }));
      completion.push(
        await timeRequest(connection, 'textDocument/completion', { textDocument: { uri: openUri }, position }),
      );
    }
    const nads = await connection.sendRequest('multus/listNads', {});
    if (nads.length >= repo.nads) indexedAt = performance.now();
    else await new Promise((r) => setTimeout(r, 50));
  }
  while (diagnosedAt === undefined) await new Promise((r) => setTimeout(r, 20));
  const usage = serverUsage(server.pid);
  const exited = new Promise((resolve) => server.once('exit', resolve));
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  // A profiled server writes its profile as it exits.
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  connection.dispose();
  server.kill();
  return {
    cpu: usage.cpu,
    rss: usage.rss,
    wall: (indexedAt - started) / 1000,
    startupMs: startedUp - started,
    firstDiagnosticsMs: diagnosedAt - openedAt,
    hoverP50: median(hover),
    completionP50: median(completion),
  };
}

function lineOf(text, needle) {
  return text.slice(0, text.indexOf(needle)).split('\n').length - 1;
}

const f2 = (n) => n.toFixed(2);
const ratio = (a, b) => `**${(a / b).toFixed(2)}**`;

async function main() {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  console.log(
    `# Repository benchmark, ${new Date().toISOString().slice(0, 10)} on ${cpus().length} x ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
  );
  const repo = writeRepository(join(WORK, String(FILES)), FILES);
  console.log(
    `${repo.files} files (${repo.nads} NADs, ${repo.workloads} annotated workloads), ${(repo.bytes / 2 ** 20).toFixed(1)} MiB; median of ${REPS} runs\n`,
  );
  const base = floor(join(WORK, String(FILES)));
  const servers = [];
  for (let i = 0; i < REPS; i++) servers.push(await serverRun(repo));
  const pick = (key) => median(servers.map((s) => s[key]));
  console.log('## Language server: workspace index\n');
  console.log('| measure | floor | multus-nad | ratio | goal |');
  console.log('|---|---|---|---|---|');
  console.log(`| index CPU s | ${f2(base.cpu)} | ${f2(pick('cpu'))} | ${ratio(pick('cpu'), base.cpu)} | <= 1.5 |`);
  console.log(`| index wall s | ${f2(base.wall)} | ${f2(pick('wall'))} | ${ratio(pick('wall'), base.wall)} | |`);
  console.log(`| peak RSS MiB | ${f2(base.rss)} | ${f2(pick('rss'))} | ${ratio(pick('rss'), base.rss)} | < 250 MiB |`);
  console.log(`| server start (spawn to initialize result), ms | | ${f2(pick('startupMs'))} | | |`);
  console.log(
    `| open file's first diagnostics while indexing (from didOpen), ms | | ${f2(pick('firstDiagnosticsMs'))} | | <= 200 |`,
  );
  console.log(`| hover in spec.config while indexing, p50 ms | | ${f2(pick('hoverP50'))} | | |`);
  console.log(`| completion in spec.config while indexing, p50 ms | | ${f2(pick('completionP50'))} | | |`);
  console.log(`\nfloor spread ${(base.spread * 100).toFixed(0)} %\n`);
  console.log('## CLI `check` over the tree\n');
  console.log(
    '| files | MiB | floor CPU s | check CPU s | CPU ratio (goal <= 1.5) | floor RSS MiB | check RSS MiB | RSS ratio (goal <= 2) | spread |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const size of CLI_SIZES) {
    const dir = join(WORK, `cli-${size}`);
    const tree = writeRepository(dir, size);
    const f = floor(dir);
    const c = cliCheck(dir);
    console.log(
      `| ${size} | ${(tree.bytes / 2 ** 20).toFixed(1)} | ${f2(f.cpu)} | ${f2(c.cpu)} | ${ratio(c.cpu, f.cpu)} | ${f2(f.rss)} | ${f2(c.rss)} | ${ratio(c.rss, f.rss)} | ${(Math.max(f.spread, c.spread) * 100).toFixed(0)} % |`,
    );
  }
}

await main();
