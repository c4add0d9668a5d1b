// node build.js OUTDIR: the partial plotly.js bundle as an ES module (see zicht-entry.js), and
// MapLibre's own ES modules and the licences copied next to it.
const esbuild = require('esbuild');
const path = require('path');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { environmentPlugin } = require('esbuild-plugin-environment');
const shim = {
  name: 'zicht-shims',
  setup(b) {
    b.onResolve({ filter: /^\.\/maplibre-gl\.mjs$/ }, () => ({ path: './maplibre-gl.mjs', external: true }));
    b.onResolve({ filter: /maplibre-gl\/dist\/maplibre-gl\.mjs$/ }, () => ({ path: 'maplibre', namespace: 'zicht' }));
    b.onResolve({ filter: /^country-iso-search$|\/custom_country_codes$|\/usa_location_names$/ }, () => ({ path: path.join(__dirname, 'stub-geo.js') }));
    b.onResolve({ filter: /build\/maplibre_worker$/ }, () => ({ path: 'worker', namespace: 'zicht' }));
    b.onLoad({ filter: /^maplibre$/, namespace: 'zicht' }, () => ({ contents: 'module.exports = globalThis.__zichtMaplibre;', loader: 'js' }));
    b.onLoad({ filter: /^worker$/, namespace: 'zicht' }, () => ({ contents: 'module.exports = "";', loader: 'js' }));
    // colour-only updates of a choroplethmap set MapLibre feature states (choroplethmap-patch.js)
    b.onLoad({ filter: /traces[\\/]choroplethmap[\\/]plot\.js$/ }, (args) => ({
      contents: fs.readFileSync(args.path, 'utf8') + '\n'
        + fs.readFileSync(path.join(__dirname, 'choroplethmap-patch.js'), 'utf8'),
      loader: 'js', resolveDir: path.dirname(args.path),
    }));
  },
};
const fs = require('fs');
// choroplethmap-patch.js wraps plotly.js's private proto._update of this one version: refuse to
// build with another until the patch has been checked against it (and this line updated).
const PATCHED_FOR = '4.1.1';
const plotlyVersion = require('plotly.js/package.json').version;
const plotSrc = fs.readFileSync(require.resolve('plotly.js/src/traces/choroplethmap/plot.js'), 'utf8');
if (plotlyVersion !== PATCHED_FOR || !/proto\._update\s*=\s*function/.test(plotSrc)) {
  console.error(`plotly.js ${plotlyVersion}: choroplethmap-patch.js is written for ${PATCHED_FOR}`
    + ' (proto._update of src/traces/choroplethmap/plot.js); check the patch, then PATCHED_FOR.');
  process.exit(1);
}
const out = process.argv[2] || 'out';
fs.mkdirSync(out, { recursive: true });
const ml = path.dirname(require.resolve('maplibre-gl/package.json', { paths: [require.resolve('plotly.js')] }));
for (const f of ['maplibre-gl.mjs', 'maplibre-gl-shared.mjs', 'maplibre-gl-worker.mjs']) {
  fs.copyFileSync(path.join(ml, 'dist', f), path.join(out, f));
}
fs.copyFileSync(path.join(ml, 'LICENSE.txt'), path.join(out, 'LICENSE-maplibre-gl.txt'));
fs.copyFileSync(require.resolve('plotly.js/LICENSE'), path.join(out, 'LICENSE-plotly.js.txt'));
esbuild.build({
  entryPoints: [path.join(__dirname, 'zicht-entry.js')],
  outfile: path.join(out, 'plotly-zicht.min.mjs'),
  format: 'esm', bundle: true, minify: true, legalComments: 'none',
  banner: { js: '/*! plotly.js 4.1.1 partial bundle (choroplethmap, scatter, bar, nl), MIT licence:'
    + ' LICENSE-plotly.js.txt; MapLibre GL JS: LICENSE-maplibre-gl.txt. Built by tools/plotly-bundle */' },
  plugins: [shim, InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
  alias: { stream: 'stream-browserify' },
  define: { global: 'window', 'define.amd': 'false' }, target: 'es2020', logLevel: 'warning',
}).catch(() => process.exit(1));
