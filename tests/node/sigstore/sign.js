// Signs with sigstore-js against given services: node sign.js FILE OUT FULCIO_URL REKOR_URL TOKEN TSA_URL|- v2|v3
// v2: a message signature over FILE (sigstore-js writes v0.2 bundles for these);
// v3: an in-toto statement naming FILE's SHA-256 in a DSSE envelope (v0.3 bundle, dsse entry).
'use strict';
const fs = require('fs');
const crypto = require('crypto');
const path = require('path');
const { sign, attest } = require('sigstore');

const [file, out, fulcioURL, rekorURL, token, tsa, version] = process.argv.slice(2);
const options = {
  fulcioURL, rekorURL, identityToken: token,
  tsaServerURL: tsa && tsa !== '-' ? tsa : undefined,
  tlogUpload: true,
};
(async () => {
  const content = fs.readFileSync(file);
  let bundle;
  if (version === 'v3') {
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: path.basename(file), digest: { sha256: crypto.createHash('sha256').update(content).digest('hex') } }],
      predicateType: 'https://imagegate.example/scan/v1',
      predicate: { passed: true },
    };
    bundle = await attest(Buffer.from(JSON.stringify(statement)), 'application/vnd.in-toto+json', options);
  } else {
    bundle = await sign(content, options);
  }
  fs.writeFileSync(out, JSON.stringify(bundle));
  console.log(bundle.mediaType);
})().catch((e) => { console.log('FAILED ' + (e && e.message ? e.message : String(e))); process.exit(1); });
