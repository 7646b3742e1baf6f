import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_CODES } from '../../engine';
import { ROOT } from './cliRunner';

const DIAGNOSTIC_CODES_LIST = Object.keys(DIAGNOSTIC_CODES);

const VSIX = join(ROOT, 'dist', 'multus-nad.vsix');

/** Entry names from a zip's central directory (APPNOTE.TXT 4.3.12, 4.3.16). */
function zipEntries(zip: Buffer): string[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'not a zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory header');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('packaged .vsix (npm run package)', () => {
  it('holds the bundles, manifest and docs, and no sources, tests, maps or node_modules', () => {
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
    const names = zipEntries(readFileSync(VSIX));
    for (const required of [
      'extension/package.json',
      'extension/dist/client.js',
      'extension/dist/server.js',
      'extension/dist/cli.js',
      'extension/README.md',
      'extension/LICENSE.txt',
    ]) {
      assert.ok(
        names.some((name) => name.toLowerCase() === required.toLowerCase()),
        `${required} in ${names.join(', ')}`,
      );
    }
    const pages = DIAGNOSTIC_CODES_LIST.map((code) => `extension/docs/diagnostics/${code}.md`);
    assert.deepEqual(
      pages.filter((page) => !names.includes(page)),
      [],
      'every diagnostic code has its documentation page in the VSIX (codeDescription.href points there)',
    );
    const forbidden = names.filter((name) =>
      /\.ts$|\.map$|(^|\/)node_modules\/|^extension\/(test|engine|server\/src|client\/src|scripts)\//.test(name),
    );
    assert.deepEqual(forbidden, []);
  });

  it('stays under 2 MB', () => {
    assert.ok(statSync(VSIX).size < 2 * 1024 * 1024, `${statSync(VSIX).size} bytes`);
  });
});
