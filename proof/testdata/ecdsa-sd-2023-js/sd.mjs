#!/usr/bin/env node
// Scratch harness: ecdsa-sd-2023 with Digital Bazaar's cryptosuite.
//   node sd.mjs sign KEY.json MANDATORY_JSON [--created ISO] < unsigned > base
//   node sd.mjs derive SELECTIVE_JSON < base > derived
//   node sd.mjs verify < derived
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as ecdsaSd2023Cryptosuite from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import {documentLoader} from './lib/loader.mjs';
import {loadKeyPair, readStdin} from './lib/keys.mjs';

const {createSignCryptosuite, createDiscloseCryptosuite, createVerifyCryptosuite} = ecdsaSd2023Cryptosuite;
const [cmd, ...rest] = process.argv.slice(2);
const input = JSON.parse(readStdin());
try {
  if(cmd === 'sign') {
    const key = await loadKeyPair(rest[0]);
    const mandatoryPointers = JSON.parse(rest[1]);
    const created = rest[2] === '--created' ? new Date(rest[3]) : new Date();
    const suite = new DataIntegrityProof({
      signer: key.keyPair.signer(), date: created,
      cryptosuite: createSignCryptosuite({mandatoryPointers})
    });
    const out = await vc.issue({credential: input, suite, documentLoader});
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else if(cmd === 'derive') {
    const selectivePointers = JSON.parse(rest[0]);
    const suite = new DataIntegrityProof({
      cryptosuite: createDiscloseCryptosuite({selectivePointers})
    });
    const out = await vc.derive({verifiableCredential: input, suite, documentLoader});
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else if(cmd === 'verify') {
    const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
    const r = await vc.verifyCredential({credential: input, suite, documentLoader});
    const errs = [];
    const push = e => { if(!e) return; if(Array.isArray(e)) return e.forEach(push); if(e.errors) push(e.errors); errs.push(`${e.name}: ${e.message}`); };
    push(r.error); for(const x of r.results || []) push(x.error);
    process.stdout.write(JSON.stringify({verified: r.verified, errors: errs}) + '\n');
    process.exit(r.verified ? 0 : 1);
  } else {
    throw new Error('unknown command ' + cmd);
  }
} catch(e) {
  console.error(`sd.mjs: ${e.name}: ${e.message}`, e.cause || '');
  process.exit(2);
}
