import fc from 'fast-check';
import { byName } from './test/fuzz/registry.ts';
import { caseOf } from './test/fuzz/target.ts';
import { fingerprint } from './test/fuzz/oracle.ts';
function seedOf(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}
const name = process.argv[2], idx = Number(process.argv[3]);
const t = byName.get(name)!;
const cases = fc.sample(caseOf(t), { seed: seedOf(13013, name), numRuns: 30 });
const a = cases[idx];
console.log(a.map((x) => fingerprint(x).slice(0, 200)));
try { console.log(t.call(a)); } catch (e) { console.log(String(e)); }
console.log(a.map((x) => fingerprint(x).slice(0, 200)));
