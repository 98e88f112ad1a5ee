// Checks custom resources in YAML files against the operators' CRD schemas (crds/), as validate.mjs does for the
// manifests; used by deploy/scripts/test.sh for what the scripts would apply.
//   node crd-check.mjs FILE...
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { crdValidators } from "./platform.mjs";

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const schemaFor = crdValidators(ajv, new URL("crds", import.meta.url).pathname);
let bad = 0, seen = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const o = doc.toJS();
    if (!o) continue;
    seen++;
    const validate = schemaFor(o.apiVersion, o.kind);
    if (!validate) { console.error(`${file}: no CRD schema for ${o.apiVersion} ${o.kind}`); bad++; continue; }
    if (!validate(o)) { console.error(`${file}: ${o.kind}/${o.metadata?.name}: ${ajv.errorsText(validate.errors)}`); bad++; }
  }
}
if (seen === 0) { console.error("no object found"); bad++; }
process.exit(bad ? 1 : 0);
