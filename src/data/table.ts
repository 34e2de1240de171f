/**
 * A dataset's in-memory form is defined in core (`src/core/table.ts`), where the drift
 * statistics read it; `src/data` reads files into it and re-exports it for its callers.
 */
export * from '../core/table.ts';
