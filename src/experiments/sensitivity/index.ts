/** Global sensitivity estimators: Sobol' first/total-order indices and Morris elementary effects. */
export { sobolIndices, type SobolIndicesResult, type IndexEstimate } from './sobol-indices.ts';
export { morrisIndices, type MorrisIndicesResult, type MorrisFactorResult } from './morris-indices.ts';
export type { BootstrapOptions } from './bootstrap.ts';
