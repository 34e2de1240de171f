import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModelConfigSchema } from '../core/config/schema.ts';
import { InputError, errorMessage } from '../core/errors.ts';
import type { Task } from '../core/metrics-report.ts';
import type { TF } from './backend.ts';
import type { z } from 'zod';
import type * as tfTypes from '@tensorflow/tfjs';

/** The `model:` section of the config. */
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
type Activation = ModelConfig['activation'];

/** One dense layer of a built-in model, kept by reference so the training loop can run it fused. */
export interface DenseStep {
  kernel: tfTypes.Variable;
  bias: tfTypes.Variable;
  /** Activation after the layer; 'linear' for the output layer (losses work on logits). */
  activation: Activation | 'linear';
  /** Dropout rate applied after the activation while training. */
  dropout: number;
}

/**
 * A model plus what training needs to know about it. Built-in models expose their dense
 * stack, so the loop can run them as fused matMul kernels with seeded dropout; a user's
 * module is a black box trained through `model.apply`.
 */
export interface BuiltModel {
  model: tfTypes.LayersModel;
  /** `mlp`, `logistic`, `linear` or `module:<path>`. */
  type: string;
  /** The dense stack of a built-in model; undefined for a user module. */
  dense?: DenseStep[];
  /** L2 factor on the kernels of a built-in model (added to the loss by the loop). */
  l2: number;
}

/** What a model must accept and produce: what `createModel` of a user module receives. */
export interface ModelShape {
  inputs: number;
  /** Number of classes, or 1 for regression. */
  outputs: number;
  task: Task;
}

function outputActivation(task: Task): 'softmax' | 'linear' {
  return task === 'classification' ? 'softmax' : 'linear';
}

function buildBuiltIn(tf: TF, config: ModelConfig, shape: ModelShape, seed: number): BuiltModel {
  const hidden = config.type === 'mlp' ? config.hidden : [];
  const model = tf.sequential();
  const layers: tfTypes.layers.Layer[] = [];
  const widths = [...hidden, shape.outputs];
  widths.forEach((units, i) => {
    const last = i === widths.length - 1;
    const layer = tf.layers.dense({
      units,
      inputShape: i === 0 ? [shape.inputs] : undefined,
      activation: last ? outputActivation(shape.task) : config.activation,
      // Each layer gets its own seed, derived from the run's, so runs repeat exactly.
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }),
      biasInitializer: 'zeros',
      kernelRegularizer: config.l2 > 0 ? tf.regularizers.l2({ l2: config.l2 }) : undefined,
    });
    model.add(layer);
    layers.push(layer);
    if (!last && config.dropout > 0) model.add(tf.layers.dropout({ rate: config.dropout }));
  });
  const dense = layers.map((layer, i): DenseStep => {
    const [kernel, bias] = layer.trainableWeights.map((weight) => weight.read());
    if (!(kernel instanceof tf.Variable) || !(bias instanceof tf.Variable)) {
      throw new Error(`Dense layer ${i} has no kernel and bias variables.`);
    }
    const last = i === layers.length - 1;
    return {
      kernel,
      bias,
      activation: last ? 'linear' : config.activation,
      dropout: last ? 0 : config.dropout,
    };
  });
  return { model, type: config.type, dense, l2: config.l2 };
}

async function buildFromModule(tf: TF, path: string, shape: ModelShape): Promise<BuiltModel> {
  const url = pathToFileURL(resolve(path)).href;
  let exports: unknown;
  try {
    exports = await import(url);
  } catch (error) {
    // Node's "Cannot find module X imported from <our file>" names our internals, not the
    // user's problem.
    const missing =
      error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND';
    throw new InputError(
      missing && !existsSync(resolve(path))
        ? `Model module ${path} does not exist (resolved to ${resolve(path)}); expected an ES module file exporting createModel.`
        : `Cannot load model module ${path} (${errorMessage(error).split('\n')[0]}); expected an ES module file.`,
    );
  }
  const createModel =
    typeof exports === 'object' && exports !== null && 'createModel' in exports
      ? exports.createModel
      : undefined;
  if (typeof createModel !== 'function') {
    throw new InputError(
      `Model module ${path} does not export a function createModel(tf, { inputs, outputs, task }).`,
    );
  }
  let model: unknown;
  try {
    model = await createModel(tf, { ...shape });
  } catch (error) {
    // The user's code failed, not modelgate: bad input (exit 2), not a crash or a gate failure.
    throw new InputError(
      `createModel in ${path} threw: ${errorMessage(error).split('\n')[0]}; expected it to return a tf.LayersModel.`,
    );
  }
  if (!(model instanceof tf.LayersModel)) {
    throw new InputError(
      `createModel in ${path} returned ${typeof model}; expected a tf.LayersModel built with the tf passed in (tf.sequential() or tf.model()).`,
    );
  }
  const output = model.outputs[0]?.shape;
  if (model.outputs.length !== 1 || output?.length !== 2 || output[1] !== shape.outputs) {
    throw new InputError(
      `The model of ${path} outputs shape ${JSON.stringify(output)}; expected [null, ${shape.outputs}] (${shape.task === 'classification' ? 'one probability per class, softmax' : 'one value'}).`,
    );
  }
  return { model, type: `module:${path}`, l2: 0 };
}

/** Builds the configured model: a user module when `module` is set, else a built-in one. */
export async function buildModel(
  tf: TF,
  config: ModelConfig,
  shape: ModelShape,
  seed: number,
): Promise<BuiltModel> {
  if (config.module) return buildFromModule(tf, config.module, shape);
  return buildBuiltIn(tf, config, shape, seed);
}
