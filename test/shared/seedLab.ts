import { readFileSync } from 'node:fs';
import { readManifestSet, type Json } from '../../engine';

/**
 * The seed lab's macvlan NAD config (examples/seed-lab/macvlan-conf.yaml, the Multus quickstart
 * NAD of MUL docs/quickstart.md) as JSON: suites that run it read it from the example, so the
 * example and the suites never drift apart. Tests run from the repository root.
 */
export function seedLabMacvlanConfig(): Json {
  const text = readFileSync('examples/seed-lab/macvlan-conf.yaml', 'utf8');
  const [nad] = readManifestSet([{ path: 'examples/seed-lab/macvlan-conf.yaml', text }]).nads;
  if (!nad?.config) throw new Error('examples/seed-lab/macvlan-conf.yaml holds no NAD config');
  return JSON.parse(nad.config.text) as Json;
}
