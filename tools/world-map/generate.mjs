// Builds the web page's world map (crates/litopys/src/server/assets/world.json) from
// Natural Earth 1:110m (public domain), as the npm package `world-atlas` ships it as
// TopoJSON: one SVG path per country, keyed by ISO 3166-1 alpha-2 code as the index
// stores countries, projected with the Natural Earth projection, rounded to 0.1 unit.
//
//   cd tools/world-map && npm install && node generate.mjs
//
// What it changes in the data, and why:
// - Crimea: Natural Earth draws it as part of Russia; it is Ukraine's (UN GA resolution
//   68/262), so its polygon moves to UA and merges into it.
// - Countries Natural Earth gives no ISO code: Kosovo becomes XK (the code the index
//   uses); Northern Cyprus merges into CY and Somaliland into SO, as in ISO 3166-1.
// - Antarctica is dropped: the index names no such country, and it would take a third
//   of the map's height.
// - Small states that 1:110m leaves out (Malta, Singapore, Bahrain…) get a dot at the
//   centre of their largest island or territory in 1:50m, so that the page can mark
//   them when they have hits.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as topojson from 'topojson-client';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const OUT = join(repo, 'crates/litopys/src/server/assets/world.json');
const GAZETTEER = join(repo, 'crates/litopys-core/src/entities/data/countries.txt');

const world110 = JSON.parse(readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'));
const world50 = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
const atlasVersion = JSON.parse(readFileSync(require.resolve('world-atlas/package.json'), 'utf8')).version;
countries.registerLocale(JSON.parse(readFileSync(require.resolve('i18n-iso-countries/langs/uk.json'), 'utf8')));

const WIDTH = 1000; // SVG units across the map

/** The index's countries: code → canonical Ukrainian name. */
function gazetteer() {
  const names = new Map();
  for (const line of readFileSync(GAZETTEER, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#') || line.startsWith('!')) continue;
    const [code, name] = line.split('|').map((s) => s.trim());
    if (code && name) names.set(code.toUpperCase(), name);
  }
  return names;
}

/** Natural Earth (I) projection (Šavrič, Patterson, Jenny 2011), in radians out. */
function naturalEarth(lon, lat) {
  const l = (lon * Math.PI) / 180;
  const p = (lat * Math.PI) / 180;
  const p2 = p * p;
  const p4 = p2 * p2;
  return [
    l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4))),
    p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4))),
  ];
}

/** The ISO alpha-2 code of a Natural Earth country, or null (dropped). */
function codeOf(g) {
  const special = { Kosovo: 'XK', 'N. Cyprus': 'CY', Somaliland: 'SO' };
  if (g.properties && special[g.properties.name]) return special[g.properties.name];
  const code = g.id ? countries.numericToAlpha2(g.id) : undefined;
  if (!code) throw new Error('no ISO code for ' + JSON.stringify(g.properties) + ' (' + g.id + ')');
  return code === 'AQ' ? null : code;
}

/** The polygons (as TopoJSON arc lists) of a geometry object. */
function polygonsOf(g) {
  if (g.type === 'Polygon') return [g.arcs];
  if (g.type === 'MultiPolygon') return g.arcs;
  return [];
}

function ringBox(topology, arcs) {
  const f = topojson.feature(topology, { type: 'Polygon', arcs });
  let box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of f.geometry.coordinates[0]) {
    box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)];
  }
  return box;
}

/** Polygons of each code, Crimea moved from Russia to Ukraine. */
function polygonsByCode(topology) {
  const byCode = new Map();
  const add = (code, polys) => byCode.set(code, (byCode.get(code) || []).concat(polys));
  let crimea = 0;
  for (const g of topology.objects.countries.geometries) {
    const code = codeOf(g);
    if (!code) continue;
    for (const poly of polygonsOf(g)) {
      const [x0, y0, x1, y1] = ringBox(topology, poly);
      const isCrimea = x0 > 32 && x1 < 37 && y0 > 44 && y1 < 46.5;
      if (isCrimea && code !== 'UA') crimea += 1;
      add(isCrimea ? 'UA' : code, [poly]);
    }
  }
  if (crimea > 1) throw new Error('more than one polygon looks like Crimea');
  console.error(crimea ? 'Crimea: moved to UA' : 'Crimea: already in UA (or not found: check the data)');
  return byCode;
}

