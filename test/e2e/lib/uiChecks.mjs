// The bookkeeping every UI suite shares: a clock for progress lines, checks whose failure is
// recorded with a screenshot while the suite goes on, screenshots for the README, and the
// closing "N passed, N failed" line.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function createUiChecks(artifacts) {
  const started = Date.now();
  const results = [];
  let page; // where a failing check takes its screenshot
  let failureShots; // the sandbox folder the screenshot goes to

  return {
    lap(what) {
      console.log(`[${String(Date.now() - started).padStart(6)} ms] ${what}`);
    },
    /** The page the checks drive, and the folder for screenshots of failed checks. */
    attach(currentPage, dir) {
      page = currentPage;
      failureShots = dir;
    },
    /** Runs one check; a failure is recorded and the suite goes on with the next one. */
    async check(name, body) {
      const t0 = Date.now();
      try {
        await body();
        results.push({ name, ok: true });
        console.log(`  ok   ${name} (${Date.now() - t0} ms)`);
      } catch (error) {
        results.push({ name, ok: false });
        await page?.screenshot({ path: join(failureShots, `failed-${results.length}.png`) }).catch(() => undefined);
        await page?.keyboard.press('Escape').catch(() => undefined); // close what the failed check left open
        console.log(
          `  FAIL ${name} (${Date.now() - t0} ms): ${error.message.split('\n').slice(0, 6).join('\n       ')}`,
        );
      }
    },
    expect(condition, message) {
      if (!condition) throw new Error(message);
    },
    async screenshot(target, name) {
      mkdirSync(artifacts, { recursive: true });
      await target.screenshot({ path: join(artifacts, name) });
    },
    setUpFailed(error) {
      results.push({ name: 'suite set-up', ok: false });
      console.log(`  FAIL suite set-up: ${error.message}`);
    },
    /** Prints the suite's closing line; the number of failed checks. */
    finish(label) {
      const failed = results.filter((result) => !result.ok).length;
      console.log(`${label}: ${results.length - failed} passed, ${failed} failed`);
      return failed;
    },
  };
}
