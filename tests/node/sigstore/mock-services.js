// Local Sigstore services for ImageGate's tests: Fulcio, Rekor (v1) and a TSA from @sigstore/mock, served on
// 127.0.0.1 on a random port. Prints one JSON line {url, trustedRoot, signingConfig} and exits when stdin closes
// or after a timeout (seconds, argv[2], default 600).
'use strict';
const http = require('http');
const crypto = require('crypto');
const { initializeCA, initializeCTLog, initializeTLog, initializeTSA, fulcioHandler, rekorHandler, tsaHandler } = require('@sigstore/mock');

const timeoutSeconds = Number(process.argv[2] || 600);

function keyPair() {
  return crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

const b64 = (buf) => Buffer.from(buf.buffer ? Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) : buf).toString('base64');

function genTimeIsPortable(der) {
  for (let i = 0; i + 2 < der.length; i++) {
    if (der[i] !== 0x18) continue;
    const len = der[i + 1];
    if (len < 15 || len > 24) continue;
    const text = der.subarray(i + 2, i + 2 + len).toString('latin1');
    if (/^\d{14}(\.\d+)?Z$/.test(text)) return /^\d{14}(\.\d{3})?Z$/.test(text);
  }
  return true;
}

async function main() {
  const handlers = {};
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const handler = req.method === 'POST' ? handlers[req.url] : undefined;
      if (!handler) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found'); return; }
      try {
        const { statusCode, response, contentType } = await handler(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(statusCode, { 'Content-Type': contentType || 'text/plain' });
        res.end(typeof response === 'string' ? response : Buffer.from(response.buffer, response.byteOffset, response.byteLength));
      } catch (e) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(e));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;

  const ctlog = await initializeCTLog(keyPair());
  const ca = await initializeCA(keyPair(), ctlog);
  const tlog = await initializeTLog(url, keyPair());
  const tsa = await initializeTSA(keyPair());
  for (const h of [fulcioHandler(ca), rekorHandler(tlog)]) handlers[h.path] = h.fn;
  // The mock TSA writes GeneralizedTime with a variable-length fraction (".5Z"), which sigstore-js's parser
  // rejects unless it has exactly three digits: ask again (a few ms later) until the time has a form both accept.
  const tsaH = tsaHandler(tsa);
  handlers[tsaH.path] = async (body) => {
    for (let attempt = 0; ; attempt++) {
      const result = await tsaH.fn(body);
      if (attempt >= 20 || result.statusCode >= 300 || genTimeIsPortable(Buffer.from(result.response.buffer, result.response.byteOffset, result.response.byteLength))) return result;
      await new Promise((r) => setTimeout(r, 3));
    }
  };

  const start = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  const key = (raw) => ({ rawBytes: b64(raw), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } });
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{ baseUrl: url, hashAlgorithm: 'SHA2_256', publicKey: key(tlog.publicKey),
      logId: { keyId: crypto.createHash('sha256').update(tlog.publicKey).digest('base64') } }],
    certificateAuthorities: [{ subject: { organization: 'sigstore.mock', commonName: 'sigstore' }, uri: url,
      certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] }, validFor: { start } }],
    ctlogs: [{ baseUrl: url, hashAlgorithm: 'SHA2_256', publicKey: key(ctlog.publicKey), logId: { keyId: b64(ctlog.logID) } }],
    timestampAuthorities: [{ subject: { organization: 'sigstore.mock', commonName: 'tsa' }, uri: `${url}/api/v1/timestamp`,
      certChain: { certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }] }, validFor: { start } }],
  };
  const service = (u) => ({ url: u, majorApiVersion: 1, validFor: { start }, operator: 'sigstore.mock' });
  const signingConfig = {
    mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
    caUrls: [service(url)],
    oidcUrls: [],
    rekorTlogUrls: [service(url)],
    tsaUrls: [service(`${url}/api/v1/timestamp`)],
    rekorTlogConfig: { selector: 'ANY' },
    tsaConfig: { selector: 'ANY' },
  };
  process.stdout.write(JSON.stringify({ url, trustedRoot, signingConfig }) + '\n');

  const stop = () => { server.close(); process.exit(0); };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  setTimeout(stop, timeoutSeconds * 1000).unref();
}

main().catch((e) => { console.error(e); process.exit(1); });
