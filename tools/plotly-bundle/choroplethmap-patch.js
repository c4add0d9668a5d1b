// Appended to plotly.js src/traces/choroplethmap/plot.js by build.js (same scope: `proto`).
// A colour-only update (same boundaries: an indicator or year switch) must not re-send the
// GeoJSON to MapLibre: setData makes the worker cut every tile again, several frames before the
// map shows the new colours. Features get numeric ids (their index), the fill colour reads
// MapLibre's feature state first, and a colour-only update only sets the feature states.
var zichtFill = ['coalesce', ['feature-state', 'fc'], ['get', 'fc']];

function zichtSameGeometry(geoms, features) {
    if(!geoms || geoms.length !== features.length) return false;
    for(var i = 0; i < features.length; i++) {
        if(geoms[i] !== features[i].geometry) return false;
    }
    return true;
}

function zichtPrepare(self, optsAll) {
    var features = (optsAll.geojson && optsAll.geojson.features) || [];
    var map = self.subplot.map;
    var quick = self.below === self.subplot.belowLookup['trace-' + self.uid] &&
        zichtSameGeometry(self._zichtGeoms, features) && !!map.getSource(self.sourceId);
    if(optsAll.fill.layout.visibility === 'visible') optsAll.fill.paint['fill-color'] = zichtFill;
    if(quick) {
        for(var i = 0; i < features.length; i++) {
            map.setFeatureState({source: self.sourceId, id: i}, {fc: features[i].properties.fc});
        }
        return true;
    }
    var geoms = new Array(features.length);
    var out = new Array(features.length);
    for(var j = 0; j < features.length; j++) {
        geoms[j] = features[j].geometry;
        out[j] = {type: 'Feature', id: j, geometry: geoms[j], properties: features[j].properties};
    }
    self._zichtGeoms = geoms;
    optsAll.geojson = {type: 'FeatureCollection', features: out};
    return false;
}

var zichtSource = {setData: function() {}};
proto._update = (function(update) {
    return function(optsAll) {
        var map = this.subplot.map;
        if(!zichtPrepare(this, optsAll)) {
            if(map.getSource(this.sourceId)) map.removeFeatureState({source: this.sourceId});
            return update.call(this, optsAll);
        }
        var getSource = map.getSource;
        map.getSource = function() { return zichtSource; };  // skip setData, keep the rest
        try {
            return update.call(this, optsAll);
        } finally {
            map.getSource = getSource;
        }
    };
})(proto._update);

module.exports = function createChoroplethMap(subplot, calcTrace) {
    var trace = calcTrace[0].trace;
    var obj = new ChoroplethMap(subplot, trace.uid);
    var optsAll = convert(calcTrace);
    obj.below = subplot.belowLookup['trace-' + trace.uid];
    zichtPrepare(obj, optsAll);  // no source yet: numeric ids and the fill expression
    subplot.map.addSource(obj.sourceId, {type: 'geojson', data: optsAll.geojson});
    obj._addLayers(optsAll, obj.below);
    trace._glTrace = obj;  // link ref for quick update during selections
    return obj;
};
