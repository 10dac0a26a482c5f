// Writes signed TUF test repositories with @tufjs/models (the TUF reference ecosystem), independently of
// ImageGate's TUF client. Usage: node make-repos.js OUT_DIR TRUSTED_ROOT_JSON
// OUT_DIR/initial-root.json is the client's first root; each OUT_DIR/<scenario>/ is a repository to serve.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { Metadata, Root, Timestamp, Snapshot, Targets, Key, MetaFile, TargetFile, Signature } = require('@tufjs/models');
const { canonicalize } = require('@tufjs/canonical-json');

const [outDir, trustedRootPath] = process.argv.slice(2);
if (!outDir || !trustedRootPath) {
  console.error('usage: node make-repos.js OUT_DIR TRUSTED_ROOT_JSON');
  process.exit(2);
}
const SPEC = '1.0.31';
const DAY = 24 * 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const future = iso(Date.now() + 365 * DAY);
const past = iso(Date.now() - DAY);

// A signing key: ed25519 (hex public), ecdsa P-256 as Sigstore writes it (keytype "ecdsa", PEM public),
// or the older "ecdsa-sha2-nistp256" keytype with a hex public point.
function makeKey(kind) {
  let pair, keyType, keyVal;
  if (kind === 'ed25519') {
    pair = crypto.generateKeyPairSync('ed25519');
    const raw = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
    keyType = 'ed25519';
    keyVal = { public: raw.toString('hex') };
  } else {
    pair = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    if (kind === 'ecdsa-pem') {
      keyType = 'ecdsa';
      keyVal = { public: pair.publicKey.export({ format: 'pem', type: 'spki' }) };
    } else {
      const spki = pair.publicKey.export({ format: 'der', type: 'spki' });
      keyType = 'ecdsa-sha2-nistp256';
      keyVal = { public: spki.subarray(spki.length - 65).toString('hex') };
    }
  }
  const scheme = keyType === 'ed25519' ? 'ed25519' : 'ecdsa-sha2-nistp256';
  const body = { keytype: keyType, scheme, keyval: keyVal };
  const keyID = crypto.createHash('sha256').update(canonicalize(body)).digest('hex');
  const key = new Key({ keyID, keyType, scheme, keyVal });
  const sign = (data) => new Signature({
    keyID,
    sig: crypto.sign(keyType === 'ed25519' ? null : 'sha256', data, pair.privateKey).toString('hex'),
  });
  return { key, sign };
}

const root1 = [makeKey('ed25519'), makeKey('ecdsa-pem')];
const root2 = [makeKey('ecdsa-hex'), makeKey('ed25519')];
const tsKey = makeKey('ecdsa-pem');
const snapKey = makeKey('ed25519');
const targetsKey = makeKey('ecdsa-hex');
const tsKey2 = makeKey('ed25519');

function rootMeta(version, rootKeys, expires = future, ts = tsKey) {
  const all = [...rootKeys, ts, snapKey, targetsKey];
  const keys = Object.fromEntries(all.map((k) => [k.key.keyID, k.key.toJSON()]));
  const role = (ks, threshold) => ({ keyids: ks.map((k) => k.key.keyID), threshold });
  return new Metadata(Root.fromJSON({
    _type: 'root', spec_version: SPEC, version, expires, keys, consistent_snapshot: true,
    roles: { root: role(rootKeys, 2), timestamp: role([ts], 1), snapshot: role([snapKey], 1), targets: role([targetsKey], 1) },
  }));
}

function signed(md, signers) {
  for (const s of signers) md.sign(s.sign, true);
  return Buffer.from(JSON.stringify(md.toJSON(), null, 1));
}

const hashes = (bytes) => ({
  sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
  sha512: crypto.createHash('sha512').update(bytes).digest('hex'),
});

const trustedRoot = fs.readFileSync(trustedRootPath);

