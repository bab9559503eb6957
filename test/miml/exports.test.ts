import { describe, expect, it } from 'vitest';
import * as miml from '../../src/miml/index.js';
import * as root from '../../src/index.js';

describe('infometa/miml entry point', () => {
  it('exports exactly these names (an API change must be deliberate)', () => {
    expect(Object.keys(miml).sort()).toEqual([
      'DependencyMatrix',
      'TaskCounter',
      'dependencyHeatmapSVG',
      'groupTasks',
      'selectRelatedTasks',
      'taskCountsFromRows',
      'taskCountsSQL',
      'taskDependencyFromCooccurrence',
      'taskDependencyFromCounts',
      'taskDependencyFromPredictions',
      'taskDependencyGradient',
      'taskDependencyMatrix',
    ]);
  });

  it('is re-exported from infometa', () => {
    for (const [name, value] of Object.entries(miml)) expect((root as Record<string, unknown>)[name]).toBe(value);
  });
});
