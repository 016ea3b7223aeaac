'use strict';
// The venue screen: totals, one tile per group coloured by its worst host, and the uplink graph, readable from
// across a hall. It reads the public document, so no address reaches the screen. ?rotate=15s pages through tiles
// that do not fit; without it the tiles shrink to fit.
(() => {
  const { el, svg, bps, clock, alarm, severity } = dm;
  const tiles = document.getElementById('tiles');
  const rotateText = new URLSearchParams(location.search).get('rotate');
  const rotate = rotateText && /^(\d+)(s|m)?$/.exec(rotateText);
  const rotateMs = rotate ? Math.max(3, Number(rotate[1])) * (rotate[2] === 'm' ? 60000 : 1000) : 0;
  let state = null;
  let lastState = Date.now();
  let page = 0;
  let clockShown = true;

  // A group's state is its worst host's; a host expected down and down is as it should be, and counts as neither
  // up nor down, as on the terminal.
  function groups(targets) {
    const byName = new Map();
    for (const t of targets) {
      const name = t.group || 'Hosts';
      if (!byName.has(name)) byName.set(name, { name, hosts: [], worst: 'up' });
      const g = byName.get(name);
      const s = alarm(t);
      g.hosts.push({ name: t.name, state: s });
      if (severity[s] > severity[g.worst]) g.worst = s;
    }
    return [...byName.values()];
  }

  // The news first, then the known problems (marked ✓, dimmed).
  const troubled = g => g.hosts.filter(h => h.state === 'down' || h.state === 'degraded' || h.state === 'known').sort((a, b) => severity[b.state] - severity[a.state]);

  function tile(g) {
    const watched = g.hosts.filter(h => h.state !== 'expected').length;
    const up = g.hosts.filter(h => h.state === 'up').length;
    return el('article', { class: `tile ${g.worst}`, 'data-group': g.name, 'data-state': g.worst },
      el('h2', { text: g.name }),
      el('p', { class: 'count', text: `${up} / ${watched} up` }),
      el('ul'),
      // A dot per host, so a glance counts the red ones even where the names do not fit.
      el('div', { class: 'dots' }, g.hosts.map(h => el('i', { class: h.state }))));
  }

  // As many of the troubled hosts' names as the tile has room for, then "+N more": never half a line, never a
  // name under the tile's border.
  function fitNames(article, bad) {
    const list = article.querySelector('ul');
    for (let shown = Math.min(bad.length, 8); shown >= 0; shown--) {
      const names = bad.slice(0, shown).map(h => el('li', { class: h.state, text: h.name }));
      if (bad.length > shown) names.push(el('li', { class: 'more', text: shown ? `+${bad.length - shown} more` : `${bad.length} in trouble` }));
      list.replaceChildren(...names);
      if (list.scrollHeight <= list.clientHeight + 1) return;
    }
  }

  // How many tiles one page holds at the size rotation uses.
  function perPage() {
    const probe = el('article', { class: 'tile up' }, el('h2', { text: 'x' }), el('p', { class: 'count', text: 'x' }), el('ul'));
    tiles.replaceChildren(probe);
    const box = tiles.getBoundingClientRect(), t = probe.getBoundingClientRect();
    const gap = parseFloat(getComputedStyle(tiles).gap) || 0;
    const columns = Math.max(1, Math.floor((box.width + gap) / (t.width + gap)));
    const rows = Math.max(1, Math.floor((box.height + gap) / (t.height + gap)));
    return columns * rows;
  }

  function drawTiles() {
    const all = groups(state.targets);
    let shown = all;
    const dots = document.getElementById('pages');
    tiles.classList.toggle('paged', rotateMs > 0);
    if (rotateMs > 0) {
      const size = perPage();
      const pages = Math.max(1, Math.ceil(all.length / size));
      page %= pages;
      shown = all.slice(page * size, (page + 1) * size);
      dots.replaceChildren(...(pages > 1 ? Array.from({ length: pages }, (_, k) => el('span', { class: k === page ? 'on' : '' })) : []));
    } else {
      // Fewer, bigger tiles when there are few groups; smaller ones rather than hidden ones when there are many.
      tiles.dataset.count = all.length > 24 ? 'many' : all.length > 12 ? 'some' : 'few';
    }
    const drawn = shown.map(tile);
    tiles.replaceChildren(...drawn);
    drawn.forEach((article, k) => fitNames(article, troubled(shown[k])));
  }

  function drawTotals() {
    const n = { up: 0, degraded: 0, down: 0, known: 0 };
    for (const t of state.targets) {
      if (alarm(t) in n) n[alarm(t)]++;
    }
    for (const k of Object.keys(n)) document.getElementById(k).textContent = n[k];
    // Known problems (acknowledged, or in maintenance) apart from the news, and only when there are any.
    document.getElementById('known').parentElement.hidden = n.known === 0;
    document.body.dataset.worst = n.down ? 'down' : n.degraded ? 'degraded' : 'up';
  }

  function drawUplink() {
    const s = state.signage;
    const box = document.getElementById('uplink');
    box.hidden = !s || s.uplinks.length === 0;
    if (box.hidden) return;
    document.getElementById('in').textContent = s.in_bps.length ? bps(s.in_bps[0]) : '–';
    document.getElementById('out').textContent = s.out_bps.length ? bps(s.out_bps[0]) : '–';
    const span = 600, step = state.traffic_interval_s;
    const top = niceCeiling(Math.max(1000, ...s.in_bps, ...s.out_bps));
    const points = series => series.map((v, k) => `${(1000 - (k * step / span) * 1000).toFixed(1)},${(200 - (v / top) * 196).toFixed(1)}`);
    const graph = document.getElementById('graph');
    const parts = [];
    for (const y of [50, 100, 150]) parts.push(svg('line', { x1: 0, x2: 1000, y1: y, y2: y, class: 'grid' }));
    if (s.in_bps.length > 1) {
      const p = points(s.in_bps);
      parts.push(svg('polygon', { points: `1000,200 ${p.join(' ')} ${p[p.length - 1].split(',')[0]},200`, class: 'in' }));
      parts.push(svg('polyline', { points: points(s.out_bps).join(' '), class: 'out' }));
    }
    graph.replaceChildren(...parts);
    document.getElementById('scale').textContent = bps(top);
  }

  function niceCeiling(v) {
    const magnitude = 10 ** Math.floor(Math.log10(v));
    return [1, 2, 5, 10].map(m => m * magnitude).find(m => m >= v);
  }

  function draw() {
    if (!state) return;
    const s = state.signage;
    if (s) {
      document.getElementById('title').textContent = s.title || 'Network status';
      document.title = s.title || 'Network status';
      clockShown = s.clock;
    }
    drawTotals();
    drawTiles();
    drawUplink();
  }

  // Never show an old picture as if it were live: after 10 s without news (and not paused) the screen says so.
  function tick() {
    const clockBox = document.getElementById('clock');
    clockBox.hidden = !clockShown;
    clockBox.textContent = clock(new Date(), false);
    const problem = state && state.problem;
    const stale = !(state && state.paused) && (Date.now() - lastState > 10000 || !!problem);
    const footer = document.getElementById('stale');
    footer.hidden = !stale && !(state && state.paused);
    footer.textContent = state && state.paused ? 'Monitoring paused by the NOC'
      : problem ? `${problem[0].toUpperCase()}${problem.slice(1)} since ${clock(new Date(Date.parse(state.time)), true)}: this is not live`
      : stale ? `No news from the monitor since ${clock(new Date(lastState), true)}: this is not live` : '';
    document.body.classList.toggle('is-stale', !!stale);
  }

  if (rotateMs > 0) setInterval(() => { page++; draw(); }, rotateMs);
  setInterval(tick, 1000);
  window.addEventListener('resize', draw);
  dm.connect('/api/signage/events', s => { state = s; lastState = Date.now(); draw(); tick(); }, () => {}, () => { lastState = Date.now(); });
  tick();
})();
