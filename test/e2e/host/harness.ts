// Shared by the in-host test files (each is bundled with its own copy). Runs inside the extension
// host: mocha's tdd interface puts suite/test on globalThis while it loads each file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MultusExtensionApi } from '../../../client/src/extension';

type Body = (this: unknown) => unknown;
type Register = (title: string, body: Body) => void;
const tdd = globalThis as unknown as Record<'suite' | 'test', Register> &
  Record<'suiteSetup' | 'teardown', (body: Body) => void>;

export const suite: Register = (title, body) => tdd.suite(title, body);
export const test: Register = (title, body) => tdd.test(title, body);
export const suiteSetup = (body: Body): void => tdd.suiteSetup(body);
export const teardown = (body: Body): void => tdd.teardown(body);

export const EXTENSION_ID = 'multus-nad.multus-nad';
const POLL_MS = 50;

/** Polls until `probe` returns a value that is not undefined/false, or fails with what was awaited. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Thenable<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e workspace is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function openEditor(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document);
}

/** The extension's API (activate's return value), activating it if needed. */
export async function multusApi(): Promise<MultusExtensionApi> {
  const extension = vscode.extensions.getExtension<MultusExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

/** The position of the `nth` occurrence of `needle` in a document (plus `shift` characters). */
export function positionOf(document: vscode.TextDocument, needle: string, shift = 0, nth = 0): vscode.Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = document.getText().indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${JSON.stringify(needle)} occurs in ${document.uri.path}`);
  return document.positionAt(offset + shift);
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Our diagnostics for a file (Red Hat's YAML extension, if present, has another source). */
export function multusDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source !== 'yaml');
}
