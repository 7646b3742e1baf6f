import picomatch from 'picomatch';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Scalar } from 'yaml';
import type { EngineDiagnostic, Severity } from '../diagnostics';
import type { TextRange } from '../manifest/yamlDocuments';
import { DIAGNOSTIC_CODES } from '../validation/diagnosticCodes';
import { closestName } from '../validation/similarNames';

/** The file name the CLI and the language server look for, from each checked file up to the repository root. */
export const REPOSITORY_CONFIG_FILE = '.multus-nad.yaml';

export type RuleSetting = Severity | 'off';

/**
 * A `.multus-nad.yaml` (schemas/multus-nad-config.schema.json):
 *
 * ```yaml
 * rules: { ipam-default-route: off, nad-config-name-differs: warning }
 * ignore: ["vendor/**", "**\/*.generated.yaml"]   # globs relative to this file's folder
 * clusterModel: clusters/lab.yaml                   # relative to this file's folder
 * pluginVersion: v1.1.1                             # current | v1.1.1
 * ```
 */
export interface RepositoryConfig {
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly ignore: readonly string[];
  readonly clusterModel?: string;
  readonly pluginVersion?: 'current' | 'v1.1.1';
}

const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'information', 'hint', 'off'];
const PLUGIN_VERSIONS = ['current', 'v1.1.1'] as const;
const KEYS = ['rules', 'ignore', 'clusterModel', 'pluginVersion'];
const KNOWN_CODES = Object.keys(DIAGNOSTIC_CODES);

/** A mistake in a config file, where it stands and what to write instead. */
export interface ConfigProblem {
  readonly range: TextRange;
  readonly message: string;
}

/** Reads a config file's text; every mistake is an error that names the key (a typo must not pass silently). */
export function readRepositoryConfig(text: string): RepositoryConfig | { error: string } {
  const { config, problems } = checkRepositoryConfig(text);
  return problems.length > 0 ? { error: problems[0].message } : config;
}

/**
 * Every mistake of a config file, each at its key or value (the editor marks them all; the CLI
 * stops at the first), and the config read from the parts that are right.
 */
export function checkRepositoryConfig(text: string): { config: RepositoryConfig; problems: ConfigProblem[] } {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const problems: ConfigProblem[] = document.errors.map((error) => ({
    range: [error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)],
    message: `not YAML: ${error.message.split('\n')[0]}`,
  }));
  const config: Mutable<RepositoryConfig> = { rules: {}, ignore: [] };
  const root = document.contents;
  if (problems.length > 0 || root === null || isEmptyScalar(root)) return { config, problems };
  if (!isMap(root)) return { config, problems: [{ range: rangeOf(root), message: 'the file must be a YAML mapping' }] };
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const found = KEYS.includes(key) ? readKey(key, pair.value as Node | null, config) : [unknownKey(key)];
    for (const problem of found)
      problems.push({ range: problem.range ?? rangeOf(pair.key as Node | null), message: problem.message });
  }
  return { config, problems };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** A problem found under a key; without a range it is marked on the key. */
type Found = { range?: TextRange; message: string };

function unknownKey(key: string): Found {
  const guess = closestName(key, KEYS);
  return {
    message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; known keys: ${KEYS.join(', ')}`,
  };
}

/** Reads one known top-level key into `config`; a wrong value is the problem returned. */
function readKey(key: string, value: Node | null, config: Mutable<RepositoryConfig>): Found[] {
  const at = value ? rangeOf(value) : undefined;
  const plain = value && isScalar(value) ? value.value : undefined;
  if (key === 'rules') return readRules(value, config);
  if (key === 'ignore') {
    if (value === null || isEmptyScalar(value)) return [];
    const globs = isSeq(value) ? value.items : [];
    const bad = globs.find((item) => !isScalar(item) || typeof item.value !== 'string' || item.value === '');
    if (!isSeq(value) || bad)
      return [
        {
          range: bad ? rangeOf(bad as Node) : at,
          message: '`ignore` must be a list of glob strings, e.g. ["vendor/**"]',
        },
      ];
    config.ignore = globs.map((item) => (item as Scalar<string>).value);
    return [];
  }
  if (key === 'clusterModel') {
    if (typeof plain !== 'string' || plain === '')
      return [{ range: at, message: '`clusterModel` must be a file path, e.g. clusters/lab.yaml' }];
    config.clusterModel = plain;
    return [];
  }
  if (!PLUGIN_VERSIONS.includes(plain as 'current'))
    return [{ range: at, message: `\`pluginVersion\` must be \`current\` or \`v1.1.1\`` }];
  config.pluginVersion = plain as 'current' | 'v1.1.1';
  return [];
}

function readRules(value: Node | null, config: Mutable<RepositoryConfig>): Found[] {
  if (value === null || isEmptyScalar(value)) return [];
  if (!isMap(value))
    return [
      {
        range: rangeOf(value),
        message: '`rules` must map diagnostic codes to a severity, e.g. ipam-default-route: off',
      },
    ];
  const rules: Record<string, RuleSetting> = {};
  const problems: Found[] = [];
  for (const pair of value.items) {
    const code = isScalar(pair.key) ? String(pair.key.value) : '';
    const setting = isScalar(pair.value) ? pair.value.value : undefined;
    // YAML 1.1 readers (and people) write `off` expecting a string; YAML 1.2 keeps it one, `false` is accepted too.
    const normalized = setting === false ? 'off' : setting;
    if (!(code in DIAGNOSTIC_CODES)) {
      const guess = closestName(code, KNOWN_CODES);
      const message = `rules: unknown diagnostic code "${code}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
      problems.push({ range: rangeOf(pair.key as Node | null), message });
    } else if (!RULE_SETTINGS.includes(normalized as RuleSetting)) {
      problems.push({
        range: rangeOf((pair.value ?? pair.key) as Node | null),
        message: `rules.${code}: "${String(setting ?? '')}" is not one of ${RULE_SETTINGS.join(', ')}`,
      });
    } else rules[code] = normalized as RuleSetting;
  }
  config.rules = rules;
  return problems;
}

function isEmptyScalar(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

function rangeOf(node: Node | null): TextRange {
  const [start, end] = node?.range ?? [0, 0];
  return [start, Math.max(end, start + 1)];
}

/** Applies rule settings by code: another severity, or `off` to drop the finding. */
export function applyRuleSettings(
  diagnostics: readonly EngineDiagnostic[],
  rules: Readonly<Record<string, RuleSetting>>,
): EngineDiagnostic[] {
  return diagnostics.flatMap((d) => {
    const setting = rules[d.code];
    if (setting === 'off') return [];
    return setting ? [{ ...d, severity: setting }] : [d];
  });
}

/** The first `ignore` glob a path (relative to the config's folder, `/`-separated) matches. */
export function ignoredBy(config: RepositoryConfig, relativePath: string): string | undefined {
  return config.ignore.find((glob) => picomatch(glob, { dot: true })(relativePath));
}
