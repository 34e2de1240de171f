import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/load.ts';
import { trainingPlan } from '../../src/train/training-plan.ts';

function train(yaml: string) {
  return parseConfig(`data: { path: d.csv }\ntrain: ${yaml}\n`, 'modelgate.yml').train;
}

describe('trainingPlan', () => {
  it('budgets optimiser steps when epochs is omitted, with early stopping on a validation split', () => {
    // 336 rows, 10% held out, batch 64: 5 steps an epoch, so 300 epochs at most (the cap).
    expect(trainingPlan(train('{}'), 336)).toEqual({
      epochs: 300,
      validationSplit: 0.1,
      patience: 10,
      auto: true,
    });
    // 1,437 rows: 21 steps an epoch (1,293 fitted), 143 epochs.
    expect(trainingPlan(train('{}'), 1437).epochs).toBe(143);
    // 48,000 rows: 675 steps an epoch; never fewer than 20 epochs.
    expect(trainingPlan(train('{}'), 48_000).epochs).toBe(20);
  });

  it('holds out no validation rows from a tiny table', () => {
    expect(trainingPlan(train('{}'), 60)).toEqual({
      epochs: 300,
      validationSplit: 0,
      patience: undefined,
      auto: true,
    });
  });

  it('keeps what the config says', () => {
    expect(trainingPlan(train('{ epochs: 4 }'), 336)).toEqual({
      epochs: 4,
      validationSplit: 0,
      patience: undefined,
      auto: false,
    });
    expect(trainingPlan(train('{ validation_split: 0.2, patience: 3 }'), 1000)).toMatchObject({
      validationSplit: 0.2,
      patience: 3,
      epochs: 231,
    });
  });
});
