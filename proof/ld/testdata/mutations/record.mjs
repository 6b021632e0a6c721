#!/usr/bin/env node
// Records the JavaScript reference's verdict on every variant of
// mutants.json.gz into jsonld-js.json.gz: the canonical N-Quads that
// @digitalbazaar/eddsa-rdfc-2022-cryptosuite's canonicalization produces
// (jsonld.js in safe mode with the i18n-datatype rdfDirection, then
// rdf-canonize RDFC-1.0), or the error it throws.
//
// Usage: node record.mjs JS_REFERENCE_DIR
// where JS_REFERENCE_DIR is a copy of the project's JavaScript reference tool
// with its dependencies installed (npm ci). The variants are read as bytes
// and decoded as UTF-8 the way Node reads a file (invalid sequences become
// U+FFFD), then parsed with JSON.parse, as an application would.
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';
import zlib from 'node:zlib';

const ref = process.argv[2];
if(!ref) {
  console.error('usage: node record.mjs JS_REFERENCE_DIR');
  process.exit(2);
}
const {canonize} = await import(url.pathToFileURL(path.resolve(ref, 'lib/canon.mjs')));
const here = path.dirname(url.fileURLToPath(import.meta.url));
const mutants = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(here, 'mutants.json.gz'))));
const out = {};
for(const {name, doc} of mutants) {
  const text = Buffer.from(doc, 'base64').toString('utf8');
  try {
    out[name] = {nquads: await canonize(JSON.parse(text))};
  } catch(e) {
    out[name] = {error: `${e.name}: ${e.message}`.slice(0, 300)};
  }
}
fs.writeFileSync(path.join(here, 'jsonld-js.json.gz'), zlib.gzipSync(JSON.stringify(out, null, 0)));
console.log(`recorded ${Object.keys(out).length} verdicts`);
