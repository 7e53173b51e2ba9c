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
