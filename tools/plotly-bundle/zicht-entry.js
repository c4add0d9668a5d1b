// plotly.js partial bundle for Zicht op Ondermijning: choroplethmap, scatter, bar, the Dutch
// locale; MapLibre is imported as its own ES modules (shared by the page and its worker).
import * as maplibre from './maplibre-gl.mjs';

// MapLibre finds its worker next to itself (maplibre-gl-worker.mjs); plotly.js would replace
// it by a second copy of MapLibre inside the bundle, so its setWorkerUrl call is dropped.
globalThis.__zichtMaplibre = Object.assign({}, maplibre, { setWorkerUrl: function () {} });

var Plotly = require('./core-zicht.js');
Plotly.register([
    require('plotly.js/src/traces/choroplethmap'),
    require('plotly.js/src/traces/bar'),
    require('plotly.js/lib/locales/nl'),
]);
var ready = window.__zichtPlotlyReady;
window.Plotly = Plotly;
if (ready) { ready(Plotly); }
export default Plotly;
