import { ConfigSchema } from './schema.ts';
import { z } from 'zod';
import { describeExpected, type Schema, typeName, unwrapSchema } from './schema-walk.ts';

/**
 * The README's config reference, generated from the schema so the documentation cannot drift
 * from what the loader accepts (as actions/checkout generates its usage from action.yml).
 */

/** Markers around the generated config reference in README.md. */
export const REFERENCE_START = '<!-- config-reference:start -->';
/** End marker of the generated block (see `REFERENCE_START`). */
export const REFERENCE_END = '<!-- config-reference:end -->';

/** One documented key. */
export interface ReferenceRow {
  readonly key: string;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}

function formatDefault(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return `\`${value}\``;
  if (Array.isArray(value)) return `\`${JSON.stringify(value).replace(/,/g, ', ')}\``;
  if (typeof value === 'object' && value !== null) return '';
  return `\`${JSON.stringify(value).replace(/,/g, ', ')}\``;
}

/** `number ≥ 0`, `integer > 0 and ≤ 10000`: the type with the bounds the loader enforces. */
function typeWithBounds(schema: Schema): string {
  const { inner } = unwrapSchema(schema);
  if (inner instanceof z.ZodNumber) return describeExpected(schema).replace(/^an? /, '');
  return typeName(schema);
}

function walk(schema: Schema, key: string, rows: ReferenceRow[]): void {
  const { inner, description, optional, defaultValue } = unwrapSchema(schema);
  const isObject = inner instanceof z.ZodObject;
  const elements = inner instanceof z.ZodArray ? unwrapSchema(inner.element).inner : undefined;
  if (key !== '') {
    let fallback = '';
    if (defaultValue !== undefined) fallback = formatDefault(defaultValue.value);
    else if (!optional) fallback = 'required';
    rows.push({
      key: `\`${key}\``,
      type: typeWithBounds(schema),
      default: isObject && fallback !== 'required' ? '' : fallback,
      description: description ?? '',
    });
  }
  if (isObject) {
    const shape: Record<string, Schema> = inner.shape;
    for (const [child, childSchema] of Object.entries(shape)) {
      walk(childSchema, key === '' ? child : `${key}.${child}`, rows);
    }
  } else if (elements instanceof z.ZodObject) {
    const shape: Record<string, Schema> = elements.shape;
    for (const [child, childSchema] of Object.entries(shape))
      walk(childSchema, `${key}[].${child}`, rows);
  }
}

/** Every key of `.github/modelgate.yml` in schema order, nested keys dotted (`train.epochs`). */
export function configReferenceRows(): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  walk(ConfigSchema, '', rows);
  return rows;
}

/** A pipe inside a cell (enum choices `mlp | logistic`) must not split the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The reference as a markdown table, without the markers. */
export function renderConfigReference(): string {
  const lines = ['| Key | Type | Default | Description |', '| :-- | :-- | :-- | :-- |'];
  for (const row of configReferenceRows()) {
    lines.push(`| ${[row.key, row.type, row.default, row.description].map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * Replaces what lies between the reference markers in `document` with `reference`; null when
 * the document has no (well-ordered) marker pair.
 */
export function replaceReferenceBlock(document: string, reference: string): string | null {
  const start = document.indexOf(REFERENCE_START);
  const end = document.indexOf(REFERENCE_END);
  if (start === -1 || end === -1 || end < start) return null;
  const before = document.slice(0, start + REFERENCE_START.length);
  const after = document.slice(end);
  return `${before}\n\n${reference}\n\n${after}`;
}
