// country and US-state name lookups serve only geo traces with locationmode; not in this bundle
module.exports = { COUNTRIES: [], COUNTRIES_X: [], createLookup: function () { return { lookupAlpha3: function () { return null; } }; }, usaLocationAbbreviations: new Set(), usaLocationList: {} };
