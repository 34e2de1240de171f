/**
 * Thrown by a metric function where scikit-learn 1.2.1 raises `ValueError` because the metric
 * has no value for these inputs (ROC AUC with one class in `y_true`, log loss with a single
 * label). The reports turn it into `null` plus a line in `warnings` (DESIGN.md §5); it is
 * neither a user mistake (`InputError`) nor a bug.
 */
export class UndefinedMetricError extends Error {
  override name = 'UndefinedMetricError';
}
