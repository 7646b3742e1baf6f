import {
  CompletionItemKind,
  DiagnosticSeverity,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Hover,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import configSchema from '../../../schemas/multus-nad-config.schema.json';
import { checkRepositoryConfig, DIAGNOSTIC_CODES, REPOSITORY_CONFIG_FILE } from '../../../engine';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { yamlSlotAt } from './yamlPath';

// Editing a .multus-nad.yaml in our server: completion and hover come from
// schemas/multus-nad-config.schema.json (the schema yaml-language-server gets through package.json
// `yamlValidation`), the diagnostics from the reader the CLI and the server use (checkRepositoryConfig).

/** The part of JSON Schema the config schema uses. */
interface SchemaNode {
  readonly description?: string;
  readonly enum?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
}

const SCHEMA: SchemaNode = configSchema as SchemaNode;

/** True for a `.multus-nad.yaml` (any folder, any scheme). */
export function isRepositoryConfigFile(uri: string): boolean {
  return uri.slice(uri.lastIndexOf('/') + 1) === REPOSITORY_CONFIG_FILE;
}

/** Each mistake of the file at its key or value, as the CLI words it when it refuses the file. */
export function repositoryConfigDiagnostics(document: TextDocument): Diagnostic[] {
  return checkRepositoryConfig(document.getText()).problems.map((problem) => ({
    range: { start: document.positionAt(problem.range[0]), end: document.positionAt(problem.range[1]) },
    severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
  }));
}

/** Keys the schema allows at the cursor (not yet written beside it), or the values it allows for the key being typed. */
export function repositoryConfigCompletion(document: TextDocument, offset: number): CompletionList {
  const text = document.getText();
  const slot = yamlSlotAt(text, offset);
  const range = slot && { start: document.positionAt(slot.replace[0]), end: document.positionAt(slot.replace[1]) };
  if (!slot || !range) return { isIncomplete: false, items: [] };
  if (slot.valueKey !== undefined) {
    const property = schemaAt([...slot.path, slot.valueKey]);
    const items = (property?.enum ?? []).map((value): CompletionItem => ({
      label: value,
      kind: CompletionItemKind.EnumMember,
      ...(defaultSeverity(slot.path, slot.valueKey) === value ? { detail: 'the default' } : {}),
      ...documentation(property),
      textEdit: { range, newText: value },
    }));
    return { isIncomplete: false, items };
  }
  const properties = schemaAt(slot.path)?.properties ?? {};
  const items = Object.entries(properties)
    .filter(([key]) => !slot.siblings.includes(key))
    .map(([key, property]): CompletionItem => ({
      label: key,
      kind: CompletionItemKind.Property,
      ...documentation(property),
      textEdit: { range, newText: `${key}: ` },
      // The value (a severity, a plugin release) is offered as soon as the key is in.
      ...(property.enum ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
    }));
  return { isIncomplete: false, items };
}

/** The schema's description of the key under the cursor, or of the key whose value is under it. */
export function repositoryConfigHover(document: TextDocument, offset: number): Hover | null {
  const text = document.getText();
  const slot = yamlSlotAt(text, offset);
  if (!slot) return null;
  const word = text.slice(slot.replace[0], slot.replace[1]);
  const key = slot.valueKey ?? word;
  const property = schemaAt([...slot.path, key]);
  if (!property?.description) return null;
  const value = slot.valueKey !== undefined && property.enum?.includes(word) ? ` = \`${word}\`` : '';
  return {
    contents: { kind: MarkupKind.Markdown, value: `**${key}**${value}\n\n${property.description}` },
    range: { start: document.positionAt(slot.replace[0]), end: document.positionAt(slot.replace[1]) },
  };
}

/** The schema of the value at a path of keys (every level of this schema is an object with properties). */
function schemaAt(path: readonly string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = SCHEMA;
  for (const key of path) node = node?.properties?.[key];
  return node;
}

function documentation(property: SchemaNode | undefined): Pick<CompletionItem, 'documentation'> {
  return property?.description ? { documentation: { kind: MarkupKind.Markdown, value: property.description } } : {};
}

/** The severity a rule has without a setting, when the value typed is a rule's (`rules.<code>`). */
function defaultSeverity(path: readonly string[], key: string | undefined): string | undefined {
  return path.length === 1 && path[0] === 'rules' && key && key in DIAGNOSTIC_CODES
    ? DIAGNOSTIC_CODES[key as keyof typeof DIAGNOSTIC_CODES].severity
    : undefined;
}
