import * as I from './src/index.js';
const m = I.mlp({ sizes: [1, 1] });
for (const o of [{ seed: 1.5 }, { init: 'x' }, { seed: -1 }, { seed: 2 ** 60 }, { init: null }, {seed: 1n}]) {
  try { I.maml({ model: m, ...(o as object) }); console.log('ok', o); } catch (e) { console.log(String(e)); }
}
try { console.log(m.apply(m.init(0), ['1'] as never)); } catch (e) { console.log(String(e)); }
