/**
 * Save and load a tfjs layers model as `model.json` + `weights.bin` (the standard layers format,
 * loadable with `tf.loadLayersModel` in a browser) without tfjs-node, through
 * `tf.io.withSaveHandler` / `tf.io.fromMemory` (TOOLCHAIN.md § TensorFlow.js).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from './tf-setup.ts';

/**
 * Write model.json and weights.bin into dir.
 * @param model a tfjs layers model
 * @param dir output directory (created)
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData ? new Uint8Array(artifacts.weightData as ArrayBuffer) : new Uint8Array(0);
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      writeFileSync(join(dir, 'weights.bin'), weights);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/**
 * Load model.json + weights.bin from dir.
 * @throws Error when the files are missing or malformed
 */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const parts = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
  const buf = Buffer.concat(parts);
  const weightData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
}
