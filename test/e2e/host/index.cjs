// The extension host loads this file (extensionTestsPath) and awaits run(): mocha runs inside the
// real VS Code with the real `vscode` API, and a rejection makes the host exit with 1. Both
// launchers (test/e2e/runHost.mjs through code-server, test/e2e/runDesktop.mjs through
// @vscode/test-electron) pass the paths in the environment, which the extension host inherits.
'use strict';
const { readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

module.exports.run = function run() {
  const Mocha = require(process.env.MULTUS_E2E_MOCHA || 'mocha');
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: 'spec' });
  if (process.env.MULTUS_E2E_GREP) mocha.grep(process.env.MULTUS_E2E_GREP);
  const dir = process.env.MULTUS_E2E_TESTS;
  // restricted.test.js needs an untrusted workspace and runs alone; the others need trust.
  const restricted = process.env.MULTUS_E2E_RESTRICTED === '1';
  const files = readdirSync(dir).filter(
    (name) => name.endsWith('.test.js') && (name === 'restricted.test.js') === restricted,
  );
  // Name order: activation.test.js checks the lazy start, so it must come first.
  for (const file of files.sort()) mocha.addFile(join(dir, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes, failures: failed, duration } = runner.stats;
      console.log(`${passes} passed, ${failed} failed`);
      if (process.env.MULTUS_E2E_RESULTS) {
        writeFileSync(process.env.MULTUS_E2E_RESULTS, JSON.stringify({ passes, failures: failed, duration }));
      }
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
};
