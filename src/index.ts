// The public surface of `infometa`: every layer, re-exported by name. Nothing is defined here.
export * from './core/index.js';
