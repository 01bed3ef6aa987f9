// The webview's script: shows what the server drew and reports clicks; no analysis here.
(function () {
  const vscode = acquireVsCodeApi();
  const $ = (id) => document.getElementById(id);
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (m.type === 'error') { $('status').textContent = m.message; return; }
    if (m.type !== 'model') return;
    const model = m.model;
    if (!model) { $('status').textContent = 'No sidecar/article pair for this file.'; return; }
    $('status').textContent = '';
    $('core-css').textContent = model.css;
    $('title').textContent = model.title || 'Map and Timeline';
    const errors = model.events.filter((e) => e.diagnostics.length > 0).length;
    $('meta').textContent = [model.source, model.published ? `published ${model.published}` : 'no publication date',
      `${model.places.length} places`, `${model.events.length} events`, errors ? `${errors} with date findings` : '',
      model.homeCountries.length ? `source region: ${model.homeCountries.join(', ')}` : ''].filter(Boolean).join(' · ');
    // Trusted markup: Core escapes every text it puts in the SVG.
    $('legend').innerHTML = model.legend;
    $('map').innerHTML = model.mapSvg;
    $('timeline').innerHTML = model.timelineSvg;
    $('attribution').textContent = model.attribution;
  });
  const reveal = (e) => {
    const marker = e.target.closest('[data-index]');
    if (!marker) return;
    vscode.postMessage({ type: 'reveal', kind: marker.closest('svg.timeline') ? 'event' : 'place', index: Number(marker.dataset.index) });
  };
  document.addEventListener('click', reveal);
  document.addEventListener('keydown', (e) => { if (e.key === 'Enter') reveal(e); });
  vscode.postMessage({ type: 'ready' });
})();
