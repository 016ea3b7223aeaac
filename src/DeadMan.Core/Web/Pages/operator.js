'use strict';
// The operator's table in a browser: the terminal's columns, groups, colours and RESULT sparklines, the traffic
// panel and the events, with sort, filter and a host's detail on click. Redrawn from each state the stream pushes.
(() => {
  const { el, ms, bps, since, clock, sparkline, alarm, severity } = dm;
  const rounds = 60;
  const hosts = document.querySelector('#hosts tbody');
  const filter = document.getElementById('filter');
  const sort = document.getElementById('sort');
  let state = null;
  let selected = null;

  const query = new URLSearchParams(location.search);
  filter.value = query.get('filter') || '';
  sort.value = query.get('sort') || 'file';

  const matches = (t, words) => words.every(w =>
    [t.name, t.address, t.resolved_address, t.group, t.state].some(f => f && f.toLowerCase().includes(w)));

  function ordered(targets) {
    const list = targets.slice();
    const by = {
      worst: (a, b) => severity[alarm(b)] - severity[alarm(a)] || seenDown(b) - seenDown(a) || b.loss_pct - a.loss_pct,
      name: (a, b) => a.name.localeCompare(b.name),
      loss: (a, b) => b.loss_pct - a.loss_pct,
      rtt: (a, b) => (b.rtt_avg_ms ?? -1) - (a.rtt_avg_ms ?? -1),
    }[sort.value];
    return by ? list.sort(by) : list;
  }

  // Read back from several deadmans (--from prometheus): how many vantages see it down, and each one's word on it.
  const seenDown = t => (t.vantages || []).filter(v => v.state === 'down').length;
  const vantageText = v => v.state === 'up' || v.state === 'degraded' ? `${v.vantage} ${ms(v.rtt_last_ms)}` : `${v.vantage} ${v.state}`;

  function rowFor(t, now) {
    const down = t.state === 'down';
    return el('tr', { class: `host ${t.state}${t.expect_down ? ' expected' : ''}${alarm(t) === 'known' ? ' known' : ''}${selected === t.id ? ' selected' : ''}`,
                      'data-id': t.id, 'data-name': t.name, 'data-state': t.state, tabindex: 0,
                      onclick: () => select(t.id), onkeydown: e => { if (e.key === 'Enter') select(t.id); } },
      el('td', { class: 'name', text: (alarm(t) === 'known' ? (t.known ? '✓ ' : '~ ') : '') + t.name }),
      el('td', { class: 'address', text: t.address ?? '' }),
      el('td', { class: 'num', text: t.sent ? `${Math.round(t.loss_pct)}%` : '' }),
      el('td', { class: 'num', text: ms(t.rtt_last_ms) }),
      el('td', { class: 'num avg', text: ms(t.rtt_avg_ms) }),
      el('td', { class: 'num sent', text: String(t.sent) }),
      el('td', { class: 'num since', text: t.state === 'up' ? '' : since(t.since, now) }),
      el('td', { class: 'vantages' }, (t.vantages || []).map(v => el('span', { class: `vantage ${v.state}`, 'data-vantage': v.vantage, text: vantageText(v) }))),
      el('td', { class: 'result-cell' }, el('div', { class: 'result' }, sparkline(t.history, rounds, rounds * 5, 16),
        down || t.state === 'degraded' ? el('span', { class: 'reason', text: knownWhy(t) || t.note || (t.reasons || []).join(', ') }) : null)));
  }

  // Why a known problem is known: the acknowledgement's note (or who gave it), or the maintenance.
  const knownWhy = t => alarm(t) !== 'known' ? null
    : t.acknowledgement ? `known: ${t.acknowledgement.note || t.acknowledgement.by}` : t.known ? 'known' : 'maintenance';

  function drawHosts(now) {
    const words = filter.value.toLowerCase().split(/\s+/).filter(w => w);
    const shown = ordered(state.targets).filter(t => matches(t, words));
    const rows = [];
    let group;
    for (const t of shown) {
      // Groups head their hosts as in the file; a sorted list is one list.
      if (sort.value === 'file' && t.group !== group && t.group) {
        rows.push(el('tr', { class: 'group' }, el('td', { colspan: 9, text: t.group })));
      }
      group = t.group;
      rows.push(rowFor(t, now));
    }
    hosts.replaceChildren(...rows);
    document.body.classList.toggle('public', !state.targets.some(t => 'address' in t));
    document.body.classList.toggle('remote', state.targets.some(t => t.vantages));
    document.getElementById('shown').textContent = words.length ? `${shown.length} of ${state.targets.length}` : '';
  }

  function drawCounts() {
    const n = { up: 0, degraded: 0, down: 0, known: 0 };
    for (const t of state.targets) if (alarm(t) in n) n[alarm(t)]++;
    document.getElementById('counts').replaceChildren(
      el('span', { class: 'up', text: `▲ ${n.up} up` }),
      el('span', { class: 'degraded', text: `◆ ${n.degraded} degraded` }),
      el('span', { class: 'down', text: `▼ ${n.down} down` }),
      n.known ? el('span', { class: 'known', text: `✓ ${n.known} known` }) : null);
    document.title = n.down ? `▼ ${n.down} down · deadman` : 'deadman';
  }

  function select(id) {
    selected = selected === id ? null : id;
    draw();
  }

  function drawDetail(now) {
    const box = document.getElementById('detail');
    const t = selected === null ? null : state.targets.find(x => x.id === selected);
    box.hidden = !t;
    if (!t) return;
    const facts = [
      ['state', t.state + (t.expect_down ? ' (expected down)' : '')],
      ['since', t.since ? `${new Date(t.since).toLocaleString()} (${since(t.since, now)})` : '-'],
      ['address', t.address], ['resolved', t.resolved_address], ['probe', t.kind], ['group', t.group],
      ['sent / received', `${t.sent} / ${t.received}`], ['loss', `${t.loss_pct}%`],
      ['RTT last / avg', `${ms(t.rtt_last_ms)} / ${ms(t.rtt_avg_ms)} ms`],
      ['RTT min / max', t.rtt_min_ms === undefined ? undefined : `${ms(t.rtt_min_ms)} / ${ms(t.rtt_max_ms)} ms`],
      ['jitter', t.jitter_ms === undefined ? undefined : `${ms(t.jitter_ms)} ms`], ['TTL', t.ttl],
      ['why', (t.reasons || []).join(', ') || undefined], ['last outcome', t.last_outcome],
      // A degraded host's note is its reasons again: said once.
      ['note', t.note === (t.reasons || []).join(', ') ? undefined : t.note],
      ...(t.vantages || []).map(v => [`from ${v.vantage}`, v.state === 'stale' ? 'stale: its series stopped (agent gone or not scraped)'
        : `${v.state}, RTT ${ms(v.rtt_last_ms)} / avg ${ms(v.rtt_avg_ms)} ms, loss ${v.loss_pct ?? '-'}%, sent ${v.sent}`]),
      ['known', t.acknowledgement && `acknowledged by ${t.acknowledgement.by} at ${new Date(t.acknowledgement.at).toLocaleTimeString()}`
        + (t.acknowledgement.until ? ` until ${new Date(t.acknowledgement.until).toLocaleString()}` : ' until it is up')
        + (t.acknowledgement.state === 'any' ? ', any state' : '') + (t.acknowledgement.note ? `: ${t.acknowledgement.note}` : '')],
      ['maintenance', t.maintenance ? 'in a maintenance window' : undefined],
      ['trace', t.trace_note || (t.trace && `${t.trace.summary} · ${new Date(t.trace.at).toLocaleTimeString()}`
        + (t.trace.traced_for ? `, traced for ${t.trace.traced_for}` : '')
        + (t.trace.path_changes_last_hour ? `; path changed ${t.trace.path_changes_last_hour}× in the last hour` : ''))],
    ].filter(([, v]) => v !== undefined && v !== null && v !== '');
    // The path as last traced: a hop a row, the last that answered before a break in red.
    const hops = t.trace ? el('table', { class: 'trace' }, t.trace.hops.map(h => el('tr', { class: h.address === null || h.note ? 'down' : '' },
      el('td', { class: 'num', text: String(h.hop) }),
      el('td', { text: h.address === null ? '*' : h.name ? `${h.address} (${h.name})` : h.address }),
      el('td', { class: 'num', text: `${h.loss_pct}%` }),
      el('td', { class: 'num', text: h.rtt_ms === null ? '-' : `${ms(h.rtt_ms)} ms` }),
      el('td', { text: h.note || '' })))) : [];
    box.replaceChildren(
      el('button', { class: 'close', title: 'close', onclick: () => select(t.id), text: '×' }),
      el('h2', { text: t.name }),
      el('dl', {}, facts.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })])),
      acknowledging(t),
      hops,
      sparkline(t.history, 120, 600, 48),
      el('p', { class: 'hint', text: 'last 120 rounds, newest on the left; red: no answer' }));
  }

  // Acknowledging from the page: only with the token in its URL (the server takes posts only then), on a host in
  // trouble or acknowledged. The form outlives redraws (the state comes every second) while it is the same host's.
  let form = null;
  function acknowledging(t) {
    if (!dm.token || !('address' in t)) return null;
    const key = `${t.id} ${t.acknowledgement ? 'withdraw' : t.state === 'down' || t.state === 'degraded' ? 'give' : 'none'}`;
    if (form && form.dataset.key === key) return form;
    form = el('form', { class: 'acknowledge', 'data-key': key, onsubmit: e => { e.preventDefault(); post(t, form); } });
    if (key.endsWith('withdraw')) {
      form.append(el('button', { type: 'submit', name: 'withdraw', text: 'Withdraw the acknowledgement' }));
    } else if (key.endsWith('give')) {
      form.append(el('input', { name: 'note', placeholder: 'note (optional)', maxlength: 200 }),
        el('select', { name: 'for' }, [['', 'until it is up'], ['15', '15 minutes'], ['60', '1 hour'], ['240', '4 hours'], ['today', 'the rest of the day'], ['any', 'any state, until up']]
          .map(([value, text]) => el('option', { value, text }))),
        el('button', { type: 'submit', text: 'Acknowledge' }));
    }
    form.append(el('p', { class: 'said' }));
    return form;
  }

  async function post(t, box) {
    const f = box.elements;
    const chosen = f.for ? f.for.value : '';
    const midnight = new Date(); midnight.setHours(24, 0, 0, 0);
    const body = f.withdraw ? { ids: [t.id], withdraw: true } : {
      ids: [t.id], note: f.note.value, any_state: chosen === 'any',
      minutes: /^\d+$/.test(chosen) ? Number(chosen) : null, until: chosen === 'today' ? midnight.toISOString() : null,
    };
    const said = box.querySelector('.said');
    try {
      const answer = await fetch(dm.url('/api/acknowledge'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      said.textContent = answer.ok ? (f.withdraw ? 'withdrawn' : 'acknowledged') : (await answer.text()).replace(/^deadman: /, '');
    } catch (e) {
      said.textContent = `not sent: ${e.message}`;
    }
  }

  // A gauge's row in the traffic panel: its value yellow from warn, red from crit, and its recent values.
  function gaugeRow(g) {
    const level = { crit: 'down', warn: 'degraded', ok: 'up' }[g.state] || (g.state === 'waiting' || g.state === 'no-value' ? '' : 'down');
    const value = g.value === null || g.value === undefined ? (g.detail || g.state)
      : `${g.value}${g.unit === '%' ? '%' : g.unit ? ` ${g.unit}` : ''}`;
    const said = g.value === null || g.value === undefined;
    return el('tr', { class: level, 'data-gauge': `${g.host} ${g.gauge}` },
      el('td', { text: g.host }), el('td', { text: g.gauge }),
      // What the poller said instead of a value is a sentence: it wraps rather than widen the page.
      el('td', { class: said ? 'note' : 'num', colspan: 3, text: value }),
      el('td', { text: g.reason || g.state }),
      el('td', {}, el('div', { class: 'result' }, sparkline(g.history, 60, 300, 16))));
  }

  function drawTraffic() {
    const section = document.getElementById('traffic');
    section.hidden = state.interfaces.length === 0 && state.gauges.length === 0;
    section.querySelector('tbody').replaceChildren(...state.interfaces.map(i => {
      const bad = i.state !== 'ok' && i.state !== 'waiting' || (i.oper_status && i.oper_status !== 'up' && i.oper_status !== 'unknown');
      return el('tr', { class: bad ? 'down' : 'up', 'data-interface': `${i.host} ${i.interface}` },
        el('td', { text: i.host }), el('td', { text: i.interface }),
        el('td', { class: 'num', text: bps(i.in_bps) }), el('td', { class: 'num', text: bps(i.out_bps) }),
        el('td', { class: 'num', text: i.utilisation_pct === null || i.utilisation_pct === undefined ? '-' : `${i.utilisation_pct.toFixed(1)}%` }),
        el('td', { text: i.oper_status ? `${i.oper_status}, ${i.state}` : i.state }),
        el('td', {}, el('div', { class: 'result' },
          sparkline(i.history.map(h => h[0]), 30, 150, 16), sparkline(i.history.map(h => h[1]), 30, 150, 16))));
    }), ...state.gauges.map(gaugeRow));
  }

  function drawEvents() {
    const list = document.querySelector('#events ol');
    document.getElementById('events').hidden = state.events.length === 0;
    list.replaceChildren(...state.events.slice(0, 50).map(e => el('li', { class: e.to },
      el('time', { text: clock(new Date(e.time), true) }), ' ',
      el('b', { text: e.name }), e.group ? el('span', { class: 'group', text: ` (${e.group})` }) : null,
      ` ${e.from} → ${e.to}`, e.lasted_s !== null ? ` after ${dm.duration(e.lasted_s)}` : '')));
  }

  function draw() {
    if (!state) return;
    const now = Date.parse(state.time);
    drawCounts();
    drawHosts(now);
    drawDetail(now);
    drawTraffic();
    drawEvents();
    document.getElementById('time').textContent = (state.paused ? 'paused · ' : '') + clock(new Date(now), true);
  }

  // Sort and filter live in the URL too, so a bookmark or a second screen keeps them.
  function remember() {
    const q = new URLSearchParams(location.search);
    for (const [key, value] of [['filter', filter.value], ['sort', sort.value === 'file' ? '' : sort.value]]) {
      if (value) q.set(key, value); else q.delete(key);
    }
    history.replaceState(null, '', `${location.pathname}${q.size ? '?' + q : ''}`);
    draw();
  }

  filter.addEventListener('input', remember);
  sort.addEventListener('change', remember);
  document.addEventListener('keydown', e => {
    if (e.key === 'Escape') { selected = null; draw(); }
    if (e.key === '/' && document.activeElement !== filter) { e.preventDefault(); filter.focus(); }
  });

  const status = document.getElementById('status');
  const said = { live: 'live', connecting: 'connecting…', lost: 'connection lost: retrying', refused: 'refused: this URL needs ?token=' };
  let connection = 'connecting';
  // Live but not current: a viewer (--from prometheus) that cannot read its server says why, over the old picture.
  function showStatus() {
    const shown = connection === 'live' && state && state.problem ? 'problem' : connection;
    status.className = `status ${shown}`;
    status.textContent = shown === 'problem' ? state.problem : said[shown];
    document.body.classList.toggle('stale', shown !== 'live');
  }
  dm.connect('/api/events', s => { state = s; draw(); showStatus(); }, s => { connection = s; showStatus(); });
})();
