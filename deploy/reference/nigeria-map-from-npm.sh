#!/usr/bin/env bash
# Regenerates the status page's map of Nigeria (stock-service/src/main/resources/META-INF/resources/status/
# nigeria-map.json) from the npm package @svg-maps/nigeria (CC-BY-4.0, by Michael Chukwu, based on MapSVG; attribution on the page and in
# NOTICE.md): the SVG path of every state, keyed by VaxTrace's state code (ISO 3166-2, NG-KN).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/stock-service/src/main/resources/META-INF/resources/status/nigeria-map.json
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack @svg-maps/nigeria@2.0.0 >/dev/null && tar xzf svg-maps-nigeria-2.0.0.tgz)
sed 's/^export default //' "$TMP/package/index.js" > "$TMP/map.json"
node - "$TMP/map.json" "$OUT" "$ROOT/nigeria-data/src/main/resources/vaxtrace/data/states.csv" <<'JS'
const [file, out, csv] = process.argv.slice(2);
// State centroids (our data) let the page place facilities by latitude/longitude on the SVG.
const centroid = Object.fromEntries(require("fs").readFileSync(csv, "utf8").trim().split("\n").slice(1).map(line => {
  const cells = line.split(",");
  return [cells[0], [Number(cells[4]), Number(cells[5])]];
}));
const map = JSON.parse(require("fs").readFileSync(file, "utf8"));
const iso = {"abia":"AB","adamawa":"AD","akwa-ibom":"AK","anambra":"AN","bauchi":"BA","bayelsa":"BY","benue":"BE","borno":"BO",
  "cross-river":"CR","delta":"DE","ebonyi":"EB","edo":"ED","ekiti":"EK","enugu":"EN","fct":"FC","gombe":"GO","imo":"IM",
  "jigawa":"JI","kaduna":"KD","kano":"KN","katsina":"KT","kebbi":"KE","kogi":"KO","kwara":"KW","lagos":"LA","nassarawa":"NA",
  "niger":"NI","ogun":"OG","ondo":"ON","osun":"OS","oyo":"OY","plateau":"PL","rivers":"RI","sokoto":"SO","taraba":"TA",
  "yobe":"YO","zamfara":"ZA"};
const states = map.locations.map(l => {
  if (!iso[l.id]) throw new Error("unknown state id " + l.id);
  const code = "NG-" + iso[l.id];
  if (!centroid[code]) throw new Error("no centroid for " + code);
  return { code, name: l.name, lat: centroid[code][0], lon: centroid[code][1], path: l.path };
});
const doc = { source: "npm @svg-maps/nigeria@2.0.0", licence: "CC-BY-4.0", attribution: "Map of Nigeria: @svg-maps/nigeria by Michael Chukwu, based on MapSVG (mapsvg.com), CC BY 4.0",
  viewBox: map.viewBox, states };
require("fs").writeFileSync(out, JSON.stringify(doc) + "\n");
console.log(`wrote ${states.length} states to ${out}`);
JS
