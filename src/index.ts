// The public surface of `infometa`: every layer, re-exported by name. Nothing is defined here.
export * from './core/index.js';
export * from './estimators/index.js';
export * from './miml/index.js';
export * from './meta/index.js';
export * from './dynamics/index.js';
