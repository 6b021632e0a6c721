import jsigs from 'jsonld-signatures';
import {Ed25519Signature2018} from '@digitalbazaar/ed25519-signature-2018';
import {Ed25519VerificationKey2018} from '@digitalbazaar/ed25519-verification-key-2018';
import fs from 'node:fs';
const {purposes: {AssertionProofPurpose}} = jsigs;
const shared = process.env.JSREF_SHARED;
const contexts = {
  'https://www.w3.org/2018/credentials/v1': JSON.parse(fs.readFileSync(shared + '/spec/contexts/credentials-v1.jsonld')),
  'https://w3id.org/security/suites/ed25519-2018/v1': JSON.parse(fs.readFileSync('node_modules/ed25519-signature-2018-context/contexts/ed25519-signature-2018-v1.jsonld', 'utf8')),
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': JSON.parse(fs.readFileSync(shared + '/spec/contexts/ob-v3p0-context-3.0.3.json')),
};
const documentLoader = async url => {
  if(contexts[url]) return {contextUrl: null, documentUrl: url, document: contexts[url]};
  throw new Error('not found ' + url);
};
const seed = Uint8Array.from(Buffer.from(process.argv[2], 'hex'));
const key = await Ed25519VerificationKey2018.generate({seed});
const fp = key.fingerprint();
key.controller = 'did:key:' + fp;
key.id = key.controller + '#' + fp;
const doc = JSON.parse(fs.readFileSync(0, 'utf8'));
doc.issuer = key.controller;
const suite = new Ed25519Signature2018({key, date: process.argv[3]});
const signed = await jsigs.sign(doc, {suite, purpose: new AssertionProofPurpose(), documentLoader});
const result = await jsigs.verify(signed, {suite: new Ed25519Signature2018({key}), purpose: new AssertionProofPurpose({controller: {id: key.controller, assertionMethod: [key.id]}}), documentLoader});
if(!result.verified) { console.error(JSON.stringify(result, null, 2)); process.exit(1); }
process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
