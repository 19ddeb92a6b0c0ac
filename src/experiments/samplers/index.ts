/** Experiment designs (samplers): points in the unit hypercube and their map onto factor scales. */
export type { Design, GridDesign, LatinHypercubeDesign, SaltelliDesign, MorrisDesign } from './design.ts';
export { pointUnit, pointValues, valueMatrix } from './design.ts';
export type { Factor, UniformFactor, LogUniformFactor, NormalFactor, LevelsFactor } from './factor.ts';
export { FactorSchema, validateFactors, unitToValue, levelIndex } from './factor.ts';
export { gridDesign, GRID_MAX_POINTS } from './grid.ts';
export { latinHypercube, type LatinHypercubeOptions } from './latin-hypercube.ts';
export { saltelliDesign, saltelliRow, SALTELLI_MAX_FACTORS, type SaltelliRole } from './saltelli.ts';
export { morrisDesign, type MorrisOptions } from './morris.ts';
export { standardNormalCdf, standardNormalQuantile } from './normal.ts';
