import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { z } from 'zod';
import { MODEL_FILES } from '../core/constants.ts';
import { InputError, errorMessage } from '../core/errors.ts';
import { formatIssue } from '../core/config/format-issue.ts';
import { parseJsonText } from '../core/json-text.ts';
import { writeFileAtomic, writeJsonAtomic } from '../data/atomic-write.ts';
import { readUserText } from '../data/read-text.ts';
import type { TF } from './backend.ts';

/** What a model path should hold, for error messages. */
export const MODEL_DIR_EXPECTED = 'the model/ directory written by `modelgate train`';

/** A model serialised in memory in the TF.js layers format, ready to be written. */
export interface SerializedModel {
  /** The content of model.json (topology + weights manifest). */
  json: Record<string, unknown>;
  weights: Uint8Array;
}

/**
 * Serialises a model with `tf.io.withSaveHandler`: `model.save('file://…')` exists only in
 * tfjs-node, and the in-memory route also gives the byte size for metrics.json before
 * anything is written. The layout is what `tfjs.converters` writes and `tf.loadLayersModel`
 * reads: model.json with a weights manifest pointing at one weights.bin.
 */
export async function serializeModel(tf: TF, model: tfTypes.LayersModel): Promise<SerializedModel> {
  let serialized: SerializedModel | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const joined =
        data === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(data);
      serialized = {
        json: {
          format: artifacts.format ?? 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: artifacts.convertedBy ?? null,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: [MODEL_FILES.weights], weights: artifacts.weightSpecs ?? [] }],
        },
        weights: new Uint8Array(joined),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!serialized) throw new Error('TensorFlow.js did not hand the model to the save handler.');
  return serialized;
}

/** Writes model.json and weights.bin into `dir`. */
export async function writeModel(dir: string, model: SerializedModel): Promise<void> {
  await writeFileAtomic(join(dir, MODEL_FILES.weights), model.weights);
  await writeJsonAtomic(join(dir, MODEL_FILES.modelJson), model.json);
}

const WeightSpecSchema = z
  .object({
    name: z.string(),
    shape: z.array(z.number().int().nonnegative()),
    dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
  })
  .passthrough();
const ModelJsonSchema = z
  .object({
    modelTopology: z.record(z.string(), z.unknown()),
    weightsManifest: z.array(
      z.object({
        paths: z.array(z.string().regex(/^[^/\\]+$/, 'a file name in the model directory')),
        weights: z.array(WeightSpecSchema),
      }),
    ),
  })
  .passthrough();

/** Loads a layers model written by `writeModel` (or by the TF.js converter) from `dir`. */
export async function loadModel(tf: TF, dir: string): Promise<tfTypes.LayersModel> {
  const path = join(dir, MODEL_FILES.modelJson);
  const text = await readUserText(path, 'The model file', MODEL_DIR_EXPECTED);
  const raw = parseJsonText(text, path, MODEL_DIR_EXPECTED);
  const parsed = ModelJsonSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const detail = issue === undefined ? 'does not match' : formatIssue(ModelJsonSchema, issue);
    throw new InputError(`${path} is not a TF.js layers model: ${detail}.`);
  }
  const json = parsed.data;
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  const buffers: Uint8Array[] = [];
  for (const file of json.weightsManifest.flatMap((group) => group.paths)) {
    try {
      buffers.push(await readFile(join(dir, file)));
    } catch {
      throw new InputError(
        `${join(dir, file)} does not exist; model.json lists it as a weights file.`,
      );
    }
  }
  const weightData = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  buffers.reduce((offset, b) => (weightData.set(b, offset), offset + b.byteLength), 0);
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData: weightData.buffer,
      }),
    );
  } catch (error) {
    throw new InputError(`Cannot load the model in ${dir} (${errorMessage(error)}).`);
  }
}
