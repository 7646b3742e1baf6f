import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  contentSecurityPolicy,
  escapeHtml,
  previewDocument,
  renderPreviewBody,
} from '../../client/src/preview/previewHtml';
import type { PodView } from '../../client/src/preview/previewModel';

const hostilePod: PodView = {
  key: 'default/p"><img src=x onerror="alert(1)">',
  node: "node1'><script>alert(2)</script>",
  notes: ['<b>note</b>'],
  interfaces: [
    {
      name: 'net1',
      network: 'default/x<script>alert(3)</script>',
      addresses: ['192.168.1.200/24'],
      mac: '<i>',
      mtu: '1500',
      routes: ['default via 192.168.1.1'],
    },
  ],
  ipAddress: '</pre><script>alert(4)</script>',
  ipRoute: 'default via 192.168.1.1 dev net1',
  networkStatus: '[{"name": "<svg onload=alert(5)>"}]',
};

describe('preview HTML', () => {
  it('escapes the five HTML-significant characters and the backtick', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&\``), '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#96;');
  });

  it('leaves no tag or attribute from a manifest value in the body', () => {
    const body = renderPreviewBody({ subject: 'pod default/p"><img src=x onerror="alert(1)">', pods: [hostilePod] });
    // Escaped text holds no "<", so every "<" opens one of the renderer's own tags; their
    // attributes, with values in double quotes that escaped text cannot close, are all its own.
    const tags = [...body.matchAll(/<([a-z0-9]+)((?:\s[a-z-]+(?:="[^"]*")?)*)>/g)];
    assert.equal(tags.length, (body.match(/<[a-z]/g) ?? []).length, 'every tag is well formed');
    const ownTags = [
      'h1',
      'h2',
      'section',
      'span',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'br',
      'ul',
      'li',
      'div',
      'button',
      'pre',
    ];
    const ownAttributes = [
      'class',
      'id',
      'role',
      'hidden',
      'data-tab',
      'data-pod',
      'data-label',
      'aria-controls',
      'aria-selected',
    ];
    const attributes = tags.flatMap((tag) =>
      [...tag[2].matchAll(/\s([a-z-]+)(?:="[^"]*")?/g)].map((attribute) => attribute[1]),
    );
    assert.deepEqual(
      tags.map((tag) => tag[1]).filter((name) => !ownTags.includes(name)),
      [],
    );
    assert.deepEqual(
      attributes.filter((name) => !ownAttributes.includes(name)),
      [],
    );
    assert.match(body, /&#60;\/pre&#62;&#60;script&#62;alert\(4\)&#60;\/script&#62;/);
  });

  // media/preview.css lays a narrow panel out as cards labelled from data-label: each label must
  // be its column's heading, or a card would put a value under the wrong name.
  it('labels every cell with the heading of its column', () => {
    const body = renderPreviewBody({ subject: 'pod default/a', pods: [{ ...hostilePod, key: 'default/a' }] });
    const headings = [...body.matchAll(/<th>([^<]*)<\/th>/g)].map((match) => match[1]);
    const labels = [...body.matchAll(/<td data-label="([^"]*)"/g)].map((match) => match[1]);
    assert.deepEqual(headings, ['Interface', 'Network', 'Addresses', 'MAC', 'MTU', 'Routes']);
    assert.deepEqual(labels, headings);
  });

  it("shows a refused pod with Multus' reason instead of a table", () => {
    const body = renderPreviewBody({
      subject: 'pod default/a',
      pods: [
        {
          ...hostilePod,
          key: 'default/a',
          error: 'Multus: [default/a]: cannot find a network-attachment-definition (nope) in namespace (default)',
        },
      ],
    });
    assert.match(
      body,
      /Multus would refuse this pod: Multus: \[default\/a\]: cannot find a network-attachment-definition/,
    );
    assert.doesNotMatch(body, /<table/);
  });

  it("says a node the model lacks is the model's limit, not Multus' refusal (issue 18)", () => {
    const body = renderPreviewBody({
      subject: 'pod default/a',
      pods: [{ ...hostilePod, key: 'default/a', error: 'node "node2" is not in the cluster model', modelLimit: true }],
    });
    assert.match(
      body,
      /Not previewed, the cluster model cannot place this pod: node &#34;node2&#34; is not in the cluster model/,
    );
    assert.doesNotMatch(body, /Multus would refuse/);
  });

  it('allows only the nonce script and the webview origin, with nothing by default', () => {
    const csp = contentSecurityPolicy({ cspSource: 'https://webview.example', nonce: 'abc123' });
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const html = previewDocument(
      {
        cspSource: 'https://webview.example',
        nonce: 'abc123',
        scriptUri: 'https://webview.example/p.js',
        styleUri: 'https://webview.example/p.css',
      },
      '<p>x</p>',
    );
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="abc123" src="https:\/\/webview\.example\/p\.js"><\/script>/);
  });
});
