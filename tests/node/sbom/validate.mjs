// Validates a document against an official JSON schema shipped in an npm package.
//   node validate.mjs cyclonedx FILE   (CycloneDX 1.6, from @cyclonedx/cyclonedx-library)
//   node validate.mjs sarif FILE       (SARIF 2.1.0, from @microsoft/sarif-multitool-linux)
//   node validate.mjs spdx FILE        (SPDX 2.3 required fields and references; licences parsed by spdx-expression-parse)
// Prints "valid" and exits 0, or prints the errors and exits 1.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);
const [kind, file] = process.argv.slice(2);
const load = (p) => JSON.parse(readFileSync(p, 'utf8'));
let ajv, schemaId;
if (kind === 'cyclonedx') {
  const dir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // The bundled schemas reference each other by their SNAPSHOT file names under the CycloneDX base URI.
  for (const name of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
    const schema = load(join(dir, name));
    delete schema.$id;
    ajv.addSchema(schema, `http://cyclonedx.org/schema/${name}`);
  }
  const bom = load(join(dir, 'bom-1.6.SNAPSHOT.schema.json'));
  ajv.addSchema(bom);
  schemaId = bom.$id;
} else if (kind === 'sarif') {
  // The SARIF 2.1.0 schema as Microsoft's SARIF multitool ships it.
  const schema = load(join(dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')), 'sarif-2.1.0.json'));
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  delete schema.$schema;
  ajv.addSchema(schema, 'sarif');
  schemaId = 'sarif';
} else if (kind === 'spdx') {
  // No npm package ships the SPDX 2.3 JSON schema: check the spec's required fields and references, and parse
  // every licence expression with the independent spdx-expression-parse.
  const parse = require('spdx-expression-parse');
  const doc = load(file);
  const errors = [];
  const need = (o, fields, where) => fields.forEach((f) => { if (o[f] === undefined) errors.push(`${where}: ${f} missing`); });
  need(doc, ['spdxVersion', 'dataLicense', 'SPDXID', 'name', 'documentNamespace', 'creationInfo'], 'document');
  if (doc.spdxVersion !== 'SPDX-2.3') errors.push('spdxVersion is not SPDX-2.3');
  if (doc.dataLicense !== 'CC0-1.0') errors.push('dataLicense is not CC0-1.0');
  need(doc.creationInfo ?? {}, ['created', 'creators'], 'creationInfo');
  const ids = new Set([doc.SPDXID]);
  for (const p of doc.packages ?? []) {
    need(p, ['SPDXID', 'name', 'downloadLocation'], `package ${p.name}`);
    if (!/^SPDXRef-[A-Za-z0-9.-]+$/.test(p.SPDXID)) errors.push(`bad SPDXID ${p.SPDXID}`);
    if (ids.has(p.SPDXID)) errors.push(`duplicate SPDXID ${p.SPDXID}`);
    ids.add(p.SPDXID);
    for (const field of ['licenseDeclared', 'licenseConcluded']) {
      const v = p[field];
      if (v && v !== 'NOASSERTION' && v !== 'NONE') {
        try { parse(v); } catch (e) { errors.push(`package ${p.name}: ${field} '${v}' is not an SPDX expression`); }
      }
    }
  }
  for (const r of doc.relationships ?? []) {
    if (!ids.has(r.spdxElementId) || !ids.has(r.relatedSpdxElement)) errors.push(`relationship to an unknown element: ${JSON.stringify(r)}`);
  }
  if (errors.length) { console.log(errors.slice(0, 20).join('\n')); process.exit(1); }
  console.log('valid');
  process.exit(0);
} else {
  console.error(`unknown kind ${kind}`);
  process.exit(2);
}
const validate = ajv.getSchema(schemaId);
if (validate(load(file))) {
  console.log('valid');
} else {
  console.log(JSON.stringify(validate.errors.slice(0, 20), null, 1));
  process.exit(1);
}
