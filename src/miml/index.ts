// Public surface of `infometa/miml`. Named re-exports only.
export {};