/** A ring's signed area (planar, in its own units). */
function area(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return a / 2;
}

function centroid(ring) {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f;
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
  }
  if (Math.abs(a) < 1e-12) return ring[0];
  return [cx / (3 * a), cy / (3 * a)];
}

/** A number in tenths as SVG wants it, shortest: 12 → "1.2", -5 → "-.5", 30 → "3". */
function tenths(n) {
  const a = Math.abs(n);
  const s = a % 10 === 0 ? String(a / 10) : a < 10 ? '.' + a : Math.floor(a / 10) + '.' + (a % 10);
  return (n < 0 ? '-' : '') + s;
}

/** Numbers joined with the fewest separators (a minus sign separates by itself). */
function joinNumbers(nums) {
  return nums.map((s, i) => (i === 0 || s.startsWith('-') ? s : ',' + s)).join('');
}

const names = gazetteer();
const byCode = polygonsByCode(world110);

/** A ring with its longitudes made continuous (no jump over 180°). */
function unwrap(ring) {
  const out = [ring[0].slice()];
  for (let i = 1; i < ring.length; i += 1) {
    let lon = ring[i][0];
    const prev = out[i - 1][0];
    while (lon - prev > 180) lon -= 360;
    while (prev - lon > 180) lon += 360;
    out.push([lon, ring[i][1]]);
  }
  return out;
}

/** The part of a ring with lon0 <= lon <= lon1 (Sutherland–Hodgman, one side at a time). */
function clipLon(ring, lon0, lon1) {
  const side = (pts, inside, cross) => {
    const out = [];
    for (let i = 0; i < pts.length; i += 1) {
      const a = pts[(i + pts.length - 1) % pts.length];
      const b = pts[i];
      if (inside(b)) {
        if (!inside(a)) out.push(cross(a, b));
        out.push(b);
      } else if (inside(a)) out.push(cross(a, b));
    }
    return out;
  };
  const at = (lon) => (a, b) => [lon, a[1] + ((b[1] - a[1]) * (lon - a[0])) / (b[0] - a[0])];
  let pts = side(ring, (p) => p[0] >= lon0, at(lon0));
  pts = side(pts, (p) => p[0] <= lon1, at(lon1));
  return pts;
}

/** Points every degree along the map's edge, where a cut ring runs along ±180°: the
 *  edge is curved in this projection. */
function densifyEdge(ring) {
  const out = [];
  for (let i = 0; i < ring.length; i += 1) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    out.push(a);
    if (Math.abs(a[0]) === 180 && a[0] === b[0]) {
      const n = Math.floor(Math.abs(b[1] - a[1]));
      for (let k = 1; k < n; k += 1) out.push([a[0], a[1] + ((b[1] - a[1]) * k) / n]);
    }
  }
  return out;
}

/** A polygon (outer ring, holes) cut at the antimeridian: one polygon per side it covers.
 *  world-atlas stitches Russia and Fiji across it, d3 cuts them when it draws. */
function cutAntimeridian(poly) {
  const rings = poly.map(unwrap);
  const lons = rings[0].map((p) => p[0]);
  const lo = Math.min(...lons);
  const hi = Math.max(...lons);
  if (lo >= -180 && hi <= 180) return [poly];
  const out = [];
  for (const shift of [-360, 0, 360]) {
    const moved = rings.map((r) => r.map(([lon, lat]) => [lon + shift, lat]));
    const outer = clipLon(moved[0], -180, 180);
    if (outer.length < 3 || Math.abs(area(outer)) < 1e-9) continue;
    const holes = moved.slice(1).map((r) => clipLon(r, -180, 180)).filter((r) => r.length >= 3);
    out.push([outer, ...holes].map(densifyEdge));
  }
  return out;
}

// Projected rings of every country, in SVG units (y down), before the final shift.
const projected = new Map();
const raw = naturalEarth(180, 0)[0];
const scale = (WIDTH - 4) / (2 * raw);
let minY = Infinity;
let maxY = -Infinity;
for (const [code, polys] of byCode) {
  const merged = topojson.merge(world110, polys.map((arcs) => ({ type: 'Polygon', arcs })));
  const out = merged.coordinates.flatMap(cutAntimeridian).map((poly) => poly.map((ring) => ring.map(([lon, lat]) => {
    const [x, y] = naturalEarth(lon, lat);
    const p = [x * scale + WIDTH / 2, -y * scale];
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
    return p;
  })));
  projected.set(code, out);
}
const top = minY - 2;
const HEIGHT = Math.ceil(maxY - top + 2);

