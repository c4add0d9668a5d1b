/* The chosen gemeente travels with every menu link: Heerlen on Kaart stays Heerlen on Profiel.
   Pages keep the address bar in step with history.replaceState/pushState; after every change
   the menu links (ids nav-<page>) get ?gemeente=<code> (the first of ?gemeenten= on Vergelijk). */
(function () {
  var GM = /^GM[0-9]{4}$/;
  function current() {
    var q = new URLSearchParams(window.location.search);
    var gm = q.get("gemeente") || (q.get("gemeenten") || "").split(",")[0];
    return gm && GM.test(gm) ? gm : null;
  }
  function update() {
    var setProps = window.dash_clientside && window.dash_clientside.set_props;
    var links = document.querySelectorAll("a.nav-link[id^='nav-']");
    if (!setProps || !links.length) { return false; }
    var gm = current();
    links.forEach(function (a) {
      var path = "/" + a.id.slice(4);
      var href = gm ? path + "?gemeente=" + gm : path;
      if (a.getAttribute("href") !== href) {
        try { setProps(a.id, { href: href }); } catch (e) { /* not rendered yet */ }
      }
    });
    return true;
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = window.history[name];
    window.history[name] = function () {
      var result = original.apply(this, arguments);
      window.setTimeout(update, 0);
      return result;
    };
  });
  window.addEventListener("popstate", function () { window.setTimeout(update, 0); });
  var tries = 0;
  (function first() {
    if (!update() && tries++ < 100) { window.setTimeout(first, 100); }
  })();
})();
