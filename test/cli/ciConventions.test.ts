import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, runCli, runCliWith } from './cliRunner';

// Issue 13: the CLI in CI and GitOps repositories (stdin, Helm templates and rendered output,
// .multus-nad.yaml, inline suppressions, --fail-on/--quiet), always through the built CLI.

interface Finding {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A throw-away folder holding `files` (path -> text); `.git/` makes it a repository root. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'multus-nad-ci-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function findings(stdout: string): Finding[] {
  return (JSON.parse(stdout) as { diagnostics: Finding[] }).diagnostics;
}

const RENDERED = readFileSync(join(ROOT, 'test/fixtures/helm/lab-networks-rendered.yaml'), 'utf8');

/** A NAD whose host-local IPAM hands out a default route (ipam-default-route, a warning) on the config's line 6. */
function nadWithDefaultRoute(name: string, config: (json: string) => string): string {
  const json = [
    '{',
    '  "cniVersion": "0.3.1",',
    '  "type": "macvlan",',
    '  "master": "eth0",',
    '  "ipam": { "type": "host-local", "subnet": "10.1.0.0/24",',
    '    "routes": [{ "dst": "0.0.0.0/0" }] }',
    '}',
  ].join('\n');
  return `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ${name}\nspec:\n${config(json)}\n`;
}

const block = (indicator: string) => (json: string) =>
  `  config: ${indicator}\n${json
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}`;
const SCALAR_STYLES: Record<string, (json: string) => string> = {
  literal: block('|'),
  folded: block('>'),
  'double-quoted': (json) => `  config: "${json.replace(/\n/g, ' ').replace(/"/g, '\\"')}"`,
  'double-quoted, multi-line': (json) => `  config: "${json.replace(/"/g, '\\"').replace(/\n/g, '\n    ')}"`,
  'single-quoted': (json) => `  config: '${json.replace(/\n/g, ' ')}'`,
};

