// Validates a document against an official JSON schema shipped in an npm package.
//   node validate.mjs cyclonedx FILE   (CycloneDX 1.6, from @cyclonedx/cyclonedx-library)
//   node validate.mjs sarif FILE       (SARIF 2.1.0, from @microsoft/sarif-multitool-linux)
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
