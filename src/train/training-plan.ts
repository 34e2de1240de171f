import type { Config } from '../core/config/schema.ts';

/**
 * How long to train when the config does not say. A fixed default (20 epochs) under-trains
 * small tables: a few hundred rows at batch 64 are six optimiser steps an epoch, 120 in all,
 * and ended several points below scikit-learn's MLPClassifier on its defaults (up to 200
 * epochs, stopping when the loss stalls). So an unset `epochs` becomes an optimiser-step
 * budget, and early stopping on a validation split (Keras' restore_best_weights) ends the
 * run once the held-out loss stops improving, which keeps large tables fast and small ones
 * from over-fitting. Measured in docs/defaults.md.
 */

/** Optimiser steps an automatic run budgets for; enough for a few hundred rows to converge. */
export const AUTO_STEPS = 3000;
/** Bounds of the automatic epoch count. */
export const AUTO_EPOCHS = { min: 20, max: 300 } as const;
/** Share of the training rows early stopping watches when the config sets no split. */
export const AUTO_VALIDATION_SPLIT = 0.1;
/** Epochs without a better validation loss before an automatic run stops (sklearn's n_iter_no_change). */
export const AUTO_PATIENCE = 10;
/** Below this many training rows a validation split is too small to judge epochs by. */
export const MIN_ROWS_FOR_VALIDATION = 100;

/** The epochs, validation split and patience `fit` gets. */
export interface TrainingPlan {
  epochs: number;
  validationSplit: number;
  patience?: number | undefined;
  /** True when modelgate chose the epochs (and then early stopping is expected, not news). */
  auto: boolean;
}

/** The plan for `trainRows` rows under the config's `train` settings. */
export function trainingPlan(train: Config['train'], trainRows: number): TrainingPlan {
  if (train.epochs !== undefined) {
    return {
      epochs: train.epochs,
      validationSplit: train.validation_split ?? 0,
      patience: train.patience,
      auto: false,
    };
  }
  const validationSplit =
    train.validation_split ?? (trainRows >= MIN_ROWS_FOR_VALIDATION ? AUTO_VALIDATION_SPLIT : 0);
  const fitted = Math.max(1, Math.round(trainRows * (1 - validationSplit)));
  const steps = Math.ceil(fitted / train.batch_size);
  const epochs = Math.min(
    AUTO_EPOCHS.max,
    Math.max(AUTO_EPOCHS.min, Math.ceil(AUTO_STEPS / steps)),
  );
  return {
    epochs,
    validationSplit,
    patience: validationSplit > 0 ? (train.patience ?? AUTO_PATIENCE) : undefined,
    auto: true,
  };
}
