// The embedded binary (src/autodiff/wasm/gemm-binary.ts) is the assembly of gemm.wat: rebuild with
// `npm run build:wasm` after editing the .wat. Node only (reads files, runs wabt).
import { describe, expect, it } from 'vitest';
import { GEMM_WASM_BASE64 } from '../../src/autodiff/wasm/gemm-binary.js';
import { assembleGemm, binarySource } from '../helpers/build-wasm.js';
import { readFileSync } from 'node:fs';
import { binaryPath } from '../helpers/build-wasm.js';

describe('gemm.wat', () => {
  it('assembles to the embedded binary, which stays under the 4 KB synchronous-compile limit of browsers', async () => {
    const bytes = await assembleGemm();
    expect(Buffer.from(bytes).toString('base64')).toBe(GEMM_WASM_BASE64);
    expect(readFileSync(binaryPath, 'utf8')).toBe(binarySource(bytes));
    expect(bytes.length).toBeLessThan(4096);
  });
});
