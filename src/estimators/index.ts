// Public surface of `infometa/estimators`. Named re-exports only.
export {};
