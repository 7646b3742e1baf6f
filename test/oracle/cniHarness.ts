// Runs the real reference CNI plugins (Debian containernetworking-plugins in /usr/lib/cni) in
// network namespaces this harness creates and deletes, so tests can compare the engine's
// predictions with what the plugins really do (../shared/cni-oracle.md). Shared by the
// validation and preview oracle tests: extend it additively.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';

export const CNI_PATH = '/usr/lib/cni';

const repoRoot = resolve(__dirname, '../../..');

/**
 * Why the oracle cannot run here, or undefined when it can: root, and every tool the oracle and
 * the plugins run, as scripts/provision-cni-oracle.sh lists them (its --check prints one line
 * naming the missing Debian packages).
 */
export function oracleUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'the CNI oracle needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'the CNI oracle needs root (ip netns)';
  const check = spawnSync('bash', [join(repoRoot, 'scripts/provision-cni-oracle.sh'), '--check'], { encoding: 'utf8' });
  if (check.status === 0) return undefined;
  return check.stderr.trim() || `scripts/provision-cni-oracle.sh --check failed (${check.status ?? check.signal})`;
}

/**
 * `describe`, or, when the oracle cannot run here (or `otherReason` is set), one failing test that
 * says why: an oracle that did not run must not look like one that agreed.
 */
export function describeOracle(name: string, body: () => void, otherReason?: string): void {
  const reason = oracleUnavailableReason() ?? otherReason;
  if (reason) test(name, () => assert.fail(reason));
  else describe(name, body);
}

/** What a plugin printed: the parsed result on success, or the CNI error object on failure. */
export interface PluginRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; msg: string; details?: string };
}

export interface PluginCall {
  /** The plugin binary; defaults to the config's `type`. */
  readonly plugin?: string;
  readonly config: Record<string, unknown>;
  /** The pod namespace made by `addPod`. */
  readonly pod: string;
  readonly ifname?: string;
  readonly command?: 'ADD' | 'DEL' | 'CHECK';
  readonly containerId?: string;
  /** CNI_ARGS, e.g. `IP=10.1.1.11/24;MAC=...`. */
  readonly cniArgs?: string;
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

let labCounter = 0;

/** Namespaces `<prefix>-<pid>-...` whose creating process is gone (a run killed before its finally), removed. */
export function removeStaleNamespaces(prefix: string): string[] {
  const listed = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  const stale = listed
    .split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(`${prefix}-`))
    .filter((name) => !processAlive(Number(name.slice(prefix.length + 1).split('-')[0])));
  for (const name of stale) spawnSync('ip', ['netns', 'delete', name]);
  return stale;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true; // not a name this harness makes: leave it
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A throw-away test host: one "host" network namespace (where plugins run, like a node) plus pod
 * namespaces, and a temporary folder for state (give host-local `ipam.dataDir` = `lab.dataDir`).
 */
export class CniLab {
  readonly host: string;
  readonly dataDir: string;
  private readonly namespaces: string[] = [];
  private linkCounter = 0;

  private constructor(prefix: string) {
    labCounter += 1;
    this.host = `${prefix}-${process.pid}-${labCounter}-host`;
    this.dataDir = mkdtempSync(join(tmpdir(), `${prefix}-cni-`));
    ip('netns', 'add', this.host);
    this.namespaces.push(this.host);
    ip('-n', this.host, 'link', 'set', 'lo', 'up');
  }

  /**
   * Creates the lab; call `dispose()` (in `finally` / `after`) to delete everything it made. What a
   * killed run of the same prefix left (no `finally` runs on SIGKILL or SIGTERM) goes first.
   */
  static create(prefix = 'mnad'): CniLab {
    removeStaleNamespaces(prefix);
    return new CniLab(prefix);
  }

  /**
   * An interface `name` in the host namespace with the given MTU: one end of a veth pair (the
   * other end stays in the host namespace too), usable as a macvlan/ipvlan/vlan master. `dummy`
   * links are refused on these machines.
   */
  addHostLink(name: string, mtu = 1500): void {
    this.linkCounter += 1;
    const peer = `mnadp${this.linkCounter}`;
    ip('-n', this.host, 'link', 'add', name, 'mtu', String(mtu), 'type', 'veth', 'peer', 'name', peer);
    ip('-n', this.host, 'link', 'set', peer, 'mtu', String(mtu), 'up');
    ip('-n', this.host, 'link', 'set', name, 'up');
  }

  /** Adds an address and optionally a default route to a host link (macvlan's default master). */
  addHostAddress(link: string, cidr: string, defaultGateway?: string): void {
    ip('-n', this.host, 'addr', 'add', cidr, 'dev', link);
    if (defaultGateway) ip('-n', this.host, 'route', 'add', 'default', 'via', defaultGateway, 'dev', link);
  }

  /** A new pod network namespace; returns its name (pass it as `pod`). */
  addPod(name: string): string {
    const netns = `${this.host.replace(/-host$/, '')}-${name}`;
    ip('netns', 'add', netns);
    ip('-n', netns, 'link', 'set', 'lo', 'up');
    this.namespaces.push(netns);
    return netns;
  }

  /** Deletes a pod namespace made by `addPod` before the lab ends (a pod that went away). */
  removePod(netns: string): void {
    spawnSync('ip', ['netns', 'delete', netns]);
    const index = this.namespaces.indexOf(netns);
    if (index >= 0) this.namespaces.splice(index, 1);
  }

  /** Deletes a link of the host namespace if it exists (a bridge a plugin made), for long runs. */
  removeHostLink(name: string): void {
    spawnSync('ip', ['-n', this.host, 'link', 'delete', name]);
  }

  /** Runs one plugin command in the host namespace, as a container runtime would. */
  run(call: PluginCall): PluginRun {
    const plugin = call.plugin ?? String(call.config.type ?? '');
    const env = [
      `CNI_COMMAND=${call.command ?? 'ADD'}`,
      `CNI_CONTAINERID=${call.containerId ?? `c-${call.pod}`}`,
      `CNI_NETNS=/var/run/netns/${call.pod}`,
      `CNI_IFNAME=${call.ifname ?? 'net1'}`,
      `CNI_PATH=${CNI_PATH}`,
      `CNI_ARGS=${call.cniArgs ?? ''}`,
      'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
    ];
    const child = spawnSync('ip', ['netns', 'exec', this.host, 'env', '-i', ...env, join(CNI_PATH, plugin)], {
      input: JSON.stringify(call.config),
      encoding: 'utf8',
      timeout: 20_000,
    });
    const stdout = child.stdout ?? '';
    const parsed = parseJson(stdout);
    const exitCode = child.status ?? -1;
    if (exitCode === 0) return { exitCode, stdout, stderr: child.stderr ?? '', result: parsed };
    const error = parsed && typeof parsed.msg === 'string' ? (parsed as PluginRun['error']) : undefined;
    return { exitCode, stdout, stderr: child.stderr ?? '', error: error ?? { code: -1, msg: stdout || child.stderr } };
  }

  /** `ip -j` output of a command run inside a pod namespace (e.g. `['addr', 'show', 'net1']`). */
  inspect(pod: string, args: readonly string[]): unknown {
    const out = execFileSync('ip', ['-n', pod, '-j', ...args], { encoding: 'utf8' });
    return JSON.parse(out || 'null');
  }

  dispose(): void {
    for (const netns of this.namespaces.reverse()) spawnSync('ip', ['netns', 'delete', netns]);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
