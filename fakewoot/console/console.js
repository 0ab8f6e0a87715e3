// fakewoot console: plain JS over the /_fakewoot control API (no build step, no dependencies).
"use strict";
(() => {
  const TOKEN_HEADER = "X-Fakewoot-Token";
  const TOKEN_KEY = "fakewoot-control-token";
  const TIMELINE_ROWS = 500;
  const FIRST_RECORDS = "fakewoot:first-records";
  const $ = (sel) => document.querySelector(sel);
  const state = { table: "contacts", account: null, page: 1, q: "", cursor: {}, rows: [] };

  // ---------------------------------------------------------------- the control API
  class Refused extends Error {}

  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers[TOKEN_HEADER] = token;
    const init = { method, headers };
    if (body === undefined && method !== "GET") body = {}; // the control API takes writes as JSON only
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (_) { data = text; }
    if (response.status === 401 && data && String(data.error || "").includes(TOKEN_HEADER)) {
      $("#token-form").hidden = false;
      throw new Refused(data.error);
    }
    if (!response.ok) {
      const message = (data && (data.error || data.message)) || response.statusText;
      throw new Error(`${method} ${path}: ${response.status} ${message}`);
    }
    return data;
  }

  function say(message, isError) {
    const line = $("#status-line");
    line.textContent = message;
    line.className = isError ? "error" : "";
  }

  async function act(promise, done) {
    try {
      const result = await promise;
      say(done || "done");
      refreshStatus();
      return result;
    } catch (error) {
      if (!(error instanceof Refused)) say(error.message, true);
      return null;
    }
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function copyButton(text) {
    return el("button", {
      class: "copy", type: "button", title: "copy",
      onclick: async (event) => {
        event.stopPropagation();
        try { await navigator.clipboard.writeText(text); say(`copied ${text}`); }
        catch (_) { say("the browser refused the clipboard: select the text instead", true); }
      },
    }, "copy");
  }

  // ---------------------------------------------------------------- tabs
  for (const button of document.querySelectorAll("#tabs button")) {
    button.addEventListener("click", () => {
      for (const other of document.querySelectorAll("#tabs button")) other.classList.toggle("on", other === button);
      for (const panel of document.querySelectorAll(".panel")) panel.hidden = panel.id !== `tab-${button.dataset.tab}`;
      if (button.dataset.tab === "credentials") loadCredentials();
      if (button.dataset.tab === "scenarios") loadScenarios();
    });
  }

  // ---------------------------------------------------------------- status: clock, faults, snapshots
  async function refreshStatus() {
    let status;
    try { status = await api("GET", "/_fakewoot/console/status"); } catch (error) {
      if (!(error instanceof Refused)) say(error.message, true);
      return;
    }
    $("#version").textContent = status.version;
    $("#clock-now").textContent = status.clock.now;
    $("#clock-mode").textContent = status.clock.frozen ? "(frozen)" : "(running)";
    const faults = $("#faults");
    faults.replaceChildren(...status.faults.map((f) => el("li", {},
      `${f.method} ${f.path} → ${f.drop ? "drop" : f.status ?? "real answer"}`,
      f.latency ? ` after ${f.latency}s` : "", `, ${f.times === -1 ? "until cleared" : `${f.times} more`}`)));
    $("#snapshots").replaceChildren(...status.snapshots.map((name) => el("li", {}, name, " ",
      el("button", { onclick: () => act(api("POST", `/_fakewoot/snapshots/${encodeURIComponent(name)}/restore`), `restored ${name}`).then(loadRecords) }, "restore"))));
    $("#cable-info").textContent = `${status.cable.connections} socket(s) connected`;
  }

  // ---------------------------------------------------------------- data: paginated tables
  const COLUMNS = {
    accounts: ["id", "name", "users", "inboxes", "contacts", "conversations"],
    users: ["id", "name", "email", "type", "accounts"],
    inboxes: ["id", "name", "channel_type", "members", "agent_bot_id"],
    contacts: ["id", "name", "email", "phone_number", "identifier", "created_at"],
    conversations: ["display_id", "status", "contact_name", "inbox_id", "assignee_id", "messages", "last_activity_at"],
  };
  const ACCOUNT_TABLES = new Set(["inboxes", "contacts", "conversations"]);

  function show(value) {
    if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? `${v.account_id}:${v.role}` : v)).join(", ");
    return value === null || value === undefined ? "" : value;
  }

  async function loadAccounts() {
    const page = await api("GET", "/_fakewoot/browse/accounts?per_page=100");
    const select = $("#account");
    select.replaceChildren(...page.rows.map((a) => el("option", { value: a.id }, `${a.id} · ${a.name}`)));
    if (!page.rows.some((a) => String(a.id) === String(state.account)) && page.rows.length) {
      state.account = page.rows[page.rows.length - 1].id; // the oldest: account 1 in the built-in sets
    }
    select.value = state.account;
  }

  async function loadRecords() {
    const table = state.table;
    let path = `/_fakewoot/browse/${table}`;
    if (ACCOUNT_TABLES.has(table)) {
      if (state.account === null) return;
      path = `/_fakewoot/browse/accounts/${state.account}/${table}`;
    }
    const query = new URLSearchParams({ page: state.page });
    if (table === "contacts" && state.q) query.set("q", state.q);
    let page;
    try { page = await api("GET", `${path}?${query}`); } catch (error) {
      if (!(error instanceof Refused)) say(error.message, true);
      return;
    }
    const columns = COLUMNS[table];
    $("#records thead").replaceChildren(el("tr", {}, ...columns.map((c) => el("th", {}, c))));
    $("#records tbody").replaceChildren(...page.rows.map((row) => el("tr", {
      "data-id": row.id, onclick: () => showRecord(table, row),
    }, ...columns.map((c) => el("td", {}, show(row[c]))))));
    const shown = page.rows.length ? `${(page.page - 1) * page.per_page + 1}–${(page.page - 1) * page.per_page + page.rows.length}` : "none";
    $("#page-info").textContent = `${shown}${page.total === null ? "" : ` of ${page.total}`}`;
    // the first table on screen: bench/console.py reads this mark as the console's first paint
    if (!performance.getEntriesByName(FIRST_RECORDS).length) performance.mark(FIRST_RECORDS);
    $("#prev").disabled = page.page <= 1;
    $("#next").disabled = !page.more;
  }

  async function showRecord(table, row) {
    if (table === "accounts") { // an account row opens that account's contacts
      const select = $("#account");
      if (![...select.options].some((o) => o.value === String(row.id))) select.append(el("option", { value: row.id }, `${row.id} · ${row.name}`));
      select.value = String(row.id);
      state.account = row.id;
      document.querySelector('.pick button[data-table="contacts"]').click();
      return;
    }
    const box = $("#record");
    box.hidden = false;
    if (!ACCOUNT_TABLES.has(table)) { box.textContent = JSON.stringify(row, null, 2); return; }
    const record = await act(api("GET", `/_fakewoot/browse/accounts/${state.account}/${table}/${row.id}`), `${table.replace(/e?s$/, "")} ${row.id}`);
    if (record) box.textContent = JSON.stringify(record, null, 2);
  }

  for (const button of document.querySelectorAll(".pick button")) {
    button.addEventListener("click", () => {
      for (const other of document.querySelectorAll(".pick button")) other.classList.toggle("on", other === button);
      state.table = button.dataset.table;
      state.page = 1;
      $("#search").hidden = state.table !== "contacts";
      $("#record").hidden = true;
      loadRecords();
    });
  }
  $("#account").addEventListener("change", (event) => { state.account = event.target.value; state.page = 1; loadRecords(); });
  $("#prev").addEventListener("click", () => { state.page = Math.max(1, state.page - 1); loadRecords(); });
  $("#next").addEventListener("click", () => { state.page += 1; loadRecords(); });
  let searchTimer = null;
  $("#search").addEventListener("input", (event) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => { state.q = event.target.value.trim(); state.page = 1; loadRecords(); }, 250);
  });

  // ---------------------------------------------------------------- credentials
  async function loadCredentials() {
    let found;
    try { found = await api("GET", "/_fakewoot/credentials"); } catch (error) {
      if (!(error instanceof Refused)) say(error.message, true);
      return;
    }
    const token = (value) => (value ? el("span", {}, el("code", { class: "token" }, value), copyButton(value)) : "");
    const rows = [
      ...found.users.map((u) => el("tr", { "data-email": u.email }, el("td", {}, u.name), el("td", {}, u.email, copyButton(u.email)),
        el("td", {}, u.password ? el("span", {}, el("code", {}, u.password), copyButton(u.password)) : "(changed)"),
        el("td", {}, show(u.accounts)), el("td", {}, token(u.access_token)))),
      ...found.agent_bots.map((b) => el("tr", {}, el("td", {}, `agent bot: ${b.name}`), el("td", {}), el("td", {}), el("td", {}), el("td", {}, token(b.access_token)))),
      ...found.platform_apps.map((a) => el("tr", {}, el("td", {}, `platform app: ${a.name}`), el("td", {}), el("td", {}), el("td", {}), el("td", {}, token(a.access_token)))),
    ];
    $("#credentials tbody").replaceChildren(...rows);
  }

  // ---------------------------------------------------------------- clock and faults
  const setClock = (body, message) => act(api("POST", "/_fakewoot/clock", body), message);
  $("#freeze-now").addEventListener("click", () => setClock({ freeze: Date.now() / 1000 }, "clock frozen"));
  $("#freeze").addEventListener("click", () => setClock({ freeze: $("#freeze-at").value }, "clock frozen"));
  $("#advance").addEventListener("click", () => setClock({ advance: Number($("#advance-by").value) }, "clock advanced"));
  $("#unfreeze").addEventListener("click", () => setClock({ unfreeze: true }, "clock running"));
  $("#fault-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const body = { method: form.get("method"), path: form.get("path"), drop: form.get("drop") === "on" };
    for (const name of ["status", "latency", "times"]) if (form.get(name)) body[name] = Number(form.get(name));
    act(api("POST", "/_fakewoot/faults", body), "fault added");
  });
  $("#clear-faults").addEventListener("click", () => act(api("DELETE", "/_fakewoot/faults"), "faults cleared"));

  // ---------------------------------------------------------------- /cable
  $("#emit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    let data;
    try { data = JSON.parse(form.get("data") || "{}"); } catch (error) { say(`data is not JSON: ${error.message}`, true); return; }
    const raw = String(form.get("to") || "").trim();
    const body = { event: form.get("event"), data, to: raw === "" ? null : (/^\d+$/.test(raw) ? Number(raw) : raw) };
    act(api("POST", "/_fakewoot/cable/emit", body), `emitted ${body.event}`);
  });
  $("#disconnect").addEventListener("click", () => act(api("POST", "/_fakewoot/cable/disconnect", {}), "sockets disconnected"));

  // ---------------------------------------------------------------- scenarios
  async function loadScenarios() {
    const found = await act(api("GET", "/_fakewoot/console/scenarios"), "scenarios listed");
    if (found) $("#scenario-name").replaceChildren(...found.scenarios.map((n) => el("option", { value: n }, n)));
  }

  async function runScenario(body) {
    $("#scenario-summary").textContent = "running…";
    $("#scenario-steps tbody").replaceChildren();
    const result = await act(api("POST", "/_fakewoot/scenarios/run", body), "scenario finished");
    if (!result) { $("#scenario-summary").textContent = ""; return; }
    const summary = $("#scenario-summary");
    summary.className = result.ok ? "ok" : "fail";
    summary.textContent = result.ok ? `${result.name}: passed (${result.steps.length} steps)` : `${result.name}: FAILED: ${result.failure}`;
    $("#scenario-steps tbody").replaceChildren(...result.steps.map((s) => el("tr", { class: s.ok ? "ok" : "fail" },
      el("td", {}, s.index + 1), el("td", {}, s.name || ""), el("td", {}, s.kind),
      el("td", {}, s.ok ? "ok" : s.message), el("td", {}, s.elapsed))));
    loadRecords();
  }
  $("#run-scenario").addEventListener("click", () => runScenario({ path: $("#scenario-name").value }));
  $("#run-json").addEventListener("click", () => {
    let scenario;
    try { scenario = JSON.parse($("#scenario-json").value); } catch (error) { say(`not JSON: ${error.message}`, true); return; }
    runScenario({ scenario });
  });

  // ---------------------------------------------------------------- reset and snapshots
  $("#reset").addEventListener("click", () => act(api("POST", "/_fakewoot/reset", {}), "reset to the seeded state").then(() => loadAccounts().then(loadRecords)));
  $("#save-snapshot").addEventListener("click", () => {
    const name = $("#snapshot-name").value.trim();
    if (name) act(api("POST", `/_fakewoot/snapshots/${encodeURIComponent(name)}`, {}), `saved ${name}`);
  });

  // ---------------------------------------------------------------- the live timeline
  function timelineRow(kind, at, text, status) {
    const s = status ? ` s${String(status)[0]}` : "";
    return el("li", { class: `${kind}${s}`, title: text }, el("span", { class: "kind" }, kind), `${at.slice(11, 19)} ${text}`);
  }

  // "#3 sent message.created {...}": a broadcast by its event, a command or control frame by its type
  function frameText(f) {
    let text = f.frame;
    try {
      const frame = JSON.parse(f.frame);
      if (frame.message && frame.message.event) text = `${frame.message.event} ${JSON.stringify(frame.message.data)}`;
      else if (frame.command) text = `${frame.command} ${frame.identifier || ""}${frame.data ? ` ${frame.data}` : ""}`;
      else if (frame.type) text = `${frame.type}${frame.identifier ? ` ${frame.identifier}` : ""}${frame.reason ? ` ${frame.reason}` : ""}`;
    } catch (_) { /* not JSON: shown as sent */ }
    return `#${f.connection_id} ${f.direction} ${text}`;
  }

  // a write someone made (a test, a scenario, curl) shows in the table without a click
  let reloadTimer = null;
  function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(loadRecords, 300);
  }

  async function poll() {
    if (!$("#pause").checked) {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(state.cursor)) if (value !== null) query.set(name, value);
      if ($("#show-control").checked) query.set("control", "1");
      try {
        const feed = await api("GET", `/_fakewoot/console/feed?${query}`);
        state.cursor = feed.cursor;
        if (feed.requests.some((r) => r.method !== "GET" && r.status < 400)) reloadSoon();
        const rows = [
          ...feed.requests.map((r) => [r.at, timelineRow("request", r.at, `${r.method} ${r.path}${r.query ? `?${r.query}` : ""} → ${r.status}`, r.status)]),
          ...feed.frames.map((f) => [f.at, timelineRow("frame", f.at, frameText(f))]),
          ...feed.deliveries.map((d) => {
            const row = timelineRow("delivery", d.at, `${d.event} → ${d.url} ${d.state}${d.status ? ` ${d.status}` : ""}${d.error ? ` ${d.error}` : ""}`, d.status);
            row.dataset.delivery = d.id; // a delivery still under way comes again: its row is updated
            return [d.at, row];
          }),
        ].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        const list = $("#timeline");
        for (const [, row] of rows) {
          const earlier = row.dataset.delivery && list.querySelector(`li[data-delivery="${row.dataset.delivery}"]`);
          if (earlier) earlier.replaceWith(row); else list.prepend(row);
        }
        while (list.childElementCount > TIMELINE_ROWS) list.lastElementChild.remove();
      } catch (error) {
        if (!(error instanceof Refused)) say(error.message, true);
      }
    }
    setTimeout(poll, 1000);
  }
  $("#clear-timeline").addEventListener("click", () => $("#timeline").replaceChildren());

  // ---------------------------------------------------------------- start
  async function start() {
    try {
      await refreshStatus();
      await loadAccounts();
      await loadRecords();
      $("#token-form").hidden = true;
    } catch (error) {
      if (!(error instanceof Refused)) say(error.message, true);
    }
  }
  $("#token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $("#token-input").value);
    start();
  });
  start();
  poll();
  setInterval(refreshStatus, 3000);
})();