/** One country's path: rings in tenths, relative moves, tiny islands left out. */
function pathOf(polys) {
  const rounded = polys.map((poly) => poly.map((ring) => {
    const pts = [];
    for (const [x, y] of ring) {
      const p = [Math.round(x * 10), Math.round((y - top) * 10)];
      const last = pts[pts.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push(p);
    }
    if (pts.length > 1 && pts[0][0] === pts[pts.length - 1][0] && pts[0][1] === pts[pts.length - 1][1]) pts.pop();
    return pts;
  }));
  // Islands under half a square unit (about 20 km across) do not show; the largest
  // polygon stays whatever its size.
  const sizes = rounded.map((poly) => Math.abs(area(poly[0] || [])) / 100);
  const largest = sizes.indexOf(Math.max(...sizes));
  let d = '';
  rounded.forEach((poly, i) => {
    if (i !== largest && sizes[i] < 0.5) return;
    for (const ring of poly) {
      if (ring.length < 3) continue;
      d += 'M' + joinNumbers([tenths(ring[0][0]), tenths(ring[0][1])]) + 'l';
      const nums = [];
      for (let k = 1; k < ring.length; k += 1) {
        nums.push(tenths(ring[k][0] - ring[k - 1][0]), tenths(ring[k][1] - ring[k - 1][1]));
      }
      d += joinNumbers(nums) + 'z';
    }
  });
  return d;
}

const nameOf = (code) => names.get(code) || countries.getName(code, 'uk') || code;
const shapes = [...projected.keys()].sort().map((code) => ({ code, name: nameOf(code), d: pathOf(projected.get(code)) }));

// Dots for the index's countries that 1:110m leaves out, from 1:50m.
const drawn = new Set(shapes.map((s) => s.code));
const dots = [];
const absent = [];
for (const code of [...names.keys()].sort()) {
  if (drawn.has(code)) continue;
  const g = world50.objects.countries.geometries.find((x) => x.id && countries.numericToAlpha2(x.id) === code);
  if (!g) {
    absent.push(code);
    continue;
  }
  const f = topojson.feature(world50, g).geometry;
  const rings = (f.type === 'Polygon' ? [f.coordinates] : f.coordinates).map((poly) => poly[0]);
  const biggest = rings.reduce((a, b) => (Math.abs(area(b)) > Math.abs(area(a)) ? b : a));
  const [lon, lat] = centroid(biggest);
  const [x, y] = naturalEarth(lon, lat);
  dots.push({ code, name: nameOf(code), x: Math.round((x * scale + WIDTH / 2) * 10) / 10, y: Math.round((-y * scale - top) * 10) / 10 });
}

// Europe, for the page's zoom: latitudes 34°–72° around 22° E, the map's aspect ratio.
const ey0 = -naturalEarth(0, 72)[1] * scale - top;
const ey1 = -naturalEarth(0, 34)[1] * scale - top;
const eh = ey1 - ey0;
const ew = (eh * WIDTH) / HEIGHT;
const ex = naturalEarth(22, 53)[0] * scale + WIDTH / 2 - ew / 2;
const europe = [ex, ey0, ew, eh].map((v) => Math.round(v * 10) / 10);

const out = {
  about: 'Natural Earth 1:110m (public domain) via world-atlas ' + atlasVersion
    + ', Natural Earth projection; built by tools/world-map/generate.mjs',
  width: WIDTH,
  height: HEIGHT,
  europe,
  countries: shapes,
  dots,
};
const json = JSON.stringify(out);
writeFileSync(OUT, json + '\n');
const missing = [...names.keys()].filter((c) => !drawn.has(c) && !dots.some((d) => d.code === c));
console.error('wrote ' + OUT + ': ' + json.length + ' bytes, ' + shapes.length + ' countries, ' + dots.length + ' dots');
console.error('as dots: ' + dots.map((d) => d.code).join(' '));
console.error('on the map but not in the index: ' + shapes.map((s) => s.code).filter((c) => !names.has(c)).join(' '));
console.error('in the index but not on the map: ' + (missing.join(' ') || 'none'));
