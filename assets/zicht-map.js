/* Behaviour of the choropleth maps of Kaart and Signalen (dashboard/components/choropleth.py).
   - fits a chosen area (layout.meta.fit = [west, south, east, north]) to the map's real size,
     once per set of boundaries (layout.uirevision);
   - on a touch screen one finger scrolls the page, two fingers move the map (MapLibre's
     cooperative gestures, with Dutch hints);
   - the browser's back/forward button inside a map page loads that view anew;
   - window.zichtAfterplot lists {id, t} for every redraw (tests and `make bench` wait on it). */
(function () {
  "use strict";
  var HINTS = {
    "CooperativeGesturesHandler.WindowsHelpText": "Gebruik Ctrl + scrollen om in te zoomen",
    "CooperativeGesturesHandler.MacHelpText": "Gebruik \u2318 + scrollen om in te zoomen",
    "CooperativeGesturesHandler.MobileHelpText": "Gebruik twee vingers om de kaart te verplaatsen"
  };
  var MAP_PAGES = { "kaart-map": ["/kaart", "/"], "signalen-map": ["/signalen"] };
  window.zichtAfterplot = window.zichtAfterplot || [];

  function subplot(gd) {
    var full = gd._fullLayout;
    return full && full.map && full.map._subplot ? full.map._subplot.map : null;
  }

  function touchOnly() {
    return window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches;
  }

  function afterplot(gd) {
    var host = gd.closest("[id$='-map']");
    window.zichtAfterplot.push({ id: host ? host.id : "", t: performance.now() });
    var map = subplot(gd);
    if (!map) { return; }
    if (touchOnly() && map.cooperativeGestures && !map.cooperativeGestures.isEnabled()) {
      if (map._locale) { Object.assign(map._locale, HINTS); }
      map.cooperativeGestures.enable();
    }
    var fit = gd.layout && gd.layout.meta && gd.layout.meta.fit;
    var rev = String(gd.layout && gd.layout.uirevision);
    if (gd.__zichtFitted !== rev) {
      gd.__zichtFitted = rev;  // tests and `make bench` wait for this before they click
      if (fit && fit.length === 4) {
        map.fitBounds([[fit[0], fit[1]], [fit[2], fit[3]]], { padding: 12, animate: false });
      }
    }
  }

  function attach(gd) {
    if (gd.__zichtHooked || typeof gd.on !== "function") { return; }
    gd.__zichtHooked = true;
    gd.on("plotly_afterplot", function () { afterplot(gd); });
    if (gd._fullLayout && subplot(gd)) { afterplot(gd); }
  }

  function scan() {
    document.querySelectorAll(".zicht-map .js-plotly-plot").forEach(attach);
  }

  new MutationObserver(scan).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["class"]
  });

  window.addEventListener("popstate", function (event) {
    for (var id in MAP_PAGES) {
      if (document.getElementById(id) && MAP_PAGES[id].indexOf(location.pathname) >= 0) {
        event.stopImmediatePropagation();  // before Dash's router: the view is loaded anew
        location.reload();
        return;
      }
    }
  });
})();
