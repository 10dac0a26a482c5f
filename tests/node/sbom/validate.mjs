// Validates a document against an official JSON schema shipped in an npm package.
//   node validate.mjs cyclonedx FILE   (CycloneDX 1.6, from @cyclonedx/cyclonedx-library)
//   node validate.mjs sarif FILE       (SARIF 2.1.0, from @microsoft/sarif-multitool-linux)
//   node validate.mjs spdx FILE        (SPDX 2.3: spdx-2.3-subset.schema.json, references and reachability; licences parsed by spdx-expression-parse)
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
  // No npm package ships the official SPDX 2.3 JSON schema (see docs/sbom.md). spdx-2.3-subset.schema.json is
  // ImageGate's own transcription of the SPDX 2.3 clauses for the objects it writes (closed objects, enums, patterns);
  // the checks below add what a JSON schema cannot say, and every licence expression is parsed by the independent
  // spdx-expression-parse.
  const parse = require('spdx-expression-parse');
  ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
  const schema = load(join(dirname(new URL(import.meta.url).pathname), 'spdx-2.3-subset.schema.json'));
  ajv.addSchema(schema);
  const doc = load(file);
  const errors = [];
  const validateSchema = ajv.getSchema(schema.$id);
  if (!validateSchema(doc)) errors.push(...validateSchema.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`));
  const ids = new Set([doc.SPDXID]);
  for (const p of doc.packages ?? []) {
    if (ids.has(p.SPDXID)) errors.push(`duplicate SPDXID ${p.SPDXID}`);
    ids.add(p.SPDXID);
  }
  const declared = new Set((doc.hasExtractedLicensingInfos ?? []).map((i) => i.licenseId));
  const used = new Set();
  const collect = (node) => {
    if (node.license) { if (node.license.startsWith('LicenseRef-')) used.add(node.license); return; }
    if (node.left) collect(node.left);
    if (node.right) collect(node.right);
  };
  for (const p of doc.packages ?? []) {
    for (const field of ['licenseDeclared', 'licenseConcluded']) {
      const v = p[field];
      if (v && v !== 'NOASSERTION' && v !== 'NONE') {
        try { collect(parse(v)); } catch (e) { errors.push(`package ${p.name}: ${field} '${v}' is not an SPDX expression`); }
      }
    }
  }
  for (const ref of used) if (!declared.has(ref)) errors.push(`${ref} is used but not in hasExtractedLicensingInfos`);
  for (const ref of declared) if (!used.has(ref)) errors.push(`${ref} is declared but never used`);
  for (const r of doc.relationships ?? []) {
    if (!ids.has(r.spdxElementId) || !ids.has(r.relatedSpdxElement)) errors.push(`relationship to an unknown element: ${JSON.stringify(r)}`);
  }
  // 11: the document DESCRIBES at least one element, and every package is reachable from the document.
  const children = new Map();
  for (const r of doc.relationships ?? []) {
    if (!children.has(r.spdxElementId)) children.set(r.spdxElementId, []);
    children.get(r.spdxElementId).push(r.relatedSpdxElement);
  }
  if (!(doc.relationships ?? []).some((r) => r.spdxElementId === doc.SPDXID && r.relationshipType === 'DESCRIBES')) errors.push('the document DESCRIBES nothing');
  const seen = new Set([doc.SPDXID]);
  const queue = [doc.SPDXID];
  while (queue.length) for (const c of children.get(queue.shift()) ?? []) if (!seen.has(c)) { seen.add(c); queue.push(c); }
  for (const p of doc.packages ?? []) if (!seen.has(p.SPDXID)) errors.push(`package ${p.SPDXID} is not reachable from the document`);
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
