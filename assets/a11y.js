/* Accessible names for Dash 4 dropdowns and radio groups: the visible <label for=id> names them.
   dcc.Dropdown labels its button with its own value only; radio groups are plain divs. */
(function () {
  function name(label) {
    if (!label.id) { label.id = label.htmlFor + "-label"; }
    return label.id;
  }
  function fix() {
    document.querySelectorAll("label[for]").forEach(function (label) {
      var el = document.getElementById(label.htmlFor);
      if (!el) { return; }
      var id = name(label);
      if (el.classList.contains("dash-dropdown")) {
        var cur = el.getAttribute("aria-labelledby") || "";
        if (cur.split(" ").indexOf(id) !== 0) {
          el.setAttribute("aria-labelledby", (id + " " + cur.replace(id, "")).trim());
        }
      } else if (el.tagName === "DIV" && el.querySelector("input[type=radio]")) {
        el.setAttribute("role", "radiogroup");
        el.setAttribute("aria-labelledby", id);
      }
    });
  }
  new MutationObserver(fix).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", fix);
})();
