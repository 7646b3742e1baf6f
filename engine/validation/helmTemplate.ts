import type { EngineDiagnostic } from '../diagnostics';
import { DIAGNOSTIC_CODES } from './diagnosticCodes';
import { parseManifestDocuments, type TextRange } from '../manifest/yamlDocuments';

/**
 * A Helm chart template (Go text/template actions `{{ ... }}` in YAML) as the engine reads it:
 * the same text with every action replaced by a placeholder of the same length, so every offset,
 * line and column of a finding is the template's own.
 */
export interface HelmTemplate {
  /** The text to check: actions replaced by placeholders, all other characters unchanged. */
  readonly text: string;
  /** Where the actions stand; findings that touch one are about a value Helm fills in, and dropped. */
  readonly actions: readonly TextRange[];
  /** False when even the placeholder text is not YAML (actions that build structure, e.g. `range`). */
  readonly parses: boolean;
}

/** A Go template action, `{{ ... }}` with `{{-`/`-}}` trim markers and template comments (Go text/template/parse/lex.go). */
const ACTION = /\{\{[\s\S]*?\}\}/g;

/**
 * The file read as a Helm template, or undefined when it is an ordinary manifest. A file is a
 * template when it lies in a chart (`underChart`: a Chart.yaml in a folder above it, which only
 * callers with a file system know) and has actions, or when its YAML fails and the placeholder
 * text does not: it fails only where actions stand. A file that parses as it is (a quoted
 * `"{{ x }}"` is a plain string to YAML) is left alone outside a chart.
 */
export function readHelmTemplate(text: string, underChart: boolean): HelmTemplate | undefined {
  // Most files have no action: a plain search is far cheaper than the regular expression on a 10 MB file.
  if (!text.includes('{{')) return undefined;
  const actions = [...text.matchAll(ACTION)].map((m) => [m.index, m.index + m[0].length] as const);
  if (actions.length === 0) return undefined;
  const placeholders = withPlaceholders(text, actions);
  const parses = !hasYamlErrors(placeholders);
  if (underChart) return { text: placeholders, actions, parses };
  return parses && hasYamlErrors(text) ? { text: placeholders, actions, parses } : undefined;
}

/**
 * The findings of a template: none that touches an action (a value Helm fills in), no YAML
 * syntax errors when the placeholder text is not YAML either, and one `helm-template` note.
 */
export function templateFindings(
  file: string,
  template: HelmTemplate,
  diagnostics: readonly EngineDiagnostic[],
): EngineDiagnostic[] {
  const kept = diagnostics.filter(
    (d) => !template.actions.some((action) => touches(d.range, action)) && (template.parses || !isYamlProblem(d)),
  );
  return [templateNote(file, template), ...kept];
}

function templateNote(file: string, template: HelmTemplate): EngineDiagnostic {
  const unread = template.parses
    ? ''
    : ' This file is not YAML even with its actions read as placeholders (they build its structure), so nothing else in it is checked here.';
  return {
    file,
    range: template.actions[0],
    severity: DIAGNOSTIC_CODES['helm-template'].severity,
    code: 'helm-template',
    message:
      `Helm template: values from its {{ }} actions are not checked. The actions are read as placeholders.${unread} ` +
      'To check what the chart renders: helm template <chart> | multus-nad check -',
    data: { actions: template.actions.length },
  };
}

/** A finding touches an action when their ranges overlap, or an empty finding sits inside it. */
function touches([start, end]: TextRange, [from, to]: TextRange): boolean {
  return start < to && from < Math.max(end, start + 1);
}

function isYamlProblem(d: EngineDiagnostic): boolean {
  return d.code === 'yaml-syntax' || d.code === 'yaml-quoted-indentation';
}

function hasYamlErrors(text: string): boolean {
  return parseManifestDocuments(text).some((d) => d.problems.some((p) => p.code === 'yaml-syntax'));
}

/**
 * Each action becomes a placeholder of its own length (line breaks kept): blanks when the action
 * is alone on its line (`{{- if }}`, `{{- end }}`, `{{ include ... | nindent 4 }}`), a number
 * where a JSON value is expected (`"mtu": {{ .Values.mtu }}`), letters elsewhere (a YAML scalar
 * or inside a string: `name: {{ .Release.Name }}-net`, `"master": "{{ .Values.master }}"`).
 */
function withPlaceholders(text: string, actions: readonly TextRange[]): string {
  let out = '';
  let last = 0;
  for (const [start, end] of actions) {
    const action = text.slice(start, end);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = text.indexOf('\n', end);
    const before = text.slice(lineStart, start);
    const after = text.slice(end, lineEnd < 0 ? text.length : lineEnd);
    const fill = (first: string, rest: string) =>
      action.replace(/[^\r\n]/g, (_, index: number) => (index === 0 ? first : rest));
    let placeholder: string;
    if (before.trim() === '' && after.trim() === '') placeholder = fill(' ', ' ');
    else if (/("\s*:|[[,])\s*$/.test(before) && !/["']$/.test(before)) placeholder = fill('0', ' ');
    else placeholder = fill('x', 'x');
    out += text.slice(last, start) + placeholder;
    last = end;
  }
  return out + text.slice(last);
}
