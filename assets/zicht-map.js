/* Behaviour of the choropleth maps of Kaart and Signalen (dashboard/components/choropleth.py).
   - fits a chosen area (layout.meta.fit = [west, south, east, north]) to the map's real size,
     once per set of boundaries (layout.uirevision), again when the map is resized before the
     user moved it;
   - on a touch screen one finger scrolls the page, two fingers move the map (MapLibre's
     cooperative gestures, with Dutch hints);
   - leaving the map hides the tooltip (Plotly does not unhover a MapLibre map by itself);
   - the browser's back/forward button on a map page loads that address anew (a full load:
     Dash's router would swap the map while MapLibre still works on it, an error in plotly);
   - hovering a gemeente fetches the boundaries its click will draw (its wijken and its outline)
     into plotly's GeoJSON cache, so a drill-down does not wait for them;
   - window.zichtAfterplot lists {id, t, loc, sig} for every redraw: time, first area and a hash
     of the colours drawn (tests and `make bench` wait on it). */
(function () {
  "use strict";
  var HINTS = {
    "CooperativeGesturesHandler.WindowsHelpText": "Gebruik Ctrl + scrollen om in te zoomen",
    "CooperativeGesturesHandler.MacHelpText": "Gebruik \u2318 + scrollen om in te zoomen",
    "CooperativeGesturesHandler.MobileHelpText": "Gebruik twee vingers om de kaart te verplaatsen"
  };
  window.zichtAfterplot = window.zichtAfterplot || [];
  window.zichtIdle = window.zichtIdle || [];  // MapLibre done drawing (all areas loaded)

  function subplot(gd) {
    var full = gd._fullLayout;
    return full && full.map && full.map._subplot ? full.map._subplot.map : null;
  }

  function touchOnly() {
    return window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches;
  }

  function signature(trace) {
    var z = (trace && trace.z) || [], h = 0;
    for (var i = 0; i < z.length; i++) { h = (h * 31 + (z[i] + 2)) | 0; }
    return h;
  }

  function afterplot(gd) {
    var host = gd.closest("[id$='-map']");
    var trace = gd._fullData && gd._fullData[0];
    window.zichtAfterplot.push({
      id: host ? host.id : "", t: performance.now(),
      loc: trace && trace.locations ? String(trace.locations[0]) : "", sig: signature(trace)
    });
    var map = subplot(gd);
    if (!map) { return; }
    if (touchOnly() && map.cooperativeGestures && !map.cooperativeGestures.isEnabled()) {
      if (map._locale) { Object.assign(map._locale, HINTS); }
      map.cooperativeGestures.enable();
    }
    var rev = String(gd.layout && gd.layout.uirevision);
    if (!map.__zichtHooked) {
      map.__zichtHooked = true;
      map.on("movestart", function (e) { if (e.originalEvent) { gd.__zichtUserMoved = true; } });
      map.on("resize", function () { if (!gd.__zichtUserMoved) { fitTo(gd, map); } });
      map.on("idle", function () { window.zichtIdle.push(performance.now()); });
    }
    if (gd.__zichtFitted !== rev) {
      gd.__zichtFitted = rev;  // tests and `make bench` wait for this before they click
      gd.__zichtUserMoved = false;
      fitTo(gd, map);
    }
  }

  // boundaries by URL as dashboard/url_state.py geo_url builds them: /geo/<level>.json?v=<version>
  var GEO_URL = /^(.*\/geo\/)gemeente\.json\?v=([^&]+)$/;

  function prefetch(gd, event) {
    var trace = gd._fullData && gd._fullData[0];
    var point = event && event.points && event.points[0];
    var match = trace && typeof trace.geojson === "string" && GEO_URL.exec(trace.geojson);
    var code = point && point.location;
    if (!match || typeof code !== "string" || code.indexOf("GM") !== 0) { return; }
    var assets = window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
    ["wijk", "gemeente"].forEach(function (level) {
      var url = match[1] + level + ".json?v=" + match[2] + "&gemeente=" + code;
      if (assets[url] || (prefetch.seen = prefetch.seen || {})[url]) { return; }
      prefetch.seen[url] = true;
      fetch(url).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (data && !assets[url]) { assets[url] = data; }
      }).catch(function () { delete prefetch.seen[url]; });
    });
  }

  function fitTo(gd, map) {
    var fit = gd.layout && gd.layout.meta && gd.layout.meta.fit;
    if (fit && fit.length === 4) {
      // a margin of a tenth of the map: a chosen gemeente is seen among its neighbours
      var box = map.getContainer();
      var pad = Math.max(12, Math.round(0.1 * Math.min(box.clientWidth, box.clientHeight)));
      map.fitBounds([[fit[0], fit[1]], [fit[2], fit[3]]], { padding: pad, animate: false });
    }
  }

  function attach(gd) {
    if (gd.__zichtHooked || typeof gd.on !== "function") { return; }
    gd.__zichtHooked = true;
    gd.on("plotly_afterplot", function () { afterplot(gd); });
    gd.on("plotly_hover", function (event) { prefetch(gd, event); });
    gd.addEventListener("mouseleave", function (event) {  // MapLibre maps do not unhover
      if (window.Plotly && window.Plotly.Fx) { window.Plotly.Fx.unhover(gd, event); }
    });
    if (gd._fullLayout && subplot(gd)) { afterplot(gd); }
  }

  function scan() {
    document.querySelectorAll(".zicht-map .js-plotly-plot").forEach(attach);
  }

  new MutationObserver(scan).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["class"]
  });

  // registered before Dash's own listeners (dcc.Location): they never see this event
  var MAP_PAGES = ["", "kaart", "signalen"];  // the last path segment, under any sub-path
  window.addEventListener("popstate", function (event) {
    if (document.querySelector(".zicht-map")
        && MAP_PAGES.indexOf(location.pathname.split("/").pop()) >= 0) {
      event.stopImmediatePropagation();
      location.reload();
    }
  });
})();
