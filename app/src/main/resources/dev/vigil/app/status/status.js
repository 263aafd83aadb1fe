// The status page: reads /api/v1/summary every 2 s and shows it. Plain DOM, no framework; text is
// always set with textContent, never parsed as HTML, since labels come from the events.
(function () {
  "use strict";

  var EVERY_MS = 2000;
  var previous = null;      // the last summary's total and time, for events/s
  var scrolledTo = null;    // the hash already scrolled to, so a refresh does not jump back

  function $(id) { return document.getElementById(id); }

  function el(tag, text, className) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (className) { e.className = className; }
    return e;
  }

  function integer(n) { return n === null || n === undefined ? "–" : Math.round(n).toLocaleString("en-US"); }
  function money(n) { return n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
  function percent(r) { return r === null || r === undefined ? "–" : (100 * r).toFixed(1) + " %"; }
  function number(v) {
    if (v === null || v === undefined) { return "–"; }
    return Math.abs(v) >= 100 || Number.isInteger(v) ? integer(v) : String(parseFloat(v.toPrecision(3)));
  }

  function tile(id, value, text) {
    var e = $(id);
    e.dataset.value = value === null || value === undefined ? "" : String(value);
    e.textContent = text;
  }

  function fill(tbody, rows, columns, emptyText) {
    var fresh = document.createDocumentFragment();
    if (rows.length === 0) {
      var tr = el("tr");
      var td = el("td", emptyText, "empty");
      td.colSpan = columns;
      tr.appendChild(td);
      fresh.appendChild(tr);
    }
    rows.forEach(function (row) { fresh.appendChild(row); });
    tbody.replaceChildren(fresh);
  }

  function row(cells, attributes) {
    var tr = el("tr");
    Object.keys(attributes || {}).forEach(function (k) {
      if (k === "id") { tr.id = attributes[k]; } else { tr.dataset[k] = String(attributes[k]); }
    });
    cells.forEach(function (c) { tr.appendChild(c); });
    return tr;
  }

  function num(text) { return el("td", text, "num"); }

  function renderTiles(s) {
    var total = s.events.total;
    var at = Date.parse(s.generated_at);
    var rate = null;
    if (previous && at > previous.at && total >= previous.total) {
      rate = (total - previous.total) / ((at - previous.at) / 1000);
    }
    previous = { total: total, at: at };
    tile("events-rate", rate === null ? null : rate.toFixed(1), rate === null ? "–" : integer(rate));
    tile("events-accepted", s.events.accepted, integer(s.events.accepted));
    tile("events-duplicate", s.events.duplicate, integer(s.events.duplicate));
    tile("events-invalid", s.events.invalid, integer(s.events.invalid));
    tile("events-total", total, integer(total));
    tile("consumer-lag", s.consumer_lag, integer(s.consumer_lag));
    tile("dlq-total", s.dead_letters.total, integer(s.dead_letters.total));
    tile("alerts-count", s.alerts.length, integer(s.alerts.length));
  }

  function renderAlerts(alerts) {
    fill($("alerts"), alerts.map(function (a) {
      var labels = el("td");
      Object.keys(a.labels).forEach(function (k) { labels.appendChild(el("span", k + "=" + a.labels[k], "label-chip")); });
      var trace = el("td");
      if (a.trace_url) {
        var link = el("a", a.trace_id.substring(0, 8) + "…", "trace");
        link.href = a.trace_url;
        link.target = "_blank";
        link.rel = "noopener";
        trace.appendChild(link);
      } else if (a.trace_id) {
        trace.appendChild(el("code", a.trace_id.substring(0, 8) + "…"));
      }
      return row([el("td", a.rule), el("td", a.severity, "sev-" + a.severity), labels,
        el("td", a.since.replace("T", " ").replace("Z", " UTC")), num(number(a.value)), trace],
        { id: "alert-" + a.fingerprint, rule: a.rule, fingerprint: a.fingerprint });
    }), 6, "nothing firing");
  }

  function renderInstances(instances) {
    fill($("instances"), instances.map(function (i) {
      return row([el("td", i.address), el("td", i.state), num(i.tasks.length), num(i.partitions),
        num(integer(i.consumer_lag))],
        { instance: i.address, state: i.state, tasks: i.tasks.join(","), partitions: i.partitions });
    }), 5, "no instance");
  }

  function renderRatios(ratios) {
    fill($("ratios"), Object.keys(ratios).map(function (w) {
      return row([el("td", w), num(percent(ratios[w]))], { id: "ratio-" + w, window: w, value: ratios[w] });
    }), 2, "no terminal task in any window yet");
  }

  function renderPools(pools) {
    fill($("pools"), pools.map(function (p) {
      var bar = el("td");
      if (p.utilization !== null) {
        var b = el("span", null, "bar" + (p.utilization > 1 ? " over" : ""));
        b.style.width = Math.min(100, Math.round(100 * p.utilization)) + "px";
        bar.appendChild(b);
        bar.appendChild(el("span", " " + percent(p.utilization)));
      } else {
        bar.textContent = "–";
      }
      return row([el("td", p.pool), num(integer(p.capacity)), num(integer(p.active_leases)), bar],
        { pool: p.pool, capacity: p.capacity === null ? "" : p.capacity, active: p.active_leases,
          utilization: p.utilization === null ? "" : p.utilization });
    }), 4, "no pool yet");
  }

  function renderDeadLetters(byReason) {
    fill($("dlq"), Object.keys(byReason).map(function (r) {
      return row([el("td", r), num(integer(byReason[r]))], { id: "dlq-" + r, reason: r, count: byReason[r] });
    }), 2, "none");
  }

  function renderRanking(id, rows, byCost) {
    fill($(id), rows.map(function (r) {
      var figure = byCost ? money(r.cost_usd) : percent(r.error_ratio);
      return row([el("td", r.name), num(figure), num(integer(r.calls))],
        { name: r.name, cost: r.cost_usd, calls: r.calls, errors: r.errors,
          errorRatio: r.error_ratio === null ? "" : r.error_ratio });
    }), 3, "no calls yet");
  }

  // The Alertmanager notification links here as <external_url>/#alert-<fingerprint>.
  function highlight() {
    var wanted = decodeURIComponent(location.hash.replace(/^#/, ""));
    document.querySelectorAll("tr.highlight").forEach(function (tr) {
      if (tr.id !== wanted) { tr.classList.remove("highlight"); }
    });
    var missing = $("missing-alert");
    missing.hidden = true;
    if (!wanted) { return; }
    var target = document.getElementById(wanted);
    if (target) {
      target.classList.add("highlight");
      if (scrolledTo !== wanted) {
        target.scrollIntoView({ block: "center" });
        scrolledTo = wanted;
      }
    } else if (wanted.indexOf("alert-") === 0 && previous !== null) {
      missing.textContent = "Alert " + wanted.substring(6) + " is not firing now.";
      missing.hidden = false;
    }
  }

  function render(s) {
    var state = $("state");
    state.dataset.ready = String(s.ready);
    state.textContent = s.ready ? "ready" : "not ready";
    $("updated").textContent = "updated " + new Date(s.generated_at).toLocaleTimeString("en-GB") + ", "
      + s.instances.length + (s.instances.length === 1 ? " instance" : " instances");
    $("updated").dataset.generatedAt = s.generated_at;
    renderTiles(s);
    renderAlerts(s.alerts);
    renderInstances(s.instances);
    renderRatios(s.task_success_ratio);
    renderPools(s.pools);
    renderDeadLetters(s.dead_letters.by_reason);
    renderRanking("agents-by-cost", s.agents.by_cost, true);
    renderRanking("agents-by-error", s.agents.by_error_rate, false);
    renderRanking("models-by-cost", s.models.by_cost, true);
    renderRanking("models-by-error", s.models.by_error_rate, false);
    highlight();
  }

  function showError(text) {
    var e = $("error");
    e.textContent = text;
    e.hidden = false;
    $("state").dataset.ready = "false";
    $("state").textContent = "not ready";
  }

  function refresh() {
    fetch("/api/v1/summary", { cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status + (body.error ? ": " + body.error : ""));
          }
          return body;
        });
      })
      .then(function (summary) {
        $("error").hidden = true;
        render(summary);
      })
      .catch(function (e) { showError("No summary right now (" + e.message + "); retrying."); })
      .then(function () { setTimeout(refresh, EVERY_MS); });
  }

  window.addEventListener("hashchange", function () { scrolledTo = null; highlight(); });
  refresh();
})();
