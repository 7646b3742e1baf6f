import { GO_MAX_NESTING_DEPTH, MAX_CHECKED_DEPTH, jsonNestingDepth } from './jsonNesting';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { plainJsonValue } from '../json/plainJsonValue';
import { asRecord } from '../json/jsonValue';

/** One plugin object of a CNI configuration (the conf itself, or a conflist's element). */
export interface PluginConfig {
  readonly type: string;
  readonly raw: Readonly<Record<string, unknown>>;
  /** JSON path of this plugin object inside the config text, for positions. */
  readonly path: readonly (string | number)[];
}

/** A decoded `spec.config`: a single conf or a conflist, as Multus tells them apart. */
export interface NetworkConfig {
  readonly kind: 'conf' | 'conflist';
  readonly name?: string;
  readonly cniVersion?: string;
  readonly plugins: readonly PluginConfig[];
  readonly raw: Readonly<Record<string, unknown>>;
  readonly tree: JsonNode;
}

export type NetworkConfigOutcome =
  | { config: NetworkConfig }
  | { error: string; syntaxErrors: readonly ParseError[]; tooDeep?: 'go-limit' | 'not-checked' };

/**
 * Parses `spec.config`, injects `name` from the NAD when missing or "" (NADC
 * pkg/utils/cniconfig.go GetCNIConfigFromSpec), and classifies conf vs conflist by the
 * top-level `type` (MUL pkg/types/conf.go LoadDelegateNetConf).
 */
export function parseNetworkConfig(text: string, nadName: string): NetworkConfigOutcome {
  const depth = jsonNestingDepth(text);
  if (depth > GO_MAX_NESTING_DEPTH) {
    return { error: 'failed to unmarshal Spec.Config: exceeded max depth', syntaxErrors: [], tooDeep: 'go-limit' };
  }
  if (depth > MAX_CHECKED_DEPTH) {
    return {
      error: `spec.config nests ${depth} levels deep; not checked beyond ${MAX_CHECKED_DEPTH}`,
      syntaxErrors: [],
      tooDeep: 'not-checked',
    };
  }
  const syntaxErrors: ParseError[] = [];
  const tree = parseTree(text, syntaxErrors, { allowTrailingComma: false, disallowComments: true });
  if (!tree || syntaxErrors.length > 0) {
    return { error: 'failed to unmarshal Spec.Config: invalid JSON', syntaxErrors };
  }
  const raw = asRecord(plainJsonValue(tree));
  if (!raw) {
    return {
      error: `failed to unmarshal Spec.Config: json: cannot unmarshal ${jsonKind(tree)} into Go value of type map[string]interface {}`,
      syntaxErrors,
    };
  }
  const withName = raw.name === undefined || raw.name === '' ? { ...raw, name: nadName } : raw;
  const type = typeof raw.type === 'string' ? raw.type : '';
  const common = {
    name: typeof withName.name === 'string' ? withName.name : undefined,
    cniVersion: typeof raw.cniVersion === 'string' ? raw.cniVersion : undefined,
    raw: withName,
    tree,
  };
  if (type !== '') return { config: { ...common, kind: 'conf', plugins: [{ type, raw: withName, path: [] }] } };
  const plugins = Array.isArray(raw.plugins) ? raw.plugins : undefined;
  if (!plugins) {
    return {
      error:
        "LoadDelegateNetConf: failed with: LoadDelegateNetConfList: delegate must have the 'type' or 'plugin' field",
      syntaxErrors,
    };
  }
  if (plugins.length === 0) return { error: 'error parsing configuration list: no plugins in list', syntaxErrors };
  const first = asRecord(plugins[0]);
  if (!first || typeof first.type !== 'string' || first.type === '') {
    return {
      error: "LoadDelegateNetConf: failed with: LoadDelegateNetConfList: a plugin delegate must have the 'type' field",
      syntaxErrors,
    };
  }
  const pluginConfigs = plugins.map((plugin, index) => {
    const object = asRecord(plugin) ?? {};
    return { type: typeof object.type === 'string' ? object.type : '', raw: object, path: ['plugins', index] };
  });
  return { config: { ...common, kind: 'conflist', plugins: pluginConfigs } };
}

function jsonKind(node: JsonNode): string {
  return node.type === 'array' ? 'array' : node.type === 'null' ? 'null' : node.type;
}
