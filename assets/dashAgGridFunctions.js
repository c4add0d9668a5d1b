/* AG Grid helpers (dash-ag-grid looks functions up here): Dutch number notation and parsing. */
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

/* 1234.5 → "1.234,5" at `decimals` decimals; missing stays empty (never 0). */
dagfuncs.nlNumber = function (value, decimals) {
  if (value === null || value === undefined || value === "" || isNaN(value)) {
    return "";
  }
  var d = Math.max(0, Math.min(6, parseInt(decimals, 10) || 0));
  return new Intl.NumberFormat("nl-NL", {
    minimumFractionDigits: d,
    maximumFractionDigits: d,
  }).format(Number(value));
};

/* What a user types in a number filter, Dutch or not: "1.234,5" and "1234.5" → 1234.5. */
dagfuncs.nlParse = function (text) {
  if (text === null || text === undefined || String(text).trim() === "") {
    return null;
  }
  var t = String(text).trim();
  if (t.indexOf(",") >= 0) {
    t = t.replace(/\./g, "").replace(",", ".");
  }
  var n = parseFloat(t);
  return isNaN(n) ? null : n;
};