describe('check - and preview - read standard input', () => {
  it('rendered helm output: each finding names the # Source: file and the line inside that document', () => {
    const run = runCliWith({ input: RENDERED }, 'check', '--format', 'json', '-');
    assert.equal(run.status, 1, run.stderr);
    const got = findings(run.stdout).map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`);
    assert.deepEqual(got, [
      'lab-networks/templates/workload.yaml:14:56 reference-not-found',
      'lab-networks/templates/workload.yaml:14:56 reference-duplicate-interface',
      'lab-networks/templates/macvlan-nad.yaml:21:23 ipam-range-outside-subnet',
      'lab-networks/templates/macvlan-nad.yaml:23:29 ipam-default-route',
    ]);
  });

  it('a stream without # Source: comments (kustomize build) is <stdin>, lines counted in the stream', () => {
    const stream = `---\n${nadWithDefaultRoute('a', block('|'))}---\n${nadWithDefaultRoute('b', block('|'))}`;
    const run = runCliWith({ input: stream }, 'check', '-');
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n').filter((line) => line.includes('ipam-default-route'));
    assert.deepEqual(
      lines.map((line) => line.split(': ')[0]),
      ['<stdin>:13:29', '<stdin>:27:29'],
    );
  });

  it('preview - previews the pods of the stream', () => {
    const run = runCliWith(
      {
        input: RENDERED.replace(', storage-net@net1', '')
          .replace('"eth1"', '"eth0"')
          .replace('192.168.2.200', '192.168.1.200'),
      },
      'preview',
      '-',
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^=== pod default\/lab-app-\S+ on node node1/m);
    assert.match(run.stdout, /net1@if\d+: .* mtu 1500 /);
  });
});

describe('Helm template files', () => {
  const chart = join(ROOT, 'examples/helm-chart');

  it('the chart: no yaml-syntax, one helm-template note per template, the real findings at the template lines', () => {
    const run = runCli('check', '--format', 'json', 'examples/helm-chart');
    assert.equal(run.status, 1, run.stderr);
    const got = findings(run.stdout).map((d) => `${d.file}:${d.line} ${d.severity} ${d.code}`);
    assert.deepEqual(got, [
      'examples/helm-chart/templates/macvlan-nad.yaml:4 information helm-template',
      'examples/helm-chart/templates/macvlan-nad.yaml:21 error ipam-range-outside-subnet',
      'examples/helm-chart/templates/macvlan-nad.yaml:23 warning ipam-default-route',
      'examples/helm-chart/templates/workload.yaml:4 information helm-template',
      'examples/helm-chart/templates/workload.yaml:14 warning reference-not-found',
      'examples/helm-chart/templates/workload.yaml:14 error reference-duplicate-interface',
    ]);
    const note = findings(run.stdout)[0];
    assert.match(note.message, /Helm template/);
    assert.match(note.message, /helm template <chart> \| multus-nad check -/);
  });

  it('done-when: the templates and the rendered output give the same findings at the same template lines', () => {
    const key = (d: Finding) => `${d.file.replace(/^.*\/templates\//, 'templates/')}:${d.line} ${d.code}`;
    const fromTemplates = findings(runCli('check', '--format', 'json', 'examples/helm-chart').stdout)
      .filter((d) => d.code !== 'helm-template')
      .map(key);
    const fromRendered = findings(runCliWith({ input: RENDERED }, 'check', '--format', 'json', '-').stdout).map(key);
    assert.deepEqual([...fromTemplates].sort(), [...fromRendered].sort());
  });

  it('outside a chart, a file whose YAML fails only at {{ }} is a template; no rule fires on an action, also inside the JSON', () => {
    const text = readFileSync(join(chart, 'templates/macvlan-nad.yaml'), 'utf8')
      .replace('"192.168.2.200"', '"192.168.1.200"')
      .replace('"routes": [{ "dst": "0.0.0.0/0" }],', '"routes": [],')
      .replace('"master": "{{ .Values.macvlan.master }}"', '"master": "{{ .Values.master }}", "mode ": "x"');
    const dir = tree({ 'nad.yaml': text });
    const run = runCliWith({ cwd: dir }, 'check', '--format', 'json', 'nad.yaml');
    assert.equal(run.status, 0, run.stderr);
    const got = findings(run.stdout).map((d) => `${d.line} ${d.code}`);
    // The unknown key "mode " (outside any action) still fires: the JSON was checked.
    assert.deepEqual(got, ['4 helm-template', '15 json-unknown-key']);
    assert.ok(!run.stdout.includes('yaml-syntax'));
  });

  it('a file that fails where no action stands keeps its yaml-syntax error', () => {
    const dir = tree({ 'nad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n  x: [\n' });
    const run = runCliWith({ cwd: dir }, 'check', '--format', 'json', 'nad.yaml');
    assert.equal(run.status, 1);
    assert.ok(findings(run.stdout).length > 0, 'the unclosed [ is reported');
    // Only YAML errors: no helm-template note, since the file fails where no action stands.
    assert.ok(findings(run.stdout).every((d) => d.code === 'yaml-syntax'));
  });
});

describe('.multus-nad.yaml', () => {
  const nad = nadWithDefaultRoute('net-a', block('|'));

  it('rule severities and off by code; the nearest file wins; none above the repository root applies', () => {
    const dir = tree({
      '.multus-nad.yaml': 'rules:\n  ipam-default-route: off\n',
      'repo/.git/HEAD': '',
      'repo/.multus-nad.yaml': 'rules:\n  ipam-default-route: error\n',
      'repo/nads/a.yaml': nad,
      'repo/team/.multus-nad.yaml': 'rules:\n  ipam-default-route: off\n',
      'repo/team/b.yaml': nadWithDefaultRoute('net-b', block('|')).replace('10.1.0.0', '10.2.0.0'),
    });
    const run = runCliWith({ cwd: join(dir, 'repo') }, 'check', '--format', 'json', '.');
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(
      findings(run.stdout).map((d) => `${d.file} ${d.severity} ${d.code}`),
      ['nads/a.yaml error ipam-default-route'],
    );
  });

  it('ignore globs skip files, with the pattern named', () => {
    const dir = tree({
      '.git/HEAD': '',
      '.multus-nad.yaml': 'ignore:\n  - "vendor/**"\n',
      'vendor/x/a.yaml': nad,
      'mine/b.yaml': nad,
    });
    const run = runCliWith({ cwd: dir }, 'check', '--format', 'json', '.');
    const output = JSON.parse(run.stdout) as { files: number; skipped: { file: string; reason: string }[] };
    assert.equal(output.files, 1);
    assert.deepEqual(
      output.skipped.map((s) => s.file),
      ['vendor/x/a.yaml'],
    );
    assert.match(output.skipped[0].reason, /ignored by .*\.multus-nad\.yaml \("vendor\/\*\*"\)/);
  });

  it('a malformed config is a usage error naming the file and the key', () => {
    const dir = tree({ '.git/HEAD': '', '.multus-nad.yaml': 'rules:\n  ipam-default-rout: off\n', 'a.yaml': nad });
    const run = runCliWith({ cwd: dir }, 'check', 'a.yaml');
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /\.multus-nad\.yaml: rules: unknown diagnostic code "ipam-default-rout" \(did you mean "ipam-default-route"\?\)/,
    );
  });

  it('clusterModel reaches preview, relative to the config file', () => {
    const dir = tree({ '.git/HEAD': '', '.multus-nad.yaml': 'clusterModel: lab/cluster.yaml\n' });
    cpSync(join(ROOT, 'examples/dual-stack/cluster.yaml'), join(dir, 'lab/cluster.yaml'));
    cpSync(join(ROOT, 'examples/dual-stack'), join(dir, 'manifests'), { recursive: true });
    rmSync(join(dir, 'manifests/cluster.yaml'));
    const nodes = (out: string) => (JSON.parse(out) as { pods: { node: string }[] }).pods.map((p) => p.node);
    const configured = runCliWith({ cwd: dir }, 'preview', '--format', 'json', 'manifests');
    const explicit = runCli(
      'preview',
      '--format',
      'json',
      '--cluster',
      'examples/dual-stack/cluster.yaml',
      'examples/dual-stack',
    );
    assert.equal(configured.status, 0, configured.stderr);
    assert.deepEqual(nodes(configured.stdout), nodes(explicit.stdout));
    assert.ok(!nodes(configured.stdout).includes('node1'), 'not the embedded cluster');
  });

  it('pluginVersion reaches preview: v1.1.1 plugins refuse cniVersion 1.1.0', () => {
    const files = (config: string) => ({
      '.git/HEAD': '',
      '.multus-nad.yaml': config,
      'nad.yaml': nadWithDefaultRoute('net-a', block('|')).replace('0.3.1', '1.1.0'),
      'pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    k8s.v1.cni.cncf.io/networks: net-a\nspec:\n  containers: [{ name: c, image: busybox }]\n',
    });
    const current = runCliWith({ cwd: tree(files('pluginVersion: current\n')) }, 'preview', '.');
    assert.equal(current.status, 0, current.stdout);
    const old = runCliWith({ cwd: tree(files('pluginVersion: v1.1.1\n')) }, 'preview', '.');
    assert.equal(old.status, 1, old.stdout);
    assert.match(old.stdout, /refused: .*1\.1\.0/);
  });
});

describe('inline suppressions', () => {
  for (const [style, config] of Object.entries(SCALAR_STYLES)) {
    it(`disable-next-line above spec.config covers the finding inside the JSON (${style})`, () => {
      const plain = nadWithDefaultRoute('net-a', config);
      const before = runCliWith({ cwd: tree({ 'a.yaml': plain }) }, 'check', '--format', 'json', 'a.yaml');
      assert.deepEqual(
        findings(before.stdout).map((d) => d.code),
        ['ipam-default-route'],
        `the ${style} NAD has the finding to suppress`,
      );
      const suppressed = plain.replace('  config:', '  # multus-nad-disable-next-line ipam-default-route\n  config:');
      const after = runCliWith({ cwd: tree({ 'a.yaml': suppressed }) }, 'check', '--format', 'json', 'a.yaml');
      assert.deepEqual(findings(after.stdout), []);
    });
  }

  it('the document form covers its --- document only', () => {
    const text = `# multus-nad-disable ipam-default-route\n${nadWithDefaultRoute('a', block('|'))}---\n${nadWithDefaultRoute('b', block('|')).replace('10.1.0.0', '10.2.0.0')}`;
    const run = runCliWith({ cwd: tree({ 'a.yaml': text }) }, 'check', '--format', 'json', 'a.yaml');
    assert.deepEqual(
      findings(run.stdout).map((d) => `${d.line} ${d.code}`),
      ['27 ipam-default-route'],
    );
  });

  it('a comment for another line or code suppresses nothing; an unknown code is reported with a guess', () => {
    const text = nadWithDefaultRoute('net-a', block('|')).replace(
      'metadata:',
      '# multus-nad-disable-next-line ipam-default-rute, ipam-default-route\nmetadata:',
    );
    const run = runCliWith({ cwd: tree({ 'a.yaml': text }) }, 'check', '--format', 'json', 'a.yaml');
    const got = findings(run.stdout);
    assert.deepEqual(
      got.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`),
      ['3:32 warning suppression-unknown-code', '13:29 warning ipam-default-route'],
    );
    assert.match(got[0].message, /Unknown diagnostic code "ipam-default-rute".*Did you mean "ipam-default-route"\?/);
  });

  it('--report-unused-suppressions lists the stale ones', () => {
    const text = nadWithDefaultRoute('net-a', block('|')).replace(
      'metadata:',
      '# multus-nad-disable-next-line nad-name-invalid\nmetadata:',
    );
    const dir = tree({ 'a.yaml': text });
    assert.ok(!runCliWith({ cwd: dir }, 'check', 'a.yaml').stdout.includes('suppression-unused'));
    const run = runCliWith({ cwd: dir }, 'check', '--report-unused-suppressions', 'a.yaml');
    assert.match(run.stdout, /^a\.yaml:3:32: information suppression-unused: .*"nad-name-invalid"/m);
  });
});

describe('--fail-on and --quiet', () => {
  const dir = () => tree({ 'a.yaml': nadWithDefaultRoute('net-a', block('|')) });

  it('a warning passes by default and fails with --fail-on warning or information', () => {
    const cwd = dir();
    assert.equal(runCliWith({ cwd }, 'check', 'a.yaml').status, 0);
    assert.equal(runCliWith({ cwd }, 'check', '--fail-on', 'warning', 'a.yaml').status, 1);
    assert.equal(runCliWith({ cwd }, 'check', '--fail-on', 'information', 'a.yaml').status, 1);
    const bad = runCliWith({ cwd }, 'check', '--fail-on', 'hint', 'a.yaml');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--fail-on <severity>' argument 'hint' is invalid/);
  });

  it('--quiet prints errors only', () => {
    const cwd = dir();
    const run = runCliWith({ cwd }, 'check', '--quiet', '--fail-on', 'warning', 'a.yaml');
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '0 errors, 0 warnings, 0 information in 1 file\n');
  });

  it('--help lists the exit codes', () => {
    const help = runCli('check', '--help').stdout;
    assert.match(help, /Exit codes:\n {2}0 {2}no finding at or above --fail-on/);
    assert.match(help, / {2}2 {2}usage or I\/O error/);
  });
});
