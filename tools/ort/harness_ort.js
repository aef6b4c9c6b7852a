#!/usr/bin/env node
// Run ONNX Runtime (CPU) on reluref golden vectors; write a results file.
//
// usage: node harness_ort.js RELUREF VECTORS RESULTS [--dtype float32|float64]
//
// Each test group's network is exported to ONNX by `RELUREF convert`
// (Gemm + Relu nodes, initializers rounded once to the dtype), loaded in an
// InferenceSession, and run on each test.  Inputs are
// the vector file's binary32 / binary64 values (hex floats, parsed exactly).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const ort = require('onnxruntime-node');

function hexToNumber(s) {
  // C99 hex float "-0x1.8p-3", "inf", "nan" -> JS number (exact for binary64)
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  if (s === 'nan') return NaN;
  const m = /^(-?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]?\d+)$/i.exec(s);
  if (!m) throw new Error('bad hex float ' + s);
  const frac = m[3] || '';
  let v = BigInt('0x' + m[2] + frac);
  let e = parseInt(m[4], 10) - 4 * frac.length;
  // v * 2^e exactly: scale in steps to avoid overflow of intermediates
  let r = Number(v); // exact: at most 53 significant bits in our files
  while (e > 0) { const s2 = Math.min(e, 1000); r *= Math.pow(2, s2); e -= s2; }
  while (e < 0) { const s2 = Math.min(-e, 1000); r /= Math.pow(2, s2); e += s2; }
  return m[1] ? -r : r;
}

function hexOf(x) {
  // binary64 -> C99 hex float, as printf("%a")
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  if (x === 0) return Object.is(x, -0) ? '-0x0p+0' : '0x0p+0';
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0), lo = buf.getUint32(4);
  const sign = hi >>> 31 ? '-' : '';
  let exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let lead = '1';
  if (exp === 0) { lead = '0'; exp = -1022; } else exp -= 1023;
  let digits = mant.toString(16).padStart(13, '0').replace(/0+$/, '');
  return sign + '0x' + lead + (digits ? '.' + digits : '') + 'p' + (exp >= 0 ? '+' : '') + exp;
}

async function main() {
  const args = process.argv.slice(2);
  let dtype = 'float32';
  const i = args.indexOf('--dtype');
  if (i >= 0) { dtype = args[i + 1]; args.splice(i, 2); }
  if (args.length !== 3) {
    console.error('usage: harness_ort.js RELUREF VECTORS RESULTS [--dtype float32|float64]');
    process.exit(2);
  }
  const [bin, vecPath, outPath] = args;
  const prec = dtype === 'float64' ? 'binary64' : 'binary32';
  const vec = JSON.parse(fs.readFileSync(vecPath, 'utf8'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rr-ort-'));
  const results = [];
  try {
    for (const g of vec.testGroups) {
      const netFile = path.join(tmp, 'net.json'), onnxFile = path.join(tmp, 'net.onnx');
      fs.writeFileSync(netFile, JSON.stringify(g.network));
      const conv = [ 'convert', netFile, onnxFile ];
      if (dtype === 'float32') conv.push('--float32');
      try {
        execFileSync(bin, conv, { stdio: ['ignore', 'ignore', 'ignore'] });
      } catch (e) {
        // not representable in this dtype (e.g. 2^300 in binary32): no
        // results for this group; `reluref check` counts them as missing
        continue;
      }
      const sess = await ort.InferenceSession.create(onnxFile);
      const d = g.network.architecture[0];
      const tests = g.tests;
      const Arr = dtype === 'float64' ? Float64Array : Float32Array;
      // reluref's ONNX export declares a batch of 1: one run per test
      for (const t of tests) {
        const X = new Arr(d);
        t.input[prec].forEach((h, j) => { X[j] = hexToNumber(h); });
        const feeds = {};
        feeds[sess.inputNames[0]] = new ort.Tensor(dtype, X, [1, d]);
        const out = (await sess.run(feeds))[sess.outputNames[0]];
        results.push({ tcId: t.tcId, output: Array.from(out.data, hexOf) });
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const doc = { format: 'reluref-results', version: 1,
                implementation: 'ONNX Runtime ' + (ort.env.versions ? ort.env.versions.common : '') + ' CPU ' + prec,
                precision: prec, results };
  fs.writeFileSync(outPath + '.tmp', JSON.stringify(doc));
  fs.renameSync(outPath + '.tmp', outPath);
}

main().catch((e) => { console.error('harness_ort: ' + e.message); process.exit(3); });
