// Public surface of `infometa/meta`. Named re-exports only.
export {};
