import picomatch from 'picomatch';
import { parseDocument } from 'yaml';
import type { EngineDiagnostic, Severity } from '../diagnostics';
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
const KEYS = ['rules', 'ignore', 'clusterModel', 'pluginVersion'];
const KNOWN_CODES = Object.keys(DIAGNOSTIC_CODES);

/** Reads a config file's text; every mistake is an error that names the key (a typo must not pass silently). */
export function readRepositoryConfig(text: string): RepositoryConfig | { error: string } {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) return { error: `not YAML: ${document.errors[0].message.split('\n')[0]}` };
  const root: unknown = document.toJS() ?? {};
  if (typeof root !== 'object' || Array.isArray(root)) return { error: 'the file must be a YAML mapping' };
  const raw = root as Record<string, unknown>;
  const unknown = Object.keys(raw).find((key) => !KEYS.includes(key));
  if (unknown) return { error: `unknown key "${unknown}" (known: ${KEYS.join(', ')})` };
  const rules = readRules(raw.rules);
  if ('error' in rules) return rules;
  const ignore = raw.ignore ?? [];
  if (!Array.isArray(ignore) || ignore.some((glob) => typeof glob !== 'string' || glob === ''))
    return { error: '`ignore` must be a list of glob strings' };
  if (raw.clusterModel !== undefined && (typeof raw.clusterModel !== 'string' || raw.clusterModel === ''))
    return { error: '`clusterModel` must be a file path' };
  if (raw.pluginVersion !== undefined && raw.pluginVersion !== 'current' && raw.pluginVersion !== 'v1.1.1')
    return { error: '`pluginVersion` must be `current` or `v1.1.1`' };
  return {
    rules: rules.rules,
    ignore: ignore as string[],
    ...(raw.clusterModel ? { clusterModel: raw.clusterModel as string } : {}),
    ...(raw.pluginVersion ? { pluginVersion: raw.pluginVersion as 'current' | 'v1.1.1' } : {}),
  };
}

function readRules(value: unknown): { rules: Record<string, RuleSetting> } | { error: string } {
  if (value === undefined || value === null) return { rules: {} };
  if (typeof value !== 'object' || Array.isArray(value))
    return { error: '`rules` must map diagnostic codes to a severity' };
  const rules: Record<string, RuleSetting> = {};
  for (const [code, setting] of Object.entries(value)) {
    if (!(code in DIAGNOSTIC_CODES)) {
      const guess = closestName(code, KNOWN_CODES);
      return { error: `rules: unknown diagnostic code "${code}"${guess ? ` (did you mean "${guess}"?)` : ''}` };
    }
    // YAML 1.1 readers (and people) write `off` expecting a string; YAML 1.2 keeps it one, `false` is accepted too.
    const normalized = setting === false ? 'off' : setting;
    if (!RULE_SETTINGS.includes(normalized as RuleSetting))
      return { error: `rules.${code}: "${String(setting)}" is not one of ${RULE_SETTINGS.join(', ')}` };
    rules[code] = normalized as RuleSetting;
  }
  return { rules };
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
