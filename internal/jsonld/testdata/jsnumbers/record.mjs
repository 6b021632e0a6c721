// Records how JavaScript (the engine jsonld.js runs on) writes numbers in
// the RDF step: for each double, String(v) holding "." (jsonld.js's
// isDouble), toFixed(0) and toExponential(15) with jsonld.js's rewrite of
// the exponent; and parseFloat of strings. Run with Node:
//   node record.mjs | gzip -9 > numbers.json.gz
// The doubles are given as the hex of their IEEE 754 bits, so that the file
// reads back exactly.
import {randomBytes} from 'node:crypto';

const buf = new DataView(new ArrayBuffer(8));
const bits = v => { buf.setFloat64(0, v); return buf.getBigUint64(0).toString(16).padStart(16, '0'); };
const fromBits = b => { buf.setBigUint64(0, b); return buf.getFloat64(0); };

const values = [0, -0, 1, -1, 0.5, 1e-7, -1e-7, 5e-7, 1.5e-7, 1e-6, 9e-7, 1e20, 1e21, -1e21, 1.7976931348623157e308,
  5e-324, 2.5, 1.1920928955078125e-7, 2 ** -30, 2 ** -40, 2 ** 60 + 2 ** 8, 123456789012345680000, 0.1, 1 / 3,
  9.999999999999999e22, 1.0000000000000002, 1.0000000000000004, 4.35, 0.000001, 0.0000015];
for (let e = -60; e <= 0; e++) values.push(2 ** e, 3 * 2 ** e, 5 * 2 ** e);
for (let i = 0; i < 3000; i++) {
  let b = 0n;
  for (const x of randomBytes(8)) b = (b << 8n) | BigInt(x);
  const v = fromBits(b);
  if (Number.isFinite(v)) values.push(v);
}
for (let i = 0; i < 1000; i++) { // values with few digits, small and large
  const d = 1 + Math.floor(Math.random() * 9);
  const e = Math.floor(Math.random() * 60) - 40;
  values.push(Number(`${d}e${e}`), -Number(`${d}.${Math.floor(Math.random() * 1e6)}e${e}`));
}
const numbers = values.map(v => ({
  bits: bits(v),
  dot: String(v).indexOf('.') !== -1,
  fixed: Math.abs(v) < 1e21 ? v.toFixed(0) : '',
  exp: v.toExponential(15).replace(/(\d)0*e\+?/, '$1E'),
}));
const strings = ['1.5', ' 1.5', '\u3000\u00a01.5e3x', '\ufeff2', '\u180e1', '1e', '1e+', '.5', '5.', '-.5e-3', '+Infinity',
  '-Infinity', 'Infinityx', 'infinity', 'NaN', '', ' ', '0x10', '1_000', '1e400', '-1e400', '1e-400', '-0', '2024-01-15',
  '00012.50', '1.7976931348623157e308', '1.7976931348623159e308', '4.9e-324', '2.4703282292062328e-324',
  '0.1000000000000000055511151231257827', '\u2028\u20297', '\u200b1', '\u00851', '\u205f\u202f\u16809'];
console.log(JSON.stringify({
  numbers,
  strings: strings.map(s => {
    const v = parseFloat(s);
    return {s, bits: bits(v), exp: v.toExponential(15).replace(/(\d)0*e\+?/, '$1E')};
  }),
}));
