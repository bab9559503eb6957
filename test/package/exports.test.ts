// The names each entry point exports, as a snapshot: any change to the public API shows up in review as a diff of
// test/package/__snapshots__/exports.test.ts.snap and has to be accepted deliberately (`vitest -u`).
import { describe, expect, it } from 'vitest';
import * as channels from '../../src/channels/index.js';
import * as core from '../../src/core/index.js';
import * as duckdb from '../../src/duckdb/index.js';
import * as dynamics from '../../src/dynamics/index.js';
import * as estimators from '../../src/estimators/index.js';
import * as all from '../../src/index.js';
import * as meta from '../../src/meta/index.js';
import * as miml from '../../src/miml/index.js';
import * as parallel from '../../src/parallel/index.js';

const entries: Record<string, Record<string, unknown>> = { core, estimators, channels, miml, meta, dynamics };

describe('public API', () => {
  it.each(Object.keys(entries))('infometa/%s exports', (name) => {
    expect(Object.keys(entries[name]).sort()).toMatchSnapshot();
  });
  it('infometa/duckdb exports (a Node entry of its own, outside infometa)', () => {
    expect(Object.keys(duckdb).sort()).toMatchSnapshot();
    for (const name of Object.keys(duckdb)) expect(name in all).toBe(false);
  });
  it('infometa/parallel exports (an entry of its own, outside infometa: it carries the worker script)', () => {
    expect(Object.keys(parallel).sort()).toMatchSnapshot();
    for (const name of Object.keys(parallel)) expect(name in all).toBe(false);
  });
  it("'infometa' re-exports every layer and defines nothing of its own", () => {
    const union = new Set(Object.values(entries).flatMap((m) => Object.keys(m)));
    expect(Object.keys(all).sort()).toEqual([...union].sort());
  });
});
