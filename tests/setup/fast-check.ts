// Property tests draw from a fixed seed so that CI runs are reproducible; set FC_SEED to explore
// other draws locally (a failure prints the seed and path to replay it).
import fc from 'fast-check';

const seed = process.env.FC_SEED === undefined ? 20261124 : Number(process.env.FC_SEED);
fc.configureGlobal({ seed });
