import { describe, expect, it } from 'vitest';
import { dataCodeFingerprint } from '../../src/classify/code-fingerprint.ts';
import { datasetHash } from '../../src/classify/dataset.ts';

describe('dataset cache key', () => {
  it('changes with the data-producing source code, which is fingerprinted by default', () => {
    const f = dataCodeFingerprint();
    expect(f).toMatch(/^[0-9a-f]{16}$/); // the sources are present in the repository
    expect(dataCodeFingerprint()).toBe(f);
    expect(datasetHash([])).toBe(datasetHash([], f));
    // the same planned runs made by other code get another key (a stale cache is not reused)
    expect(datasetHash([], f)).not.toBe(datasetHash([], `${f}x`));
  });
});
