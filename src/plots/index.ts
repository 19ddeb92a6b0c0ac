// Public API of the figure system: style, figure builders (pure: data → plotly spec), exporters.
export * from './spec.ts';
export * from './style.ts';
export * from './export.ts';
export * from './figures/mtc-over-run.ts';
export * from './figures/ankle-cycle.ts';
export * from './figures/capacity-drive.ts';
export * from './figures/capacity-compare.ts';
export * from './figures/heatmap.ts';
export * from './figures/sobol-bars.ts';
export * from './figures/imu-trace.ts';
export * from './figures/classifier.ts';
