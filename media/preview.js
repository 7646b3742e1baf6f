// The Multus preview webview: shows the body the extension renders (every manifest value already
// escaped there), switches the ip address / ip route / network-status tabs, and keeps the panel's
// state (what it previews, which tab) so VS Code can restore it after a reload.
/* global acquireVsCodeApi, document, window */
(function () {
  const vscode = acquireVsCodeApi();
  const main = document.getElementById('multus-preview');
  let state = vscode.getState() || {};

  function showTab(tab) {
    for (const element of main.querySelectorAll('[data-tab]')) {
      const selected = element.dataset.tab === tab;
      if (element.classList.contains('tab')) element.setAttribute('aria-selected', String(selected));
      else element.hidden = !selected;
    }
  }

  function remember(update) {
    state = Object.assign({}, state, update);
    vscode.setState(state);
  }

  main.addEventListener('click', function (event) {
    const button = event.target.closest('button.tab');
    if (!button) return;
    showTab(button.dataset.tab);
    remember({ tab: button.dataset.tab });
  });

  window.addEventListener('message', function (event) {
    const message = event.data;
    if (!message || message.type !== 'render') return;
    main.innerHTML = message.body;
    remember({ scope: message.scope });
    if (state.tab) showTab(state.tab);
    main.dataset.renders = String(Number(main.dataset.renders || '0') + 1);
  });

  if (state.tab) showTab(state.tab);
  vscode.postMessage({ type: 'ready' });
})();
