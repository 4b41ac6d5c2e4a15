/// The live dashboard the coordinator serves at `GET /`: one HTML page that polls `api/status`
/// (a `SweepStatus` document) every second and draws totals, throughput, workers, the
/// model × task heat map and recent events.
///
/// It is self-contained (inline CSS and vanilla JS; no CDN, fonts, images or frameworks) because
/// sweeps run on cluster nodes that often have no internet access, and because the coordinator
/// then needs to serve exactly one static string. URLs are relative so the page also works behind
/// a reverse proxy's path prefix; `?token=…` in the page URL is sent as a bearer token. All data
/// is written with `textContent` and DOM calls, never `innerHTML`: worker ids, hosts and event
/// details come from the network and are untrusted.
enum DashboardPage {
    static let html: String = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>medsweep</title>
    <style>
    :root {
      --bg: #f4f5f7; --panel: #fff; --fg: #1d232b; --muted: #6b7480; --border: #dde1e6;
      --soft: #eef0f3; --green: #2f9e5b; --red: #d64545; --amber: #e09b1a; --grey: #c3c9d1;
      --blue: #3a78d6; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      --heat: 150, 55%, 42%;
      color-scheme: light dark;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --bg: #111418; --panel: #1a1f25; --fg: #e3e7ec; --muted: #8d96a2; --border: #2c333c;
        --soft: #232a32; --green: #3fb36f; --red: #e5605f; --amber: #e8a93a; --grey: #4a535e;
        --blue: #5b95ea; --heat: 150, 55%, 38%;
      }
    }
    * { box-sizing: border-box; }
    [hidden] { display: none !important; }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 14px;
      padding: 10px 16px; background: var(--panel); border-bottom: 1px solid var(--border); }
    header h1 { margin: 0; font-size: 17px; font-weight: 600; }
    header .brand { color: var(--muted); font-weight: 500; }
    header .meta { color: var(--muted); display: flex; gap: 14px; flex-wrap: wrap; }
    header .meta b { color: var(--fg); font-weight: 500; }
    .pill { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px;
      font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
      background: var(--soft); color: var(--muted); }
    .pill.running { background: var(--blue); color: #fff; }
    .pill.stopping, .pill.stopped { background: var(--amber, #b7791f); color: #fff; }
    .pill.finished { background: var(--green); color: #fff; font-size: 14px; padding: 2px 12px; }
    .banner { margin: 10px 16px 0; padding: 8px 12px; border-radius: 6px; font-weight: 600; }
    .banner.conn { background: var(--red); color: #fff; }
    .banner.done { background: var(--green); color: #fff; font-size: 15px; }
    .banner small { font-weight: 400; opacity: .85; margin-left: 8px; }
    main { display: grid; gap: 12px; padding: 12px 16px; grid-template-columns: minmax(0, 1fr); }
    @media (min-width: 1000px) {
      main { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
      .wide { grid-column: 1 / -1; }
    }
    section { background: var(--panel); border: 1px solid var(--border); border-radius: 8px;
      padding: 12px 14px; min-width: 0; }
    section > h2 { margin: 0 0 10px; font-size: 12px; font-weight: 600; color: var(--muted);
      text-transform: uppercase; letter-spacing: .06em; display: flex; align-items: center;
      gap: 10px; }
    section > h2 .right { margin-left: auto; text-transform: none; letter-spacing: 0;
      font-weight: 400; display: flex; gap: 12px; align-items: center; }
    .num { font-variant-numeric: tabular-nums; }
    .muted { color: var(--muted); }
    .stack { display: flex; height: 18px; border-radius: 4px; overflow: hidden;
      background: var(--soft); }
    .stack span { display: block; height: 100%; transition: width .4s; }
    .c-done { background: var(--green); } .c-failed { background: var(--red); }
    .c-leased { background: var(--amber); } .c-queued { background: var(--grey); }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 6px 0 10px;
      color: var(--muted); font-size: 12px; }
    .legend i { display: inline-block; width: 9px; height: 9px; border-radius: 2px;
      margin-right: 5px; vertical-align: -1px; }
    .lines { display: grid; gap: 2px; margin-bottom: 12px; font-size: 14px; }
    .headline { font-size: 26px; font-weight: 600; color: var(--fg); }
    .headline + small { font-size: 11px; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(110px, 1fr)); gap: 8px; }
    .tile { background: var(--soft); border-radius: 6px; padding: 7px 10px; }
    .tile .k { font-size: 11px; color: var(--muted); text-transform: uppercase;
      letter-spacing: .05em; }
    .tile .v { font-size: 20px; font-weight: 600; }
    .tile .s { font-size: 11px; color: var(--muted); }
    .spark { position: relative; }
    .spark svg { display: block; width: 100%; height: 150px; }
    .spark .area { fill: var(--blue); opacity: .18; }
    .spark .line { fill: none; stroke: var(--blue); stroke-width: 1.6; }
    .spark .grid { stroke: var(--border); stroke-dasharray: 3 3; }
    .axis { display: flex; justify-content: space-between; color: var(--muted); font-size: 11px; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; }
    #workers th, #workers td { padding: 5px 7px; border-bottom: 1px solid var(--border);
      text-align: left; white-space: nowrap; }
    #workers th { font-size: 11px; color: var(--muted); font-weight: 600;
      text-transform: uppercase; letter-spacing: .04em; }
    #workers td.r, #workers th.r { text-align: right; }
    #workers tbody tr:hover { background: var(--soft); }
    #workers tr.lost { color: var(--red); }
    #workers tr.empty td { color: var(--muted); text-align: center; padding: 16px; }
    .mono { font-family: var(--mono); font-size: 12px; }
    .ell { display: inline-block; max-width: 100%; overflow: hidden; text-overflow: ellipsis;
      vertical-align: bottom; }
    /* The unit column takes whatever width is left and ellipsizes; the rest stay natural. */
    #workers td.unit { width: 100%; max-width: 0; min-width: 180px; }
    .unitwrap { display: flex; align-items: center; }
    .unitwrap .ell { flex: 0 1 auto; min-width: 0; }
    .badge { display: inline-block; padding: 0 7px; border-radius: 4px; font-size: 11px;
      font-weight: 600; line-height: 18px; background: var(--soft); color: var(--muted); }
    .badge.working { background: var(--green); color: #fff; }
    .badge.idle { background: var(--blue); color: #fff; }
    .badge.lost { background: var(--red); color: #fff; }
    .badge.spec { background: var(--amber); color: #fff; margin-left: 5px; }
    .mini { display: inline-block; width: 70px; height: 6px; border-radius: 3px;
      background: var(--soft); overflow: hidden; vertical-align: middle; margin-right: 6px; }
    .mini span { display: block; height: 100%; background: var(--green); }
    /* Fixed columns of at least 64px (the card scrolls sideways below that): a task name
       breaks between words, or inside a long one, instead of running into its neighbour's. */
    #heatmap { table-layout: fixed; min-width: calc(116px + 11 * 64px); }
    #heatmap th { font-size: 10px; font-weight: 600; color: var(--muted); padding: 4px 2px;
      text-align: center; vertical-align: bottom; line-height: 1.2;
      overflow-wrap: anywhere; hyphens: auto; overflow: hidden; }
    #heatmap th.model { width: 116px; text-align: left; vertical-align: middle; color: var(--fg);
      font-size: 11px;
      padding-right: 6px; line-height: 1.45; }
    #heatmap th.model span { max-width: 100%; }
    #heatmap td { padding: 0; border: 2px solid var(--panel); }
    #heatmap td div.cell { position: relative; height: 44px; border-radius: 4px;
      display: flex; flex-direction: column; align-items: center; justify-content: center;
      background: var(--soft); }
    #heatmap .acc { font-weight: 600; font-size: 13px; }
    #heatmap .prog { font-size: 10px; opacity: .75; }
    #heatmap td.total div.cell { outline: 1px solid var(--border); }
    #heatmap .failed { box-shadow: inset 0 0 0 2px var(--red); }
    #heatmap .live::after { content: ""; position: absolute; top: 4px; right: 4px; width: 6px;
      height: 6px; border-radius: 50%; background: var(--amber); }
    #heatmap .none { opacity: .35; }
    select, label { font: inherit; color: var(--fg); }
    select { background: var(--panel); border: 1px solid var(--border); border-radius: 4px;
      padding: 1px 4px; }
    .note { font-size: 11px; color: var(--muted); margin-top: 8px; }
    #events { list-style: none; margin: 0; padding: 0; max-height: 430px; overflow-y: auto; }
    #events li { display: grid; grid-template-columns: 62px 118px minmax(0, 1fr); gap: 2px 8px;
      padding: 5px 2px; border-bottom: 1px solid var(--border); align-items: baseline; }
    #events .t { color: var(--muted); font-family: var(--mono); font-size: 11px; }
    #events .what { min-width: 0; overflow-wrap: anywhere; }
    #events .detail { color: var(--muted); display: block; }
    .tag { font-size: 11px; font-weight: 600; padding: 0 6px; border-radius: 4px;
      justify-self: start; background: var(--soft); color: var(--muted); white-space: nowrap; }
    .tag.bad { background: var(--red); color: #fff; }
    .tag.warn { background: var(--amber); color: #fff; }
    .tag.good { background: var(--green); color: #fff; }
    .tag.info { background: var(--blue); color: #fff; }
    footer { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 4px 16px 16px;
      color: var(--muted); font-size: 12px; }
    footer a { color: var(--blue); }
    .spacer { flex: 1; }
    footer .warn { color: var(--amber); font-weight: 600; }
    </style>
    </head>
    <body data-state="loading">
    <header>
      <h1><span class="brand">medsweep ·</span> <span id="sweep">…</span></h1>
      <span id="state" class="pill">loading</span>
      <span class="spacer"></span>
      <span class="meta">
        <span>source <b id="source">—</b></span>
        <span>uptime <b id="uptime" class="num">—</b></span>
        <span id="updated" class="num">waiting for first status…</span>
      </span>
    </header>
    <div id="conn" class="banner conn" hidden><span id="conn-title">connection lost — retrying</span><small id="conn-detail"></small></div>
    <div id="done" class="banner done" hidden></div>
    <main>
      <section>
        <h2>Progress <span class="right"><span id="headline" class="headline num">—</span><small>of questions</small></span></h2>
        <div class="stack" id="bar"><span class="c-done"></span><span class="c-failed"></span><span class="c-leased"></span><span class="c-queued"></span></div>
        <div class="legend" id="bar-legend"></div>
        <div class="lines num">
          <div id="overall-units">units — / —</div>
          <div id="overall-questions">questions — / —</div>
        </div>
        <div class="tiles num">
          <div class="tile"><div class="k">Accuracy</div><div class="v" id="accuracy">—</div><div class="s" id="correct"></div></div>
          <div class="tile"><div class="k">Throughput</div><div class="v" id="throughput">—</div><div class="s" id="window"></div></div>
          <div class="tile"><div class="k">Units / s</div><div class="v" id="units-rate">—</div><div class="s" id="units-hour"></div></div>
          <div class="tile"><div class="k">ETA</div><div class="v" id="eta">—</div><div class="s" id="eta-at"></div></div>
        </div>
      </section>
      <section>
        <h2>Throughput <span class="right num"><span id="spark-now"></span><span id="spark-max"></span></span></h2>
        <div class="spark"><svg id="spark" viewBox="0 0 300 100" preserveAspectRatio="none"></svg></div>
        <div class="axis num"><span id="spark-span"></span><span>now</span></div>
      </section>
      <section class="wide">
        <h2>Workers <span class="right muted" id="worker-summary"></span></h2>
        <div class="scroll">
          <table id="workers">
            <thead><tr><th>Worker</th><th>Host</th><th class="r">Threads · backend</th><th>State</th><th>Model</th><th>Unit</th><th>Progress</th><th class="r">q/s</th><th class="r">tok/s</th><th class="r">Last heard</th><th class="r">Units</th></tr></thead>
            <tbody></tbody>
          </table>
        </div>
      </section>
      <section>
        <h2>Models × tasks
          <span class="right">
            <select id="lang" aria-label="language"><option value="">all languages</option></select>
            <label><input type="checkbox" id="by-acc"> colour by accuracy</label>
          </span>
        </h2>
        <div class="scroll"><table id="heatmap"><thead></thead><tbody></tbody></table></div>
        <div class="note" id="heat-note"></div>
      </section>
      <section>
        <h2>Events <span class="right muted" id="event-count"></span></h2>
        <ol id="events"></ol>
        <div class="muted" id="no-events" hidden>no events yet</div>
      </section>
    </main>
    <footer class="num">
      <span>rejected messages <b id="rejected">—</b></span>
      <span>lease expiries <b id="expiries">—</b></span>
      <span id="generated"></span>
      <span class="spacer"></span>
      <a id="metrics-link" href="metrics">metrics</a>
      <a id="status-link" href="api/status">api/status</a>
    </footer>
    <script>
    "use strict";
    const $ = (id) => document.getElementById(id);
    const token = new URLSearchParams(location.search).get("token");
    const headers = token ? { Authorization: "Bearer " + token } : {};
    // The links carry the page's ?token= too: a link cannot send the header.
    for (const id of ["metrics-link", "status-link"]) $(id).href += location.search;
    const SVG = "http://www.w3.org/2000/svg";
    let last = null;        // the newest status; kept on screen while the coordinator is away
    let lastAt = 0;         // local receipt time, so "updated" is immune to clock skew
    let lastError = null;
    let renderFailed = false;

    function el(tag, cls, text) {
      const e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text != null) e.textContent = String(text);
      return e;
    }
    // Writing only on change keeps open tooltips and text selections alive across the 1 s refresh.
    function setText(e, s) { s = String(s); if (e.textContent !== s) e.textContent = s; }
    function setTitle(e, s) { s = String(s); if (e.title !== s) e.title = s; }
    function setClass(e, s) { if (e.className !== s) e.className = s; }
    const pad = (n) => String(n).padStart(2, "0");
    const isNum = (x) => typeof x === "number" && isFinite(x);
    const pct = (x) => (isNum(x) ? (x * 100).toFixed(1) + "%" : "—");
    function rate(x) {
      if (!isNum(x)) return "—";
      if (x === 0) return "0";
      if (x >= 100) return x.toFixed(0);
      if (x >= 10) return x.toFixed(1);
      if (x >= 1) return x.toFixed(2);
      return x.toPrecision(2);
    }
    function dur(s) {
      if (!isNum(s) || s < 0) return "—";
      s = Math.round(s);
      if (s < 60) return s + "s";
      const m = Math.floor(s / 60), h = Math.floor(m / 60), d = Math.floor(h / 24);
      if (s < 3600) return m + "m" + pad(s % 60) + "s";
      if (s < 86400) return h + "h" + pad(m % 60) + "m";
      return d + "d" + pad(h % 24) + "h";
    }
    const ago = (s) => (!isNum(s) ? "—" : s < 10 ? s.toFixed(1) + "s ago" : dur(s) + " ago");
    function clock(t) {
      const d = new Date(t * 1000);
      return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
    }
    const frac = (a, b) => (b > 0 ? Math.min(1, Math.max(0, a / b)) : 0);

    function renderHeader(s) {
      document.body.dataset.state = s.finished ? "finished" : "running";
      setText($("sweep"), s.sweep);
      document.title = "medsweep · " + s.sweep + " · " +
        (s.finished ? "finished" : pct(frac(s.totals.questionsDone, s.totals.questions)));
      const st = $("state");
      const phase = s.phase || (s.finished ? "finished" : "running");
      setText(st, phase);
      setClass(st, "pill " + phase);
      setText($("source"), s.source);
      setText($("uptime"), dur(s.uptimeSeconds));
      const done = $("done");
      done.hidden = !s.finished;
      if (s.finished) {
        const t = s.totals;
        setText(done, "Sweep finished — " + t.unitsDone + " of " + t.units + " units done" +
          (t.unitsFailed ? ", " + t.unitsFailed + " failed" : "") + ", accuracy " + pct(t.accuracy));
      }
    }

    function renderOverall(s) {
      const t = s.totals, th = s.throughput, n = Math.max(t.units, 1);
      const parts = [t.unitsDone, t.unitsFailed, t.unitsLeased, t.unitsQueued];
      const names = ["done", "failed", "leased", "queued"];
      [...$("bar").children].forEach((span, i) => {
        span.style.width = (parts[i] / n) * 100 + "%";
        setTitle(span, names[i] + ": " + parts[i] + " units");
      });
      const legend = $("bar-legend");
      legend.replaceChildren(...names.map((name, i) => {
        const item = el("span", "num");
        item.append(el("i", "c-" + name), name + " " + parts[i]);
        return item;
      }));
      setText($("overall-units"), "units " + t.unitsDone + " / " + t.units +
        " (" + t.unitsFailed + " failed, " + t.unitsLeased + " running)");
      setText($("overall-questions"), "questions " + t.questionsDone + " / " + t.questions +
        " (+" + t.questionsInFlight + " in flight)");
      setText($("headline"), pct(frac(t.questionsDone, t.questions)));
      setText($("accuracy"), pct(t.accuracy));
      setText($("correct"), t.correct + " correct");
      setText($("throughput"), rate(th.questionsPerSecond) + " q/s");
      setText($("window"), "last " + (th.windowSeconds < 600 ? Math.round(th.windowSeconds) + "s" :
        dur(th.windowSeconds)));
      setText($("units-rate"), rate(th.unitsPerSecond));
      setText($("units-hour"), rate(th.unitsPerSecond * 3600) + " units/h");
      if (s.finished) {
        setText($("eta"), "done");
        setText($("eta-at"), "");
      } else {
        setText($("eta"), dur(th.etaSeconds));
        // The wall-clock finish time is what people plan around on a days-long sweep.
        const at = isNum(th.etaSeconds) ? new Date(lastAt + th.etaSeconds * 1000) : null;
        setText($("eta-at"), at ? "at " + at.toLocaleString([], { weekday: "short",
          hour: "2-digit", minute: "2-digit" }) : "nothing committed lately");
      }
    }

    function renderSpark(s) {
      const th = s.throughput, h = (th.history || []).filter(isNum);
      const svg = $("spark");
      const max = Math.max(0, ...h);
      setText($("spark-now"), "now " + rate(h.length ? h[h.length - 1] : th.questionsPerSecond) + " q/s");
      setText($("spark-max"), "max " + rate(max) + " q/s");
      setText($("spark-span"), h.length ? "−" + dur(h.length * th.bucketSeconds) : "no history yet");
      const W = 300, H = 100, top = max > 0 ? max * 1.1 : 1;
      const x = (i) => (h.length > 1 ? (i / (h.length - 1)) * W : W);
      const y = (v) => H - (v / top) * (H - 2) - 1;
      const pts = h.map((v, i) => x(i).toFixed(1) + "," + y(v).toFixed(1));
      const nodes = [];
      for (const f of [0.25, 0.5, 0.75]) {
        const g = document.createElementNS(SVG, "line");
        for (const [k, v] of [["x1", 0], ["x2", W], ["y1", H * f], ["y2", H * f]]) g.setAttribute(k, v);
        g.setAttribute("class", "grid");
        g.setAttribute("vector-effect", "non-scaling-stroke");
        nodes.push(g);
      }
      if (pts.length) {
        const area = document.createElementNS(SVG, "polygon");
        area.setAttribute("class", "area");
        area.setAttribute("points", (h.length > 1 ? "0," : pts[0].split(",")[0] + ",") + H + " " +
          pts.join(" ") + " " + W + "," + H);
        const line = document.createElementNS(SVG, "polyline");
        line.setAttribute("class", "line");
        line.setAttribute("points", pts.join(" "));
        // The viewBox is stretched to the card's width; keep the stroke from stretching with it.
        line.setAttribute("vector-effect", "non-scaling-stroke");
        nodes.push(area, line);
      }
      svg.replaceChildren(...nodes);
    }

    const rowsById = new Map();
    const stateRank = { working: 0, idle: 1 };
    function workerRow(id) {
      const tr = el("tr");
      tr.dataset.worker = id;
      const cells = ["mono", "", "r num", "", "", "unit", "num", "r num", "r num", "r num", "r num"]
        .map((c) => tr.appendChild(el("td", c)));
      cells[0].textContent = id;
      tr.badge = cells[3].appendChild(el("span", "badge"));
      const wrap = cells[5].appendChild(el("div", "unitwrap"));
      tr.unit = wrap.appendChild(el("span", "ell mono"));
      tr.spec = wrap.appendChild(el("span", "badge spec", "spec"));
      tr.spec.title = "speculative: a second copy of a unit another worker holds";
      tr.bar = cells[6].appendChild(el("span", "mini")).appendChild(el("span"));
      tr.prog = cells[6].appendChild(el("span"));
      tr.tds = cells;
      return tr;
    }
    function renderWorkers(s) {
      const body = $("workers").tBodies[0];
      const ws = [...s.workers].sort((a, b) =>
        (stateRank[a.state] ?? 2) - (stateRank[b.state] ?? 2) ||
        a.id.localeCompare(b.id, undefined, { numeric: true }));
      const seen = new Set();
      const counts = {};
      ws.forEach((w, i) => {
        seen.add(w.id);
        counts[w.state] = (counts[w.state] || 0) + 1;
        let tr = rowsById.get(w.id);
        if (!tr) { tr = workerRow(w.id); rowsById.set(w.id, tr); }
        const c = tr.tds;
        setClass(tr, w.state === "lost" ? "lost" : "");
        setText(c[1], w.host);
        setTitle(c[1], "pid " + w.pid);
        // The threads scoring its unit (its cores until its first heartbeat says) beside the
        // backend's kind ("8 · vulkan"); cores and the device in the tooltip.
        const threads = isNum(w.threads) ? w.threads : w.cores;
        setText(c[2], w.backend ? threads + " · " + w.backend.split(",")[0] : threads);
        setTitle(c[2], (isNum(w.threads) ? w.threads + " threads of " : "threads not reported yet; ") + w.cores + " cores" +
          (w.backend ? " · " + w.backend : ""));
        setText(tr.badge, w.state);
        setClass(tr.badge, "badge " + w.state);
        setText(c[4], w.model ?? "—");
        setText(tr.unit, w.unit ?? "—");
        setTitle(tr.unit, w.unit ?? "");
        tr.spec.hidden = !w.speculative;
        const hasUnit = isNum(w.questionsDone) && isNum(w.questionCount);
        tr.bar.parentNode.style.visibility = hasUnit ? "visible" : "hidden";
        tr.bar.style.width = (hasUnit ? frac(w.questionsDone, w.questionCount) * 100 : 0) + "%";
        setText(tr.prog, hasUnit ? w.questionsDone + " / " + w.questionCount : "");
        setText(c[7], rate(w.questionsPerSecond));
        setText(c[8], rate(w.tokensPerSecond));
        setText(c[9], ago(w.lastHeardSecondsAgo));
        setText(c[10], w.unitsDone);
        if (body.children[i] !== tr) body.insertBefore(tr, body.children[i] || null);
      });
      for (const [id, tr] of rowsById) if (!seen.has(id)) { tr.remove(); rowsById.delete(id); }
      let empty = body.querySelector("tr.empty");
      if (!ws.length && !empty) {
        empty = body.appendChild(el("tr", "empty"));
        const td = empty.appendChild(el("td", null, "no workers yet"));
        td.colSpan = 11;
      } else if (ws.length && empty) empty.remove();
      const summary = Object.entries(counts).map(([k, v]) => v + " " + k);
      if (s.workersNotListed > 0) summary.push(s.workersNotListed + " not heard from lately");
      setText($("worker-summary"), summary.join(" · "));
    }

    const KEYS = ["units", "unitsDone", "unitsLeased", "unitsQueued", "unitsFailed",
      "questions", "questionsDone", "correct"];
    let heatShape = "";
    function addCell(into, c) { for (const k of KEYS) into[k] = (into[k] || 0) + (c[k] || 0); }
    function paintCell(div, agg, byAcc, title) {
      const acc = agg && agg.questionsDone > 0 ? agg.correct / agg.questionsDone : null;
      const done = agg ? frac(agg.questionsDone, agg.questions) : 0;
      setText(div.firstChild, agg ? pct(acc) : "·");
      setText(div.lastChild, agg ? Math.floor(done * 100) + "% done" : "");
      let bg = "";
      // Spread the hues over the range medical MCQ accuracies actually span (chance is 20–33%).
      const hue = Math.round(Math.min(1, Math.max(0, (acc - 0.25) / 0.6)) * 120);
      if (agg && byAcc && acc != null) bg = "hsla(" + hue + ", 70%, 48%, 0.6)";
      else if (agg && !byAcc) bg = "hsla(var(--heat), " + (0.07 + 0.78 * done).toFixed(3) + ")";
      if (div.style.background !== bg) div.style.background = bg;
      setClass(div, "cell" + (!agg ? " none" : "") + (agg && agg.unitsFailed ? " failed" : "") +
        (agg && agg.unitsLeased ? " live" : ""));
      setTitle(div, !agg ? title + "\nno units planned" : title +
        "\nunits: " + agg.units + " — " + agg.unitsDone + " done, " + agg.unitsLeased + " leased, " +
        agg.unitsQueued + " queued, " + agg.unitsFailed + " failed" +
        "\nquestions: " + agg.questionsDone + " / " + agg.questions +
        "\ncorrect: " + agg.correct + (acc != null ? " (" + pct(acc) + ")" : ""));
    }
    function renderHeatmap(s) {
      const sel = $("lang");
      const langs = s.languages || [];
      if ([...sel.options].slice(1).map((o) => o.value).join() !== langs.join()) {
        const keep = sel.value;
        sel.replaceChildren(el("option", null, "all languages"),
          ...langs.map((l) => { const o = el("option", null, l); o.value = l; return o; }));
        sel.options[0].value = "";
        sel.value = langs.includes(keep) ? keep : "";
      }
      const lang = sel.value, byAcc = $("by-acc").checked;
      // Planned order first; anything only the journal knows is appended rather than hidden.
      const models = [...s.models], tasks = s.tasks.map((t) => ({ id: t.id, label: t.label }));
      const agg = new Map(), rows = new Map();
      for (const c of s.cells) {
        if (!models.includes(c.model)) models.push(c.model);
        if (!tasks.some((t) => t.id === c.task)) tasks.push({ id: c.task, label: c.task });
        if (lang && c.language !== lang) continue;
        const k = c.model + "\u0000" + c.task;
        if (!agg.has(k)) agg.set(k, {});
        addCell(agg.get(k), c);
        if (!rows.has(c.model)) rows.set(c.model, {});
        addCell(rows.get(c.model), c);
      }
      const table = $("heatmap");
      const shape = JSON.stringify([models, tasks]);
      if (shape !== heatShape) {
        heatShape = shape;
        const hr = el("tr");
        hr.append(el("th", "model", ""));
        for (const t of tasks) { const th = hr.appendChild(el("th", null, t.label)); th.title = t.id; }
        hr.append(el("th", null, "all tasks"));
        table.tHead.replaceChildren(hr);
        // Below this the cells get unreadable; the wrapper scrolls instead.
        table.style.minWidth = 116 + 56 * (tasks.length + 1) + "px";
        table.tBodies[0].replaceChildren(...models.map((m) => {
          const tr = el("tr");
          tr.dataset.model = m;
          const th = tr.appendChild(el("th", "model"));
          th.appendChild(el("span", "ell", m)).title = m;
          for (const t of [...tasks, null]) {
            const td = tr.appendChild(el("td", t ? null : "total"));
            if (t) td.dataset.task = t.id;
            const div = td.appendChild(el("div", "cell"));
            div.append(el("span", "acc num"), el("span", "prog num"));
          }
          return tr;
        }));
        if (!models.length) {
          const td = table.tBodies[0].appendChild(el("tr")).appendChild(el("td", "muted", "no results yet"));
          td.colSpan = tasks.length + 2;
        }
      }
      const where = lang ? " (" + lang + ")" : " (all languages)";
      [...table.tBodies[0].rows].forEach((tr, mi) => {
        const m = models[mi];
        if (m == null) return;
        // cells[0] is the model's <th>.
        [...tr.cells].slice(1).forEach((td, ti) => {
          const t = tasks[ti];
          const div = td.firstChild;
          if (t) paintCell(div, agg.get(m + "\u0000" + t.id), byAcc, m + " × " + t.label + where);
          else paintCell(div, rows.get(m), byAcc, m + " × all tasks" + where);
        });
      });
      setText($("heat-note"), (byAcc ? "Colour: accuracy, red ≤ 25% → green ≥ 85%." :
        "Colour: share of questions done.") + " Each cell shows accuracy and % of questions done;" +
        " amber dot = units running, red border = failed units.");
    }

    const KIND = { "worker-lost": "bad", "unit-failed": "bad", "lease-expired": "warn",
      "lease-failed": "warn", "lease-abandoned": "warn", "worker-joined": "", "worker-back": "good", "coordinator-start": "info",
      "sweep-finished": "good" };
    let eventsShape = "";
    function renderEvents(s) {
      const evs = s.events || [];
      setText($("event-count"), evs.length ? evs.length + " recent" : "");
      $("no-events").hidden = evs.length > 0;
      const shape = JSON.stringify(evs);
      if (shape === eventsShape) return;
      eventsShape = shape;
      $("events").replaceChildren(...evs.map((e) => {
        const li = el("li");
        const t = li.appendChild(el("span", "t", clock(e.at)));
        t.title = new Date(e.at * 1000).toLocaleString();
        li.append(el("span", "tag " + (KIND[e.kind] ?? ""), e.kind));
        const what = li.appendChild(el("span", "what"));
        if (e.worker) what.append(el("b", "mono", e.worker), " ");
        if (e.unit) what.append(el("span", "mono", e.unit));
        if (e.detail) what.append(el("span", "detail", e.detail));
        li.dataset.kind = e.kind;
        return li;
      }));
    }

    function renderFooter(s) {
      const rej = $("rejected"), exp = $("expiries");
      setText(rej, s.rejectedMessages);
      setText(exp, s.leaseExpiries);
      setClass(rej, s.rejectedMessages ? "warn" : "");
      setClass(exp, s.leaseExpiries ? "warn" : "");
      setText($("generated"), "schema v" + s.version + " · generated " +
        new Date(s.generatedAt * 1000).toLocaleString());
    }

    function render(s) {
      renderHeader(s);
      renderOverall(s);
      renderSpark(s);
      renderWorkers(s);
      renderHeatmap(s);
      renderEvents(s);
      renderFooter(s);
    }

    function tick() {
      const conn = $("conn");
      conn.hidden = !lastError;
      setText($("conn-title"), renderFailed ? "could not show this status" : "connection lost — retrying");
      if (lastError) setText($("conn-detail"), lastError + (last ? " · showing data from " +
        ago((Date.now() - lastAt) / 1000) : ""));
      if (last) setText($("updated"), "updated " + ago((Date.now() - lastAt) / 1000));
    }

    async function poll() {
      try {
        const ctl = new AbortController();
        const timer = setTimeout(() => ctl.abort(), 8000);
        let s;
        try {
          const r = await fetch("api/status", { headers, cache: "no-store", signal: ctl.signal });
          if (!r.ok) throw new Error("HTTP " + r.status + (r.status === 401 ? " (token?)" : ""));
          s = await r.json();
        } finally { clearTimeout(timer); }
        last = s;
        lastAt = Date.now();
        lastError = null;
      } catch (e) {
        lastError = e && e.name === "AbortError" ? "timed out" : String(e && e.message || e);
        document.body.dataset.state = "error";
      }
      // A page bug must not pass for an outage, nor stop the polling loop.
      renderFailed = false;
      if (!lastError) {
        try { render(last); } catch (e) {
          console.error(e);
          document.body.dataset.state = "error";
          renderFailed = true;
          lastError = String(e && e.message || e);
        }
      }
      tick();
      // A finished sweep changes rarely; poll gently but keep going in case it is restarted.
      setTimeout(poll, last && last.finished && !lastError ? 5000 : 1000);
    }
    $("lang").addEventListener("change", () => last && renderHeatmap(last));
    $("by-acc").addEventListener("change", () => last && renderHeatmap(last));
    setInterval(tick, 500);
    poll();
    </script>
    </body>
    </html>
    """#
}
