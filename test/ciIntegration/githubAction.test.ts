import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { packTarball, ROOT, tempDir } from './packedPackage';

// Issue 13: action.yml's steps, run locally as the runner would run them: each `run` step in bash
// with its `env` (inputs substituted), GITHUB_OUTPUT collected, `if:` conditions evaluated. The
// upload step (github/codeql-action/upload-sarif) needs GitHub: the test checks what it is given.

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
};

/** `${{ inputs.x }}` and `${{ steps.id.outputs.y }}` in a value. */
function substitute(value: string, inputs: Record<string, string>, outputs: Record<string, Record<string, string>>) {
  return value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) =>
    String(evaluate(expression, inputs, outputs)),
  );
}

/** The expressions action.yml uses: always(), ==, !=, &&, inputs.* and steps.*.outputs.*. */
function evaluate(
  expression: string,
  inputs: Record<string, string>,
  outputs: Record<string, Record<string, string>>,
): string | boolean {
  const parts = expression.split('&&').map((part) => part.trim());
  if (parts.length > 1) return parts.every((part) => evaluate(part, inputs, outputs) === true);
  if (expression === 'always()') return true;
  const comparison = /^(.+?)\s*(==|!=)\s*'(.*)'$/.exec(expression);
  if (comparison) {
    const left = String(evaluate(comparison[1], inputs, outputs));
    return comparison[2] === '==' ? left === comparison[3] : left !== comparison[3];
  }
  const input = /^inputs\.([\w-]+)$/.exec(expression);
  if (input) return inputs[input[1]];
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
  if (output) return outputs[output[1]]?.[output[2]] ?? '';
  throw new Error(`expression not modelled by this test: ${expression}`);
}

interface ActionRun {
  ran: string[];
  failedAt?: string;
  outputs: Record<string, Record<string, string>>;
  upload?: Record<string, string>;
}

function runAction(given: Record<string, string>, cwd: string, prefix: string): ActionRun {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? String(v.default)]));
  const outputs: Record<string, Record<string, string>> = {};
  const result: ActionRun = { ran: [], outputs };
  for (const step of action.runs.steps) {
    const condition = step.if ? step.if.replace(/^\$\{\{\s*|\s*\}\}$/g, '') : 'success()';
    const go = condition === 'success()' ? !result.failedAt : evaluate(condition, inputs, outputs) === true;
    if (!go) continue;
    result.ran.push(step.name);
    if (step.uses) {
      result.upload = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(v, inputs, outputs)]),
      );
      continue;
    }
    assert.equal(step.shell, 'bash');
    const outputFile = join(cwd, `.output-${result.ran.length}`);
    writeFileSync(outputFile, '');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, inputs, outputs)]));
    const run = spawnSync('bash', ['-e', '-c', step.run ?? ''], {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...env,
        GITHUB_OUTPUT: outputFile,
        // `npm install --global` into a prefix of the test's own, whose bin comes first in PATH.
        npm_config_prefix: prefix,
        npm_config_prefer_offline: 'true',
        PATH: [join(prefix, 'bin'), process.env.PATH].join(delimiter),
      },
    });
    if (step.id) {
      outputs[step.id] = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
      );
    }
    if (run.status !== 0) result.failedAt ??= step.name;
  }
  return result;
}

describe('action.yml, its steps run locally', () => {
  let work: string;
  let tarball: string;

  before(() => {
    work = tempDir('action');
    tarball = packTarball(work);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('is a composite action whose upload step takes the SARIF file', () => {
    assert.equal(action.runs.using, 'composite');
    const upload = action.runs.steps.find((step) => step.uses);
    assert.match(upload?.uses ?? '', /^github\/codeql-action\/upload-sarif@v\d+$/);
  });

  it('a NAD with an error: SARIF written and handed to the upload, then the job fails', () => {
    const repo = join(work, 'repo-bad');
    mkdirSync(join(repo, 'nads'), { recursive: true });
    writeFileSync(
      join(repo, 'nads/bad.yaml'),
      'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: bad\nspec:\n  config: \'{"cniVersion": "0.3.1", "type": "macvlan", "master": "eth0", "mode": "brige"}\'\n',
    );
    const run = runAction({ package: tarball, paths: 'nads' }, repo, join(work, 'prefix'));
    assert.deepEqual(run.ran, ['Install multus-nad', 'Check', 'Upload SARIF', 'Fail on findings']);
    assert.equal(run.failedAt, 'Fail on findings');
    assert.equal(run.outputs.check['exit-code'], '1');
    assert.deepEqual(run.upload, { sarif_file: 'multus-nad.sarif', category: 'multus-nad' });
    const sarif = JSON.parse(readFileSync(join(repo, 'multus-nad.sarif'), 'utf8')) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const result = sarif.runs[0].results[0];
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'nads/bad.yaml');
  });

  it('warnings only: uploaded and passing by default, failing with fail-on warning', () => {
    const repo = join(work, 'repo-warn');
    mkdirSync(repo, { recursive: true });
    writeFileSync(join(repo, 'nad.yaml'), readFileSync(join(ROOT, 'examples/seed-lab/macvlan-conf.yaml')));
    const prefix = join(work, 'prefix');
    const passing = runAction({ package: tarball }, repo, prefix);
    assert.deepEqual(passing.ran, ['Install multus-nad', 'Check', 'Upload SARIF']);
    assert.equal(passing.failedAt, undefined);
    assert.equal(passing.outputs.check['exit-code'], '0');
    const strict = runAction({ package: tarball, 'fail-on': 'warning', upload: 'false' }, repo, prefix);
    assert.deepEqual(strict.ran, ['Install multus-nad', 'Check', 'Fail on findings']);
    assert.equal(strict.outputs.check['exit-code'], '1');
  });

  it('a path that does not exist: exit 2 fails the check step itself', () => {
    const repo = join(work, 'repo-missing');
    mkdirSync(repo, { recursive: true });
    const run = runAction({ package: tarball, paths: 'no-such-folder' }, repo, join(work, 'prefix'));
    assert.equal(run.failedAt, 'Check');
    assert.equal(run.outputs.check['exit-code'], '2');
    assert.deepEqual(run.ran, ['Install multus-nad', 'Check'], 'no report to upload');
  });
});
