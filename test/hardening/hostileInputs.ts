/**
 * Generators for hostile and huge inputs, shared by the hostile-input tests (which assert the
 * diagnostics) and bench/hostile.mjs (which asserts the time and memory bounds).
 */

const NAD_HEAD = 'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: ';

/** A NAD whose spec.config is `config` written as a literal block. */
export function nadWithBlockConfig(name: string, config: string): string {
  return `${NAD_HEAD}${name}\nspec:\n  config: |\n${config.replace(/^/gm, '    ')}\n`;
}

export function macvlanConfig(name: string, subnet: string): string {
  return JSON.stringify(
    {
      cniVersion: '0.3.1',
      name,
      type: 'macvlan',
      master: 'eth0',
      mode: 'bridge',
      ipam: { type: 'host-local', subnet, routes: [{ dst: '0.0.0.0/0' }] },
    },
    null,
    2,
  );
}

/** "Billion laughs": nine levels of aliases, each expanding nine of the previous. */
export function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) {
    const previous = String.fromCharCode(96 + level);
    const current = String.fromCharCode(97 + level);
    lines.push(`${current}: &${current} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return `${NAD_HEAD}bomb\nspec:\n  config: '{}'\n${lines.join('\n')}\n`;
}

/** About `bytes` of valid NADs (each about 400 bytes), one document each. */
export function manyNads(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = nadWithBlockConfig(`net-${i}`, macvlanConfig(`net-${i}`, `10.${(i >> 8) & 255}.${i & 255}.0/24`));
    parts.push(part);
    size += part.length + 4;
  }
  return parts.join('---\n');
}

/** A NAD whose spec.config is one line of about `bytes` of JSON, double-quoted with escapes. */
export function singleLineJsonNad(bytes: number): string {
  const args = Array.from({ length: Math.ceil(bytes / 12) }, (_, i) => `v${i}`);
  const config = JSON.stringify({
    cniVersion: '0.3.1',
    name: 'wide',
    type: 'macvlan',
    master: 'eth0',
    args: { cni: { list: args } },
  });
  return `${NAD_HEAD}wide\nspec:\n  config: ${JSON.stringify(config)}\n`;
}

/** A NAD whose spec.config is JSON arrays nested `depth` deep. */
export function deepJsonNad(depth: number): string {
  return nadWithBlockConfig('deep', `{"type": "macvlan", "x": ${'['.repeat(depth)}${']'.repeat(depth)}}`);
}

/** YAML flow sequences nested `depth` deep. */
export function deepYamlFlow(depth: number): string {
  return `${NAD_HEAD}deep\nspec:\n  x: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
}

/** YAML block mappings nested `depth` deep (each level indented one more space). */
export function deepYamlBlock(depth: number): string {
  const lines = [`${NAD_HEAD}deep`, 'spec:'];
  for (let level = 1; level <= depth; level++) lines.push(`${' '.repeat(level)}k${level}:`);
  return lines.join('\n') + ' end\n';
}

/** `count` tiny documents. */
export function manyDocuments(count: number): string {
  return Array.from({ length: count }, (_, i) => `kind: ConfigMap\nmetadata: {name: c${i}}\n`).join('---\n');
}

/** Deterministic pseudo-random bytes (xorshift), so a garbage test is reproducible. */
export function garbageBytes(length: number, seed = 1): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 255;
  }
  return bytes;
}

/** Text with every kind of UTF-16 unit a decoder can hand over, lone surrogates and NULs included. */
export function garbageText(length: number, seed = 1): string {
  const bytes = garbageBytes(length * 2, seed);
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(bytes.readUInt16LE(i * 2));
  return text;
}

/** A host-local NAD over `subnet` with no range limits (e.g. 0.0.0.0/0 or fd00::/8). */
export function wideRangeNad(name: string, subnet: string): string {
  const config = JSON.stringify({
    cniVersion: '0.3.1',
    name,
    type: 'macvlan',
    master: 'eth0',
    ipam: { type: 'host-local', subnet },
  });
  return nadWithBlockConfig(name, config);
}

export function podWithNetworks(name: string, networks: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  annotations:\n    k8s.v1.cni.cncf.io/networks: ${JSON.stringify(networks)}\nspec:\n  containers: []\n`;
}

/** One pod asking for `count` attachments of one NAD. */
export function podWithManyNetworks(count: number, nad: string): string {
  return podWithNetworks('crowded', Array(count).fill(nad).join(','));
}
