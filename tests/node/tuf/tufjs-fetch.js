// Cross-check: the tuf-js client (an independent TUF implementation) refreshes a repository and downloads
// trusted_root.json. Usage: node tufjs-fetch.js REPO_URL INITIAL_ROOT WORK_DIR
// Prints {"ok":true,"sha256":...} and exits 0, or {"ok":false,"error":...} and exits 1.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { Updater } = require('tuf-js');

async function main() {
  const [url, initialRoot, workDir] = process.argv.slice(2);
  const metadataDir = path.join(workDir, 'metadata');
  const targetDir = path.join(workDir, 'targets');
  fs.mkdirSync(metadataDir, { recursive: true });
  fs.mkdirSync(targetDir, { recursive: true });
  if (!fs.existsSync(path.join(metadataDir, 'root.json'))) fs.copyFileSync(initialRoot, path.join(metadataDir, 'root.json'));
  const base = url.replace(/\/$/, '');
  const updater = new Updater({
    metadataBaseUrl: base, targetBaseUrl: `${base}/targets`, metadataDir, targetDir,
    config: { fetchRetries: 0, fetchTimeout: 10000 },
  });
  await updater.refresh();
  const info = await updater.getTargetInfo('trusted_root.json');
  if (!info) throw new Error('trusted_root.json is not a target');
  const file = await updater.downloadTarget(info, path.join(targetDir, 'trusted_root.json'));
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const root = JSON.parse(fs.readFileSync(path.join(metadataDir, 'root.json')));
  console.log(JSON.stringify({ ok: true, sha256, rootVersion: root.signed.version }));
}

main().catch((e) => {
  console.log(JSON.stringify({ ok: false, error: `${e.name}: ${e.message}` }));
  process.exit(1);
});
