/** The predictions file's parser moved to core, where the Action's `predictions:` input reads it too. */
export * from '../../core/metrics/predictions-input.ts';