// Builds the files of one repository; options change one thing each.
function build(o = {}) {
  const files = {};
  files['1.root.json'] = signed(rootMeta(1, root1), root1);
  const v2 = rootMeta(o.root2Version ?? 2, root2, o.root2Expires ?? future);
  files['2.root.json'] = signed(v2, o.root2SignedByNewOnly ? root2 : [...root1, ...root2]);
  // A third root that rotates the timestamp key: trust in the old timestamp (and its version) ends.
  if (o.rotateTimestampKey) files['3.root.json'] = signed(rootMeta(3, root2, future, tsKey2), root2);

  const targetBytes = o.targetContent ?? trustedRoot;
  const listed = o.listedTarget ?? targetBytes;
  const targetsVersion = o.targetsVersion ?? 2;
  const snapshotVersion = o.snapshotVersion ?? 3;
  const targets = new Metadata(new Targets({ version: targetsVersion, specVersion: SPEC, expires: future }));
  targets.signed.addTarget(new TargetFile({ path: 'trusted_root.json', length: listed.length, hashes: hashes(listed) }));
  const targetsBytes = signed(targets, [targetsKey]);
  files[`${targetsVersion}.targets.json`] = targetsBytes;
  const h = hashes(listed);
  files[`targets/${h.sha256}.trusted_root.json`] = targetBytes;
  files[`targets/${h.sha512}.trusted_root.json`] = targetBytes;

  const snapshotOf = (expires) => signed(new Metadata(new Snapshot({
    version: snapshotVersion, specVersion: SPEC, expires,
    meta: { 'targets.json': new MetaFile({ version: targetsVersion, length: targetsBytes.length, hashes: hashes(targetsBytes) }) },
  })), [snapKey]);
  const snapshotBytes = snapshotOf(future);
  // snapshot-hash: timestamp describes this snapshot, but a differently signed one (other expiry) is served.
  files[`${snapshotVersion}.snapshot.json`] = o.serveOtherSnapshot ? snapshotOf(iso(Date.now() + 300 * DAY)) : snapshotBytes;

  const timestamp = new Metadata(new Timestamp({
    version: o.timestampVersion ?? 5, specVersion: SPEC, expires: o.timestampExpires ?? future,
    snapshotMeta: new MetaFile({ version: snapshotVersion, length: snapshotBytes.length, hashes: hashes(snapshotBytes) }),
    unrecognizedFields: o.padding ? { 'x-imagegate-padding': 'x'.repeat(o.padding) } : undefined,
  }));
  files['timestamp.json'] = signed(timestamp, [o.timestampSigner ?? (o.rotateTimestampKey ? tsKey2 : tsKey)]);
  return files;
}

const tampered = Buffer.from(trustedRoot);
tampered[tampered.length - 2] ^= 0x20;
const scenarios = {
  good: build(),
  'bad-rotation': build({ root2SignedByNewOnly: true }),
  'bad-root-version': build({ root2Version: 3 }),
  'expired-root': build({ root2Expires: past }),
  'expired-timestamp': build({ timestampExpires: past }),
  'timestamp-wrong-key': build({ timestampSigner: snapKey }),
  rollback: build({ timestampVersion: 4 }),
  // Newer timestamp and snapshot, but the snapshot lists targets.json at version 1 (below the trusted 2).
  'timestamp-key-rotated': build({ rotateTimestampKey: true, timestampVersion: 1 }),
  'targets-rollback': build({ timestampVersion: 6, snapshotVersion: 4, targetsVersion: 1 }),
  'snapshot-hash': build({ serveOtherSnapshot: true }),
  'oversize-timestamp': build({ padding: 20000 }),
  'target-hash': build({ targetContent: tampered, listedTarget: trustedRoot }),
  'target-length': build({ targetContent: Buffer.concat([trustedRoot, Buffer.from('\n\n')]), listedTarget: trustedRoot }),
};

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'initial-root.json'), scenarios.good['1.root.json']);
for (const [name, files] of Object.entries(scenarios)) {
  for (const [file, bytes] of Object.entries(files)) {
    const p = path.join(outDir, name, file);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, bytes);
  }
}
console.log(JSON.stringify({ scenarios: Object.keys(scenarios), targetSha256: hashes(trustedRoot).sha256 }));
