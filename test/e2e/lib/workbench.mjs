// The workbench moves the UI suites share: open a file by Quick Open, run a palette command, go to a
// line, answer a modal dialog, reach the preview webview's document. Every wait is for a condition.
export const WAIT_MS = 30_000;

// The browser's first page on the workspace, `watch` attached before it loads (to record its
// console), returned once the explorer lists the seed NAD: the workbench is up.
export async function openWorkspace(browser, url, workspace, watch) {
  const page = browser.pages()[0] ?? (await browser.newPage());
  watch(page);
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
  await page
    .locator('.explorer-folders-view .monaco-list-row', { hasText: 'macvlan-conf.yaml' })
    .waitFor({ timeout: 60_000 });
  return page;
}

export async function openFile(page, path) {
  const name = path.split('/').pop();
  // The palette without its ">" is Quick Open; F1 reaches it more reliably than Ctrl+P, which
  // Chromium can take for Print when the focus is not yet back in the workbench.
  const input = await openCommandPalette(page);
  await input.fill(path);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: WAIT_MS });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: WAIT_MS });
}

// Keys typed while the webview has focus stay in its iframe, so a click brings the focus back to
// the first editor group (where files open, beside the preview) before the next shortcut.
export async function focusFirstEditor(page) {
  const tab = page.locator('.editor-group-container').first().locator('.tabs-container .tab.active');
  if ((await tab.count()) > 0) await tab.first().click();
  else await page.keyboard.press('Control+1');
}

// F1 pressed while the focus is still on its way back from the webview can be lost, so the
// palette is asked for again until its input is visible.
export async function openCommandPalette(page) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    // A quick pick still closing (the previous step's choice) must be gone first: F1 pressed
    // meanwhile is lost, and its input, found visible, then hides under the caller (seen in CI).
    await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => page.keyboard.press('Escape'));
    await focusFirstEditor(page);
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      return input;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

// Right after start-up the palette may not list the extension's commands yet: ask again until it does.
export async function runCommand(page, title) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      // The palette can close again right after it opened (an output channel the previous step
      // revealed took the focus; seen in the cold run): then it is opened again.
      await (await openCommandPalette(page)).fill(`>${title}`, { timeout: 5_000 });
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      await row.waitFor({ timeout: 3000 });
      await row.click();
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw error;
    }
  }
}

export async function goToLine(page, lineColumn) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.keyboard.type(lineColumn);
  await page.keyboard.press('Enter');
  // Keys pressed before the widget is gone would go to it, not to the editor.
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: WAIT_MS });
}

/** The modal dialog's text and button labels, once it shows; `press` clicks one of its buttons. */
export async function modalDialog(page, timeout = WAIT_MS) {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout });
  const text = (await dialog.innerText()).replace(/\s+/g, ' ');
  const buttons = (await dialog.locator('.monaco-button').allInnerTexts()).map((label) => label.trim());
  return {
    text,
    buttons,
    press: async (button) => {
      await dialog.locator('.monaco-button', { hasText: button }).first().click();
      await dialog.waitFor({ state: 'hidden', timeout: WAIT_MS });
    },
  };
}

/** The preview's document inside VS Code's two webview iframes. */
export async function previewFrame(page, timeout = WAIT_MS) {
  const active = page.frameLocator('iframe.webview.ready').locator('#active-frame');
  await active.waitFor({ state: 'attached', timeout });
  const frame = await (await active.elementHandle()).contentFrame();
  await frame.locator('#multus-preview').waitFor({ timeout: WAIT_MS });
  return frame;
}
