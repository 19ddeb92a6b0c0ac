import { describe, expect, it } from 'vitest';
import { dataCodeFingerprint } from '../../src/classify/code-fingerprint.ts';
import { datasetHash } from '../../src/classify/dataset.ts';

describe('dataset cache key', () => {
  it('includes a fingerprint of the data-producing source code', () => {
    const f = dataCodeFingerprint();
    expect(f).toMatch(/^[0-9a-f]{16}$/); // the sources are present in the repository
    expect(dataCodeFingerprint()).toBe(f);
    // the key differs from a hash of the runs alone, and is stable
    expect(datasetHash([])).toBe(datasetHash([]));
    expect(datasetHash([])).not.toBe(datasetHash([{ split: 'train', task: { x: 1 } } as never]));
  });
});
