'use strict';
// What the operator's page and the signage page share: the connection to deadman's event stream, number formats and
// sparklines. No library, nothing fetched from elsewhere: the venue's network may be what is down.
const dm = (() => {
  const token = new URLSearchParams(location.search).get('token');
  const svgNs = 'http://www.w3.org/2000/svg';

  // The page was given ?token=: its requests carry it too (a browser cannot add a bearer header to a stream).
  const url = path => token ? `${path}?token=${encodeURIComponent(token)}` : path;

  // Elements are built from text, never from HTML, so a host name cannot inject markup.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function svg(tag, attributes) {
    const node = document.createElementNS(svgNs, tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    return node;
  }

  // As the terminal writes them: three significant figures.
  const ms = v => v === null || v === undefined ? '-' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);

  // As the terminal and the reports write rates: three significant figures, 950 bit/s, 12.3 Mbit/s, 1.05 Gbit/s.
  function bps(v) {
    if (v === null || v === undefined) return '-';
    const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s'];
    let i = 0;
    while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
    return `${v.toFixed(i === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`;
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    if (seconds < 60) return `${seconds}s`;
    const m = Math.floor(seconds / 60), s = seconds % 60;
    if (m < 60) return `${m}m${String(s).padStart(2, '0')}s`;
    const h = Math.floor(m / 60);
    if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
    return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
  }

  const since = (iso, now) => iso ? duration((now - Date.parse(iso)) / 1000) : '';

  const clock = (date, seconds) => date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: seconds ? '2-digit' : undefined, hour12: false });

  // RESULT as in the terminal: newest on the left, a bar per answered round scaled to the row's tallest, a red
  // full-height mark per lost one.
  function sparkline(history, rounds, width, height) {
    const shown = history.slice(0, rounds);
    const tallest = Math.max(1, ...shown.filter(v => v !== null));
    const step = width / rounds;
    // Stretched to whatever width the page gives it (a narrow screen makes it shorter, never taller).
    const chart = svg('svg', { class: 'spark', width, height, viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' });
    shown.forEach((v, k) => {
      const x = k * step;
      const h = v === null ? height : Math.max(1, Math.round((v / tallest) * height));
      chart.append(svg('rect', { x: x.toFixed(1), y: height - h, width: Math.max(1, step - 1).toFixed(1), height: h, class: v === null ? 'lost' : 'answered' }));
    });
    return chart;
  }

  // What a host's state means for the alarm, as the terminal counts it: a host expected down (expect=down) that is
  // down is as it should be, neither up nor down. Worst first ranks by this too.
  const alarm = t => t.expect_down && t.state === 'down' ? 'expected'
    : (t.known || t.maintenance) && (t.state === 'down' || t.state === 'degraded') ? 'known' : t.state;
  // A known problem (acknowledged, or in a maintenance window) after the news, before the unknown.
  const severity = { down: 3, degraded: 2, known: 1.5, unknown: 1, up: 0, expected: 0 };

  // The stream sends the whole state on every connect, so after a reconnect the page has simply caught up.
  // onStatus hears 'live', 'connecting', 'refused' (a 401: the URL lacks its token) or 'lost'; onAlive hears the
  // server's heartbeat when nothing changed.
  function connect(path, onState, onStatus, onAlive) {
    let source;
    function open() {
      source = new EventSource(url(path));
      onStatus('connecting');
      source.addEventListener('open', () => onStatus('live'));
      source.addEventListener('state', e => { onStatus('live'); onState(JSON.parse(e.data)); });
      source.addEventListener('alive', () => onAlive && onAlive());
      source.addEventListener('error', () => {
        if (source.readyState === EventSource.CLOSED) {
          // The browser gives up on an answer that is not a stream (401, 404): ask once what it was, then retry.
          fetch(url(path.replace('/events', '/state')), { cache: 'no-store' })
            .then(r => onStatus(r.status === 401 ? 'refused' : 'lost'), () => onStatus('lost'))
            .finally(() => setTimeout(open, 5000));
        } else {
          onStatus('lost');
        }
      });
    }
    open();
  }

  return { url, token, el, svg, ms, bps, duration, since, clock, sparkline, connect, alarm, severity };
})();
