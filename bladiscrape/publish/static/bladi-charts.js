// Draws every Vega-Lite chart of the page: a <script type="application/json" data-chart="ID">
// holds the spec, the element with that id receives the SVG. Vega, Vega-Lite and vega-embed are
// the copies shipped beside this file (VENDORED.md): nothing comes from another host.
document.querySelectorAll('script[type="application/json"][data-chart]').forEach(function (source) {
  var target = document.getElementById(source.dataset.chart);
  var spec = JSON.parse(source.textContent);
  vegaEmbed(target, spec, {renderer: "svg", actions: false}).then(function () {
    target.dataset.rendered = "1";
  }).catch(function (error) {
    target.textContent = "The chart could not be drawn: " + error;
  });
});
