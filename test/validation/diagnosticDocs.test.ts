// Issue 18 point 9: one documentation page per diagnostic code (docs/diagnostics/<code>.md), linked
// from the editor (codeDescription.href) and SARIF (helpUri). Every code has a page, every page a
// code, and each page says why (with its upstream source), how to fix, and shows an example.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_CODES, DIAGNOSTIC_DOCS_FOLDER } from '../../engine';
import { ROOT } from './cliHarness';

const DOCS = join(ROOT, DIAGNOSTIC_DOCS_FOLDER);
const codes = Object.keys(DIAGNOSTIC_CODES);
const pages = readdirSync(DOCS).filter((name) => name.endsWith('.md'));

describe('docs/diagnostics: a page per code', () => {
  it('every code has a page', () => {
    assert.deepEqual(
      codes.filter((code) => !pages.includes(`${code}.md`)),
      [],
    );
  });

  it('every page belongs to a code (no orphans), and nothing else is in the folder', () => {
    assert.deepEqual(
      readdirSync(DOCS).filter((name) => !codes.includes(name.replace(/\.md$/, '')) || !name.endsWith('.md')),
      [],
    );
  });

  for (const code of codes) {
    it(`${code}: title, severity, why with an upstream source, fix, example`, () => {
      const page = readFileSync(join(DOCS, `${code}.md`), 'utf8');
      assert.ok(page.startsWith(`# \`${code}\`\n`), 'the title is the code');
      assert.match(
        page,
        new RegExp(`Default severity: \\*\\*${DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES].severity}\\*\\*`),
      );
      assert.match(page, /\n## Why\n\n.+\n\nUpstream:\n\n- \S/);
      assert.match(page, /\n## How to fix\n\n\S/);
      if (!('retired' in DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES]))
        assert.match(page, /\n## Example\n\n\S/);
      assert.doesNotMatch(page, /\b(PLG|MUL|WA|NADC|ADM|NPWG)\b/, 'no unexplained shorthand');
    });
  }
});
