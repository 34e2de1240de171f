import { InputError } from '../../core/errors.ts';
import type { Task } from '../../core/metrics-report.ts';
import type { PredictionSet } from '../../core/significance/pairing.ts';
import { readTable } from '../../data/read-table.ts';
import { findColumn, type Table } from '../../data/table.ts';
import { inferTask, predictionsInput } from './metrics-input.ts';

/** The column of stable row identities that pairs two files' rows. */
export const ROW_ID_COLUMN = 'row_id';

function rowIds(table: Table): string[] | undefined {
  const column = findColumn(table, ROW_ID_COLUMN);
  if (!column) return undefined;
  if (column.kind !== 'categorical') throw new Error('row_id must be read as text');
  return column.values.map((id, i) => {
    if (id === null || id.trim() === '') {
      throw new InputError(
        `${table.path}: "${ROW_ID_COLUMN}" is empty on data row ${i + 1}; expected an id on every row.`,
      );
    }
    return id;
  });
}

/**
 * Reads a predictions file (the `metrics` layout plus an optional `row_id`) as one model's
 * predictions, validated as `modelgate metrics` validates it. Probability columns
 * (`proba_<label>`) are checked and then ignored: only `y_score` feeds ROC AUC.
 */
export async function readPredictionSet(path: string, task?: Task): Promise<PredictionSet> {
  let table = await readTable(path);
  // Ids are text: "007" and "7", or "1e5" and "100000", are different rows. Only a file whose
  // ids all look numeric is read again with the column kept as text.
  if (findColumn(table, ROW_ID_COLUMN)?.kind === 'numeric') {
    table = await readTable(path, { categorical: [ROW_ID_COLUMN] });
  }
  const parsed = predictionsInput(table, task ?? inferTask(table));
  const ids = rowIds(table);
  if (parsed.task === 'regression') {
    return { task: 'regression', rowIds: ids, ...parsed.input };
  }
  const score = findColumn(table, 'y_score');
  return {
    task: 'classification',
    rowIds: ids,
    yTrue: parsed.input.yTrue,
    yPred: parsed.input.yPred,
    // predictionsInput has checked every value is a probability in [0, 1].
    yScore: score?.kind === 'numeric' ? score.values : undefined,
  };
}
