// Draws every figure of the page (JSON in #figures) with Plotly; a click on a point whose
// customdata is a URL opens its source. Sets body[data-charts="drawn"] when all are drawn.
(function () {
  "use strict";
  var holder = document.getElementById("figures");
  var figures = holder ? JSON.parse(holder.textContent || "{}") : {};
  var ids = Object.keys(figures);
  if (!ids.length || typeof Plotly === "undefined") {
    document.body.setAttribute("data-charts", ids.length ? "unavailable" : "none");
    return;
  }
  var config = { responsive: true, displaylogo: false };
  var drawing = ids.map(function (id) {
    var el = document.getElementById(id);
    if (!el) { return Promise.resolve(); }
    var fig = figures[id];
    return Plotly.newPlot(el, fig.data, fig.layout, config).then(function () {
      el.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        var url = point && point.customdata;
        if (typeof url === "string" && /^https?:\/\//.test(url)) {
          window.open(url, "_blank", "noopener");
        }
      });
    });
  });
  Promise.all(drawing).then(function () {
    document.body.setAttribute("data-charts", "drawn");
  });
})();

// The negotiation page's background simulation: start it, poll its progress into <progress>.
(function () {
  "use strict";
  var form = document.getElementById("sim-form");
  if (!form) { return; }
  var bar = document.getElementById("sim-progress");
  var text = document.getElementById("sim-text");
  var box = document.getElementById("sim-status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    box.hidden = false;
    bar.removeAttribute("value");
    text.textContent = "starting…";
    form.removeAttribute("data-sim");
    fetch(form.action, { method: "POST", body: new FormData(form) })
      .then(function (r) { return r.json().then(function (body) { return [r.ok, body]; }); })
      .then(function (pair) {
        if (!pair[0]) { text.textContent = JSON.stringify(pair[1].errors || pair[1]); return; }
        poll(pair[1].status_url);
      });
  });
  function poll(url) {
    fetch(url).then(function (r) { return r.json(); }).then(function (s) {
      bar.max = s.total;
      bar.value = s.done;
      if (s.state === "running") {
        text.textContent = s.done + " of " + s.total + " runs (" + Math.floor(100 * s.fraction) + "%, chunk " + s.chunks_done + " of " + s.chunks_total + ")";
        setTimeout(function () { poll(url); }, 100);
        return;
      }
      if (s.state === "done") {
        text.textContent = "P(deal) = " + s.p_deal.agreement.text + ", seed " + s.seed;
        text.setAttribute("data-p", String(s.p_agreement));
      } else {
        text.textContent = "failed: " + s.error;
      }
      form.setAttribute("data-sim", s.state);
    });
  }
})();

// The proposal form: choosing a proposal loads its own terms into the fields (so its terms,
// never the previous proposal's, are compared under its name).
(function () {
  "use strict";
  var holder = document.getElementById("proposal-terms");
  var select = document.getElementById("f-proposal");
  if (!holder || !select) { return; }
  var terms = JSON.parse(holder.textContent || "{}");
  select.addEventListener("change", function () {
    var chosen = terms[select.value];
    if (!chosen) { return; }
    Object.keys(chosen).forEach(function (name) {
      var el = document.getElementById("f-" + name);
      if (el) { el.value = chosen[name]; }
    });
  });
})();
