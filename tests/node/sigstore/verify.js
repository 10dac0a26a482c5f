// Independent verification with sigstore-js (@sigstore/verify): node verify.js BUNDLE ARTIFACT TRUSTED_ROOT IDENTITY ISSUER
// Exit 0 and "OK" when the bundle verifies; exit 1 with the error otherwise.
'use strict';
const fs = require('fs');
const { bundleFromJSON } = require('@sigstore/bundle');
const { TrustedRoot } = require('@sigstore/protobuf-specs');
const { Verifier, toSignedEntity, toTrustMaterial } = require('@sigstore/verify');

const [bundlePath, artifactPath, rootPath, identity, issuer] = process.argv.slice(2);
try {
  const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')));
  const trust = toTrustMaterial(TrustedRoot.fromJSON(JSON.parse(fs.readFileSync(rootPath, 'utf8'))));
  const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 1 });
  const entity = toSignedEntity(bundle, fs.readFileSync(artifactPath));
  const signer = verifier.verify(entity, { subjectAlternativeName: identity, extensions: { issuer } });
  console.log('OK ' + JSON.stringify(signer.identity ?? {}));
} catch (e) {
  console.log('FAILED ' + (e && e.message ? e.message : String(e)));
  process.exit(1);
}
