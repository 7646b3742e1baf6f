import { renderConnectivity } from './connectivityHtml';
import type { InterfaceRow, PodView, PreviewView } from './previewModel';

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface DocumentParts {
  /** `webview.cspSource`: the only origin styles and scripts may come from. */
  readonly cspSource: string;
  /** A fresh random value per document; the one script tag carries it. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
}

/**
 * The webview's content security policy: nothing by default, styles and the one script only from
 * the extension's media folder, the script also by nonce. No inline handlers, no eval, no network.
 */
export function contentSecurityPolicy(parts: Pick<DocumentParts, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `style-src ${parts.cspSource}`,
    `script-src 'nonce-${parts.nonce}'`,
    `img-src ${parts.cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The whole webview document around a rendered body (see renderPreviewBody). */
export function previewDocument(parts: DocumentParts, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(parts))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(parts.styleUri)}">
<title>Multus preview</title>
</head>
<body>
<main id="multus-preview">${body}</main>
<script nonce="${escapeHtml(parts.nonce)}" src="${escapeHtml(parts.scriptUri)}"></script>
</body>
</html>`;
}

/** The panel's body for a preview; every value from a manifest goes through escapeHtml. */
export function renderPreviewBody(view: PreviewView): string {
  const header = `<h1>Interfaces of ${escapeHtml(view.subject)}</h1>${renderModel(view)}`;
  if (view.hint) return `${header}<p class="hint">${escapeHtml(view.hint)}</p>`;
  return header + view.pods.map(renderPod).join('') + renderConnectivity(view.connectivity);
}

/**
 * Which cluster model the pods were placed on; the workspace NADs that override the cluster's, in view; the
 * server's other notes on the model (where it came from, what a snapshot cannot know) folded away.
 */
function renderModel(view: PreviewView): string {
  const line = view.model ? `<p class="model">Cluster model: ${escapeHtml(view.model)}</p>` : '';
  const overrides = view.overriddenNads?.length
    ? `<p class="model-override">The workspace's ${view.overriddenNads.map(escapeHtml).join(', ')} override the cluster's NADs of the same namespace/name.</p>`
    : '';
  const notes = view.modelNotes ?? [];
  const folded = notes.length
    ? `<details class="model-notes"><summary>${notes.length} note(s) on the cluster model</summary><ul>${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul></details>`
    : '';
  return line + overrides + folded;
}

/** The body shown while there is nothing to preview (no server, cursor on neither pod nor NAD). */
export function renderMessageBody(message: string): string {
  return `<p class="hint">${escapeHtml(message)}</p>`;
}

function renderPod(pod: PodView, index: number): string {
  const node = pod.node ? ` <span class="node">on node ${escapeHtml(pod.node)}</span>` : '';
  const title = `<h2>pod ${escapeHtml(pod.key)}${node}</h2>`;
  if (pod.error) {
    // The model's own limit is not Multus' verdict (issue 18): say which it is.
    const lead = pod.modelLimit
      ? 'Not previewed, the cluster model cannot place this pod'
      : 'Multus would refuse this pod';
    return `<section class="pod refused" data-pod="${escapeHtml(pod.key)}">${title}<p class="error">${lead}: ${escapeHtml(pod.error)}</p></section>`;
  }
  return `<section class="pod" data-pod="${escapeHtml(pod.key)}">${title}${renderTable(pod.interfaces)}${renderNotes(pod.notes)}${renderTabs(pod, index)}</section>`;
}

const COLUMNS = ['Interface', 'Network', 'Addresses', 'MAC', 'MTU', 'Routes'] as const;

// Each cell carries its column's name, and its value in one span: in a narrow panel media/preview.css
// shows every row as a card of labelled lines (label, value) instead of a table wider than the panel.
function renderTable(rows: readonly InterfaceRow[]): string {
  const head = COLUMNS.map((h) => `<th>${h}</th>`).join('');
  const cell = (lines: readonly string[]) => lines.map(escapeHtml).join('<br>');
  const td = (column: (typeof COLUMNS)[number], html: string, css = '') =>
    `<td data-label="${column}"${css ? ` class="${css}"` : ''}><span>${html}</span></td>`;
  const body = rows
    .map(
      (row) =>
        `<tr>${td('Interface', escapeHtml(row.name))}${td('Network', escapeHtml(row.network), 'network')}` +
        `${td('Addresses', cell(row.addresses))}${td('MAC', escapeHtml(row.mac))}${td('MTU', escapeHtml(row.mtu))}` +
        `${td('Routes', cell(row.routes), 'routes')}</tr>`,
    )
    .join('');
  return `<table class="interfaces"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function renderNotes(notes: readonly string[]): string {
  if (notes.length === 0) return '';
  return `<ul class="notes">${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
}

const TABS = [
  ['ip-address', 'ip address', (pod: PodView) => pod.ipAddress],
  ['ip-route', 'ip route', (pod: PodView) => pod.ipRoute],
  ['network-status', 'network-status', (pod: PodView) => pod.networkStatus],
] as const;

// Tabs are buttons and panels tied by ids; media/preview.js switches them and remembers the choice.
function renderTabs(pod: PodView, index: number): string {
  const buttons = TABS.map(
    ([id, label], i) =>
      `<button role="tab" class="tab" id="tab-${index}-${id}" data-tab="${id}" aria-controls="panel-${index}-${id}" aria-selected="${i === 0}">${label}</button>`,
  ).join('');
  const panels = TABS.map(
    ([id, , text], i) =>
      `<pre role="tabpanel" class="tab-panel" id="panel-${index}-${id}" data-tab="${id}"${i === 0 ? '' : ' hidden'}>${escapeHtml(text(pod))}</pre>`,
  ).join('');
  return `<div class="tabs" role="tablist">${buttons}</div>${panels}`;
}
