/* dash-ag-grid (its script alone ≈ 360 kB gzip) only draws the Tabel page's grid. app.py leaves
   its <script> out of every page and puts its address in #zicht-grid-src; this loader
   fetches it at once on a page without a map, and on a map page once the first map is drawn
   (the map comes first). Until it is there, window.dash_ag_grid holds a stand-in that Dash's
   renderer treats as a lazy component: callbacks on the grid wait for it, and it draws the real
   grid as soon as the script has run. */
(function () {
  "use strict";
  var el = document.getElementById("zicht-grid-src");
  var src = el && JSON.parse(el.textContent);
  if (!src || window.dash_ag_grid) { return; }
  var MAP_PAGES = ["", "kaart", "signalen"];  // the last path segment: under any sub-path
  var loading = null;
  var real = null;
  var standIns = {};

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () {
          if (window.dash_ag_grid !== standIns) { real = window.dash_ag_grid; }
          resolve(true);
        };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function standIn(name) {
    function ZichtLazyGrid(props) {
      var React = window.React;
      var state = React.useState(!!real);
      React.useEffect(function () {
        load().then(function () { state[1](true); });
      }, []);
      var Real = real && real[name];
      return Real ? React.createElement(Real, props)
        : React.createElement("div", { className: "zicht-grid-loading", role: "status" },
          "Tabel laden…");
    }
    Object.defineProperty(ZichtLazyGrid, "_dashprivate_isLazyComponentReady", {
      get: function () { return real ? true : load(); }
    });
    return ZichtLazyGrid;
  }

  standIns.AgGrid = standIn("AgGrid");
  window.dash_ag_grid = standIns;

  if (MAP_PAGES.indexOf(location.pathname.split("/").pop()) < 0) {
    load();
    return;
  }
  var started = Date.now();
  (function waitForMap() {
    if ((window.zichtIdle && window.zichtIdle.length) || Date.now() - started > 8000) {
      setTimeout(load, 300);
    } else {
      setTimeout(waitForMap, 200);
    }
  })();
})();
