// The risk officer's dashboard. Plain browser JavaScript, no framework and no network beyond
// this api: the key travels in the x-api-key header, live updates come from /v1/stream read
// with fetch (EventSource cannot send headers, nor see a refusal's status). Volumes are kb/d,
// times UTC.
'use strict';

(function () {
  const STATUSES = ['normal', 'elevated', 'high', 'critical', 'disrupted'];
  const SVG = 'http://www.w3.org/2000/svg';
  // Libya's bounding box with a margin, degrees; equirectangular, x scaled by cos(mid-latitude).
  const BOX = { west: 8.8, east: 25.9, south: 19.2, north: 34.0 };
  const MAP_SCALE = 44; // px per degree of latitude
  const KX = MAP_SCALE * Math.cos((27 * Math.PI) / 180);
  const MAP_W = (BOX.east - BOX.west) * KX;
  const MAP_H = (BOX.north - BOX.south) * MAP_SCALE;

  const state = {
    key: '',
    assets: new Map(), // id -> asset view
    scores: new Map(), // id -> latest score view
    national: null,
    nationalHistory: [],
    selected: null,
    selectedHistory: [],
    selectedEvents: [],
    eventCache: new Map(),
    stream: null,
    lastEventId: null,
    streamFailures: 0, // failed /v1/stream attempts in a row
    retryTimer: null,
    retryTick: null,
  };
  const streamRetry = globalThis.CrescentStreamRetry; // stream-retry.js

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'class') node.className = v;
      // Through the CSSOM, which the Content-Security-Policy (style-src 'self', no
      // 'unsafe-inline') allows; a `style` attribute set with setAttribute would be blocked.
      else if (k === 'style') node.style.cssText = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  const fmt = {
    kbd: (v) => (v === null || v === undefined ? '–' : `${Math.round(v).toLocaleString('en')}`),
    pct: (v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`),
    score: (v) => (v === null || v === undefined ? '–' : v.toFixed(0)),
    time: (iso) =>
      iso
        ? iso
            .replace('T', ' ')
            .replace(/:\d\d(\.\d+)?Z$/, 'Z')
            .replace('Z', ' UTC')
        : '–',
    day: (iso) => (iso ? iso.slice(0, 10) : ''),
  };

  function statusColor(status) {
    return `var(--${STATUSES.includes(status) ? status : 'normal'})`;
  }

  function pill(status) {
    return el('span', { class: `pill s-${status}` }, status);
  }

  function showError(message) {
    const box = $('error');
    box.textContent = message;
    box.hidden = !message;
  }

  async function api(path) {
    const res = await fetch(path, { headers: { 'x-api-key': state.key, accept: 'application/json' } });
    if (res.status === 404) return null;
    if (!res.ok) {
      let detail = `${res.status}`;
      try {
        detail = (await res.json()).detail || detail;
      } catch (e) {
        /* not problem+json */
      }
      throw Object.assign(new Error(`${path}: ${detail}`), { status: res.status });
    }
    return res.json();
  }

  // ---------------------------------------------------------------- map
  function project([lon, lat]) {
    return [(lon - BOX.west) * KX, (BOX.north - lat) * MAP_SCALE];
  }

  function ringPath(ring) {
    return (
      ring
        .map(
          (p, i) =>
            (i ? 'L' : 'M') +
            project(p)
              .map((n) => n.toFixed(1))
              .join(','),
        )
        .join('') + 'Z'
    );
  }

  function geometryPath(g) {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    return polys.map((poly) => poly.map(ringPath).join('')).join('');
  }

  function radius(asset) {
    return 2.5 + Math.sqrt(Math.max(asset.baselineKbd, 0)) * 0.62;
  }

  function currentStatus(id) {
    const s = state.scores.get(id);
    if (s) return s.status;
    const a = state.assets.get(id);
    return a ? a.status : 'normal';
  }

  /**
   * A label right of the mark, else left, else none: big assets are placed first and a label
   * never covers another, so the map stays readable where the Sirte basin crowds.
   */
  function placeLabel(group, placed, asset, x, y) {
    const r = radius(asset);
    const w = asset.name.length * 5.3;
    const h = 11;
    for (const side of [1, -1]) {
      const box = { x0: side > 0 ? x + r + 2 : x - r - 2 - w, y0: y - h / 2, x1: 0, y1: 0 };
      box.x1 = box.x0 + w;
      box.y1 = box.y0 + h;
      if (box.x0 < 0 || box.x1 > MAP_W) continue;
      if (placed.some((b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1)) continue;
      placed.push(box);
      group.append(
        svg(
          'text',
          {
            class: 'map-label',
            x: side > 0 ? box.x0 : box.x1,
            y: y + 3.5,
            'text-anchor': side > 0 ? 'start' : 'end',
          },
          asset.name,
        ),
      );
      return;
    }
  }

  async function drawMap() {
    const boundary = await fetch('/dashboard/libya.json').then((r) => r.json());
    const root = svg('svg', {
      viewBox: `0 0 ${MAP_W.toFixed(0)} ${MAP_H.toFixed(0)}`,
      preserveAspectRatio: 'xMidYMid meet',
    });
    for (const f of boundary.features) {
      const libya = f.properties.libya;
      root.append(
        svg('path', {
          d: geometryPath(f.geometry),
          fill: libya ? 'var(--land)' : 'var(--neighbour)',
          stroke: libya ? 'var(--land-edge)' : 'var(--neighbour-edge)',
          'stroke-width': libya ? 1.2 : 0.6,
          'data-country': f.properties.name,
        }),
      );
    }
    const assets = [...state.assets.values()];
    const lines = svg('g', {});
    const points = svg('g', {});
    const labels = svg('g', {});
    const placed = [];
    // Bigger circles first, so small ones stay clickable on top.
    for (const a of assets.sort((x, y) => y.baselineKbd - x.baselineKbd)) {
      const g = a.geometry;
      const title = svg('title', {}, `${a.name} (${a.kind}, ${fmt.kbd(a.baselineKbd)} kb/d)`);
      const common = { 'data-asset-id': a.id, onclick: () => void select(a.id) };
      if (g.type === 'LineString') {
        lines.append(
          svg(
            'path',
            {
              ...common,
              class: 'asset-line',
              d: g.coordinates
                .map(
                  (p, i) =>
                    (i ? 'L' : 'M') +
                    project(p)
                      .map((n) => n.toFixed(1))
                      .join(','),
                )
                .join(''),
              'stroke-width': Math.max(2, Math.min(7, 1.5 + Math.sqrt(a.baselineKbd) * 0.25)),
            },
            title,
          ),
        );
      } else {
        const [x, y] = project(g.coordinates);
        points.append(svg('circle', { ...common, class: 'asset-mark', cx: x, cy: y, r: radius(a) }, title));
        if (a.baselineKbd >= 40 || a.kind === 'terminal') placeLabel(labels, placed, a, x, y);
      }
    }
    root.append(lines, points, labels);
    $('map').replaceChildren(root);
    paintMap();
    $('legend').replaceChildren(
      ...STATUSES.map((s) => el('span', {}, el('i', { style: `background:${statusColor(s)}` }), s)),
    );
  }

  /** Every asset, worst first: the desk's scan list beside the map. */
  function renderWatchlist() {
    const rank = (a) => {
      const s = state.scores.get(a.id);
      return s ? s.score : -1;
    };
    const rows = [...state.assets.values()].sort(
      (a, b) => rank(b) - rank(a) || b.baselineKbd - a.baselineKbd,
    );
    $('watch-table').replaceChildren(
      el(
        'tr',
        {},
        ['asset', 'status', 'score', 'loss kb/d', 'baseline'].map((h) => el('th', {}, h)),
      ),
      ...rows.map((a) => {
        const s = state.scores.get(a.id);
        const status = currentStatus(a.id);
        return el(
          'tr',
          {
            'data-watch-id': a.id,
            class: a.id === state.selected ? 'selected' : '',
            onclick: () => void select(a.id),
          },
          el('td', { title: `${a.name} (${a.kind})` }, a.name),
          el('td', {}, pill(status)),
          el('td', {}, s ? fmt.score(s.score) : '–'),
          el('td', {}, s ? fmt.kbd(s.expectedLossKbd) : '–'),
          el('td', { class: 'muted' }, fmt.kbd(a.baselineKbd)),
        );
      }),
    );
  }

  function paintMap() {
    renderWatchlist();
    for (const node of document.querySelectorAll('[data-asset-id]')) {
      const id = node.getAttribute('data-asset-id');
      const status = currentStatus(id);
      node.setAttribute('data-status', status);
      if (node.tagName === 'path') node.setAttribute('stroke', statusColor(status));
      else node.setAttribute('fill', statusColor(status));
      node.classList.toggle('selected', id === state.selected);
    }
  }

  // ---------------------------------------------------------------- charts
  /** A line chart of score 0–100 over time, status bands behind; points {asOf, score, status}. */
  function scoreChart(points, { height, label }) {
    const W = 520;
    const H = height;
    const pad = { l: 26, r: 6, t: 6, b: 16 };
    const root = svg('svg', {
      viewBox: `0 0 ${W} ${H}`,
      preserveAspectRatio: 'none',
      role: 'img',
      'aria-label': label,
    });
    if (points.length === 0) {
      root.append(
        svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'muted' }, 'no scores yet'),
      );
      return root;
    }
    const ts = points.map((p) => Date.parse(p.asOf));
    let t0 = Math.min(...ts);
    let t1 = Math.max(...ts);
    if (t1 === t0) {
      t0 -= 3600e3;
      t1 += 3600e3;
    }
    const x = (t) => pad.l + ((t - t0) / (t1 - t0)) * (W - pad.l - pad.r);
    const y = (v) => pad.t + (1 - v / 100) * (H - pad.t - pad.b);
    const axis = svg('g', { class: 'axis' });
    for (const v of [0, 50, 100]) {
      axis.append(svg('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v) }));
      axis.append(svg('text', { x: pad.l - 4, y: y(v) + 3, 'text-anchor': 'end' }, v));
    }
    axis.append(svg('text', { x: pad.l, y: H - 3 }, fmt.time(new Date(t0).toISOString())));
    axis.append(
      svg('text', { x: W - pad.r, y: H - 3, 'text-anchor': 'end' }, fmt.time(new Date(t1).toISOString())),
    );
    root.append(axis);
    // A step line: a score holds until the next one.
    let d = '';
    points.forEach((p, i) => {
      const px = x(ts[i]);
      const py = y(p.score);
      d += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
    });
    d += `H${x(t1)}`;
    root.append(
      svg('path', {
        d,
        fill: 'none',
        stroke: 'var(--accent)',
        'stroke-width': 1.5,
        'vector-effect': 'non-scaling-stroke',
      }),
    );
    points.forEach((p, i) =>
      root.append(
        svg(
          'circle',
          { cx: x(ts[i]), cy: y(p.score), r: 2.6, fill: statusColor(p.status), 'data-seq': p.seq },
          svg('title', {}, `${fmt.time(p.asOf)}: ${fmt.score(p.score)} ${p.status}`),
        ),
      ),
    );
    return root;
  }

  // ---------------------------------------------------------------- national
  function renderNational() {
    const n = state.national;
    const box = $('gauge');
    if (!n) {
      box.replaceChildren(el('div', { class: 'muted' }, 'No national score yet.'));
    } else {
      const d = n.detail || {};
      const share =
        typeof d.lossShare === 'number' ? d.lossShare : n.expectedLossKbd / Math.max(n.baselineKbd, 1);
      const bandLeft = (v) => `${Math.min(100, (v / Math.max(n.baselineKbd, 1)) * 100)}%`;
      const bar = el(
        'div',
        { class: 'bar' },
        el('div', {
          class: 'fill',
          style: `width:${Math.min(100, share * 100)}%;background:${statusColor(n.status)}`,
        }),
      );
      if (typeof d.p10Kbd === 'number' && typeof d.p90Kbd === 'number') {
        bar.append(
          el('div', {
            class: 'band',
            title: 'P10–P90',
            style: `left:${bandLeft(d.p10Kbd)};width:calc(${bandLeft(d.p90Kbd)} - ${bandLeft(d.p10Kbd)})`,
          }),
        );
      }
      box.replaceChildren(
        el(
          'div',
          { class: 'gauge', 'data-national-seq': n.seq },
          el(
            'div',
            { class: 'metric' },
            el('div', { class: 'value', id: 'national-loss' }, fmt.kbd(n.expectedLossKbd)),
            el('div', { class: 'label' }, 'expected loss kb/d'),
          ),
          el(
            'div',
            { class: 'metric' },
            el('div', { class: 'value' }, fmt.pct(share)),
            el('div', { class: 'label' }, `of ${fmt.kbd(n.baselineKbd)} kb/d`),
          ),
          el(
            'div',
            { class: 'metric' },
            el(
              'div',
              { class: 'value num', style: 'font-size:14px' },
              `${fmt.kbd(d.p10Kbd)} / ${fmt.kbd(d.p50Kbd)} / ${fmt.kbd(d.p90Kbd)}`,
            ),
            el('div', { class: 'label' }, 'P10 / P50 / P90 kb/d'),
          ),
          el(
            'div',
            { class: 'metric' },
            el('div', {}, pill(n.status)),
            el('div', { class: 'label' }, `score ${fmt.score(n.score)} · ${fmt.time(n.asOf)}`),
          ),
        ),
        bar,
      );
    }
    $('national-chart').replaceChildren(
      scoreChart(state.nationalHistory, { height: 86, label: 'national score history' }),
    );
  }

  /**
   * A history, oldest first, is paged from its start: follow the pages (at most 20 of 500) so
   * the chart ends at the latest score, and keep the newest 2000 points.
   */
  async function loadHistory(path) {
    let items = [];
    let cursor = null;
    for (let pages = 0; pages < 20; pages += 1) {
      const page = await api(`${path}?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      if (!page) break;
      items = items.concat(page.items).slice(-2000);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return items;
  }

  // ---------------------------------------------------------------- asset panel
  /**
   * Shows asset `id` in the asset panel. It runs from click handlers, where nothing waits for
   * it, so it never rejects: a read the api refuses is said in the panel (a refused key, as
   * everywhere, in the page's error bar), not left as an unhandled rejection.
   */
  async function select(id) {
    try {
      await loadAsset(id);
    } catch (e) {
      if (state.selected !== id) return;
      if (e.status === 401 || e.status === 403) refuseKey(e.status);
      else
        $('asset-body').replaceChildren(
          el('div', { id: 'asset-error', role: 'alert' }, `Could not load ${assetName(id)}: ${e.message}`),
        );
    }
  }

  async function loadAsset(id) {
    state.selected = id;
    paintMap();
    const [scores, events] = await Promise.all([
      loadHistory(`/v1/scores/${encodeURIComponent(id)}/history`),
      api(`/v1/events?asset=${encodeURIComponent(id)}&limit=50`),
    ]);
    if (state.selected !== id) return;
    state.selectedHistory = scores;
    state.selectedEvents = events ? events.items : [];
    for (const e of state.selectedEvents) state.eventCache.set(e.id, e);
    const latest = state.scores.get(id);
    const missing = ((latest && latest.drivers) || [])
      .map((d) => d.eventId)
      .filter((e) => !state.eventCache.has(e));
    await Promise.all(
      missing.map(async (e) => state.eventCache.set(e, await api(`/v1/events/${encodeURIComponent(e)}`))),
    );
    renderAsset();
  }

  function evidenceText(event) {
    const ev = Array.isArray(event.evidence) ? event.evidence : [];
    return ev
      .map((x) => (typeof x === 'string' ? x : x.text || x.quote || x.rule || ''))
      .filter(Boolean)
      .slice(0, 2)
      .join(' · ');
  }

  function renderAsset() {
    const id = state.selected;
    const a = state.assets.get(id);
    if (!a) return;
    const s = state.scores.get(id);
    const status = currentStatus(id);
    const drivers = (s && Array.isArray(s.drivers) ? s.drivers : [])
      .slice()
      .sort((x, y) => y.share - x.share);
    const driverIds = new Set(drivers.map((d) => d.eventId));
    const others = state.selectedEvents.filter((e) => !driverIds.has(e.id)).slice(0, 8);
    $('asset-body').replaceChildren(
      el(
        'div',
        { id: 'asset-detail', 'data-asset': id, 'data-status': status, 'data-seq': s ? s.seq : '' },
        el('div', {}, el('span', { class: 'asset-title' }, a.name), ' ', pill(status)),
        el(
          'div',
          { class: 'muted' },
          `${a.kind} · ${a.basin} · ${a.operator} · baseline ${fmt.kbd(a.baselineKbd)} kb/d of ${fmt.kbd(a.capacityKbd)} capacity`,
        ),
        el(
          'dl',
          { class: 'facts' },
          el('dt', {}, 'score'),
          el('dt', {}, 'p(disruption)'),
          el('dt', {}, 'expected loss'),
          el('dt', {}, 'as of'),
          el('dd', { id: 'asset-score' }, s ? fmt.score(s.score) : '–'),
          el('dd', {}, s ? fmt.pct(s.probability) : '–'),
          el('dd', {}, s ? `${fmt.kbd(s.expectedLossKbd)} kb/d` : '–'),
          el('dd', { style: 'font-size:11px' }, s ? fmt.time(s.asOf) : '–'),
        ),
        el('h3', {}, 'Score history'),
        el(
          'div',
          { id: 'asset-history', class: 'chart' },
          scoreChart(state.selectedHistory, { height: 110, label: `${a.name} score history` }),
        ),
        el('h3', {}, 'Why: drivers of the latest score'),
        drivers.length === 0
          ? el('div', { class: 'muted' }, 'No drivers: nothing recent points at this asset.')
          : null,
        el(
          'div',
          { id: 'drivers' },
          drivers.map((d) => driverRow(d)),
        ),
        others.length ? el('h3', {}, 'Other events on this asset') : null,
        el(
          'ol',
          { class: 'list' },
          others.map((e) => eventItem(e)),
        ),
      ),
    );
  }

  function driverRow(d) {
    const e = state.eventCache.get(d.eventId);
    return el(
      'div',
      { class: 'driver', 'data-event-id': d.eventId },
      el('span', { class: 'share' }, fmt.pct(d.share)),
      el('b', {}, d.eventType || (e && e.type) || ''),
      ` ${d.channel || ''}${d.assetId && d.assetId !== state.selected ? ` via ${d.assetId}` : ''} · `,
      el('span', { class: 'muted' }, d.eventId),
      e ? el('div', { class: 'evidence', style: 'color:var(--text)' }, e.summary) : null,
      e
        ? el(
            'div',
            { class: 'evidence' },
            `${fmt.time(e.occurredAt)} · severity ${e.severity} · confidence ${e.confidence}${evidenceText(e) ? ` · “${evidenceText(e)}”` : ''}`,
          )
        : null,
      e
        ? el(
            'div',
            { class: 'evidence' },
            e.impacts
              .filter((i) => i.assetId === (d.assetId || state.selected))
              .map((i) => i.explanation)
              .join('; '),
          )
        : null,
    );
  }

  // ---------------------------------------------------------------- feeds
  function assetName(id) {
    const a = state.assets.get(id);
    return a ? a.name : id;
  }

  function assetLink(id) {
    // The national row (a national alert) is the panel at the top, not an asset to open.
    if (id === 'LY') return el('span', {}, 'Libya (national)');
    return el('a', { class: 'link', onclick: () => void select(id) }, assetName(id));
  }

  function alertItem(a, fresh) {
    return el(
      'li',
      { class: fresh ? 'fresh' : '', 'data-alert-id': a.id },
      assetLink(a.assetId),
      ' ',
      pill(a.previousStatus),
      ' → ',
      pill(a.status),
      el(
        'div',
        { class: 'meta' },
        `${fmt.time(a.asOf)} · score ${fmt.score(a.score)} · loss ${fmt.kbd(a.expectedLossKbd)} kb/d`,
      ),
    );
  }

  function eventItem(e, fresh) {
    const assets = [...new Set(e.impacts.map((i) => i.assetId))];
    return el(
      'li',
      { class: fresh ? 'fresh' : '', 'data-event-id': e.id },
      el('b', {}, e.type),
      ' ',
      el('span', { class: 'meta' }, `${fmt.time(e.occurredAt)} · ${e.source}`),
      el('div', {}, e.summary),
      assets.length
        ? el(
            'div',
            { class: 'meta' },
            'hits ',
            assets.flatMap((id, i) => (i ? [', ', assetLink(id)] : [assetLink(id)])),
          )
        : null,
    );
  }

  // ---------------------------------------------------------------- live stream
  function applyScore(score) {
    if (score.assetId === 'LY') {
      state.national = score;
      state.nationalHistory.push(score);
      renderNational();
      return;
    }
    state.scores.set(score.assetId, score);
    paintMap();
    if (state.selected === score.assetId) {
      state.selectedHistory.push(score);
      const missing = (score.drivers || []).map((d) => d.eventId).filter((e) => !state.eventCache.has(e));
      Promise.all(
        missing.map(async (e) => state.eventCache.set(e, await api(`/v1/events/${encodeURIComponent(e)}`))),
      )
        .catch(() => undefined)
        .then(renderAsset);
    }
  }

  function dispatch(type, data) {
    const payload = JSON.parse(data);
    if (type === 'score' || type === 'national') applyScore(payload);
    else if (type === 'alert') $('alert-list').prepend(alertItem(payload, true));
    $('clock').textContent = `updated ${new Date().toISOString().slice(11, 19)} UTC`;
  }

  function setLive(text, className, title) {
    const live = $('live');
    live.textContent = text;
    live.className = `live ${className}`;
    live.title = title || 'live updates from /v1/stream';
  }

  function cancelRetry() {
    clearTimeout(state.retryTimer);
    clearInterval(state.retryTick);
    state.retryTimer = null;
    state.retryTick = null;
  }

  /** Why the last attempt failed, for the badge's tooltip. */
  function streamFailure(outcome) {
    if (outcome.status === 429)
      return 'the api asked to wait (429: too many streams or requests for this key)';
    if (outcome.status !== undefined) return `the api answered ${outcome.status}`;
    if (outcome.openMs !== undefined) return 'the stream ended (the api restarted or closed it)';
    return 'the api could not be reached';
  }

  /** Asks for the stream again in `delayMs`, counting down in the header badge meanwhile. */
  function retryStream(delayMs, why) {
    cancelRetry();
    const at = Date.now() + delayMs;
    const tick = () => {
      const seconds = Math.max(1, Math.ceil((at - Date.now()) / 1000));
      setLive(`reconnecting in ${seconds} s`, 'off', `live updates paused: ${why}`);
    };
    tick();
    state.retryTick = setInterval(tick, 1000);
    state.retryTimer = setTimeout(() => {
      cancelRetry();
      setLive('connecting', 'off');
      void stream();
    }, delayMs);
  }

  /**
   * The api refused the key (401: unknown or revoked; 403: its role may not read this). Asking
   * again cannot help, so nothing is retried: the page says so and how to get a key that works.
   * A refused key is also forgotten by this tab, so a reload does not try it again.
   */
  function refuseKey(status) {
    cancelRetry();
    if (state.stream) state.stream.abort();
    state.stream = null;
    if (status === 401) sessionStorage.removeItem('crescent.apiKey');
    setLive('key refused', 'refused', `the api refused this key (${status})`);
    showError(
      status === 401
        ? 'The api refused this key (401): it has been revoked, or it is not one of its keys. Live updates have ' +
            'stopped. For a new key, open the dashboard link that the latest "npm start" printed (each start ' +
            'revokes the key of the run before), or ask an admin for one ("npm run crescent -- keys create ' +
            '--role viewer"); then paste it above and press Connect.'
        : 'The api refused this key (403): its role may not read this. Live updates have stopped. Ask an admin ' +
            'for a viewer key ("npm run crescent -- keys create --role viewer"), paste it above and press Connect.',
    );
  }

  /** Reads server-sent events from `body` until it ends, dispatching each one. */
  async function readEvents(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let cut;
      // One SSE event per blank line; fields `event`, `id`, `data` (may repeat).
      while ((cut = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut).replace(/^\r?\n\r?\n/, '');
        let type = 'message';
        const data = [];
        for (const line of block.split(/\r?\n/)) {
          const colon = line.indexOf(':');
          if (colon === 0) continue;
          const field = colon < 0 ? line : line.slice(0, colon);
          const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') type = val;
          else if (field === 'data') data.push(val);
          else if (field === 'id') state.lastEventId = val;
        }
        if (data.length) dispatch(type, data.join('\n'));
      }
    }
  }

  /**
   * One attempt at /v1/stream, read until it ends; then stream-retry.js decides: stop (the key
   * was refused) or try again after a back-off, shown in the header badge.
   */
  async function stream() {
    const controller = new AbortController();
    state.stream = controller;
    const outcome = {};
    let openedAt = null;
    try {
      const headers = { 'x-api-key': state.key, accept: 'text/event-stream' };
      if (state.lastEventId) headers['last-event-id'] = state.lastEventId;
      const res = await fetch('/v1/stream', { headers, signal: controller.signal });
      if (!res.ok || !res.body) {
        outcome.status = res.status;
        outcome.retryAfter = res.headers.get('retry-after');
        if (res.body) res.body.cancel().catch(() => undefined);
      } else {
        openedAt = Date.now();
        setLive('live', 'on');
        await readEvents(res.body);
      }
    } catch (e) {
      // A network error, or the stream cut: retried below, unless this page replaced it.
    }
    if (controller.signal.aborted || state.stream !== controller) return;
    if (openedAt !== null) outcome.openMs = Date.now() - openedAt;
    const next = streamRetry.afterStream(outcome, state.streamFailures, Math.random());
    if ('stop' in next) {
      refuseKey(outcome.status); // 401 or 403: the only answers it stops on
      return;
    }
    state.streamFailures = next.failures;
    retryStream(next.delayMs, streamFailure(outcome));
  }

  // ---------------------------------------------------------------- start
  async function load() {
    showError('');
    const [assets, scores, national, nationalHistory, alerts, events] = await Promise.all([
      api('/v1/assets?limit=500'),
      api('/v1/scores?limit=500'),
      api('/v1/national'),
      loadHistory('/v1/national/history'),
      api('/v1/alerts?limit=40'),
      api('/v1/events?limit=40'),
    ]);
    state.assets = new Map(assets.items.map((a) => [a.id, a]));
    state.scores = new Map(scores.items.map((s) => [s.assetId, s]));
    state.national = national;
    state.nationalHistory = nationalHistory;
    for (const e of events.items) state.eventCache.set(e.id, e);
    await drawMap();
    renderNational();
    $('alert-list').replaceChildren(...alerts.items.map((a) => alertItem(a)));
    $('event-list').replaceChildren(...events.items.map((e) => eventItem(e)));
    if (state.selected) await select(state.selected);
    if (state.stream) state.stream.abort();
    cancelRetry();
    state.streamFailures = 0;
    setLive('connecting', 'off');
    void stream();
  }

  function connect(key) {
    state.key = key.trim();
    if (!state.key) {
      showError('Enter an API key (npm run crescent -- keys create --role viewer).');
      return;
    }
    sessionStorage.setItem('crescent.apiKey', state.key);
    load().catch((e) => (e.status === 401 || e.status === 403 ? refuseKey(e.status) : showError(e.message)));
  }

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    connect($('key').value);
  });

  // `#key=…` (kept out of server logs, as fragments are never sent) or this tab's session.
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
  if (fromHash) history.replaceState(null, '', location.pathname + location.search);
  const key = fromHash || sessionStorage.getItem('crescent.apiKey') || '';
  $('key').value = key;
  if (key) connect(key);
  else showError('Enter an API key to load the dashboard.');
})();
