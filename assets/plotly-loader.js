/* Loads the partial plotly.js bundle (assets/vendor/plotly, see tools/plotly-bundle) as an ES
   module. Until it is there, window.Plotly is a promise: dcc.Graph waits for it instead of
   fetching Dash's full plotly.min.js. Every chart then speaks Dutch and has no button that
   uploads it to Plotly's cloud. */
(function () {
  "use strict";
  if (window.Plotly) { return; }
  var resolve;
  var ready = new Promise(function (r) { resolve = r; });
  window.__zichtPlotlyReady = function (plotly) {
    plotly.setPlotConfig({
      locale: "nl", displaylogo: false, showSendToCloud: false, showEditInChartStudio: false,
      plotlyServerURL: ""
    });
    window.Plotly = plotly;
    resolve(plotly);
  };
  window.Plotly = ready;
  var here = document.currentScript && document.currentScript.src;
  var script = document.createElement("script");
  script.type = "module";
  script.src = new URL("vendor/plotly/plotly-zicht.min.mjs", here || location.href).href;
  document.head.appendChild(script);
})();
