import { z } from 'zod';

/** Any zod schema; wrappers return core types, so the walk works on those. */
export type Schema = z.core.$ZodType;

function descriptionOf(schema: Schema): string | undefined {
  return z.globalRegistry.get(schema)?.description;
}

/**
 * Reads the config schema as data: what a key expects, its default and its description. The
 * loader uses it to say what was expected when a value is wrong, and `scripts/config-docs.ts`
 * uses it to generate the README's config reference, so the two can never disagree.
 */

/** A schema with its wrappers (default, optional, nullable, refinements) peeled off. */
export interface UnwrappedSchema {
  /** The innermost schema that decides the value's shape. */
  readonly inner: Schema;
  /** `.describe()` text from the outermost wrapper that has one. */
  readonly description: string | undefined;
  /** True when the key may be left out (it has a default or is optional). */
  readonly optional: boolean;
  /** Whether a default applies, and which. */
  readonly defaultValue: { readonly value: unknown } | undefined;
}

/** Peels `.default()`, `.optional()`, `.nullable()` and transforms off a schema. */
export function unwrapSchema(schema: Schema): UnwrappedSchema {
  let current: Schema = schema;
  let description = descriptionOf(schema);
  let optional = false;
  let defaultValue: { value: unknown } | undefined;
  for (;;) {
    if (current instanceof z.ZodDefault) {
      optional = true;
      defaultValue ??= { value: current.def.defaultValue };
      current = current.unwrap();
    } else if (current instanceof z.ZodOptional) {
      optional = true;
      current = current.unwrap();
    } else if (current instanceof z.ZodNullable) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      // `.transform()` is a pipe from the input schema; the input is what a user writes.
      current = current.in;
    } else {
      break;
    }
    description ??= descriptionOf(current);
  }
  return { inner: current, description, optional, defaultValue };
}

/** The schema of `key` inside an object or array schema, if there is one. */
export function childSchema(schema: Schema, key: string | number): Schema | undefined {
  const { inner } = unwrapSchema(schema);
  if (inner instanceof z.ZodObject && typeof key === 'string') {
    const shape: Record<string, Schema> = inner.shape;
    return Object.hasOwn(shape, key) ? shape[key] : undefined;
  }
  if (inner instanceof z.ZodArray && typeof key === 'number') return inner.element;
  if (inner instanceof z.ZodRecord && typeof key === 'string') return inner.valueType;
  return undefined;
}

/** The schema at a zod issue path (`['gate', 2, 'max_drop']`), if the path exists in it. */
export function schemaAtPath(root: Schema, path: readonly PropertyKey[]): Schema | undefined {
  let current: Schema | undefined = root;
  for (const key of path) {
    if (current === undefined || typeof key === 'symbol') return undefined;
    current = childSchema(current, key);
  }
  return current;
}

/** The keys an object schema accepts, or undefined when the schema is not an object. */
export function objectKeys(schema: Schema): string[] | undefined {
  const { inner } = unwrapSchema(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : undefined;
}

/** Formats a zod path as a user writes it in YAML terms: `gate[2].max_drop`, `train.epochs`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function numberBounds(schema: z.ZodNumber): string {
  const parts: string[] = [];
  let lower: { value: number; inclusive: boolean } | undefined;
  let upper: { value: number; inclusive: boolean } | undefined;
  for (const check of schema.def.checks ?? []) {
    if (check instanceof z.core.$ZodCheckGreaterThan) {
      lower = { value: Number(check._zod.def.value), inclusive: check._zod.def.inclusive };
    } else if (check instanceof z.core.$ZodCheckLessThan) {
      upper = { value: Number(check._zod.def.value), inclusive: check._zod.def.inclusive };
    }
  }
  if (lower && upper && lower.inclusive && upper.inclusive) {
    return ` between ${lower.value} and ${upper.value}`;
  }
  if (lower) parts.push(`${lower.inclusive ? '≥' : '>'} ${lower.value}`);
  if (upper) parts.push(`${upper.inclusive ? '≤' : '<'} ${upper.value}`);
  return parts.length > 0 ? ` ${parts.join(' and ')}` : '';
}

function isInteger(schema: z.ZodNumber): boolean {
  return (schema.def.checks ?? []).some(
    (check) => check instanceof z.core.$ZodCheckNumberFormat && check._zod.def.format === 'safeint',
  );
}

function minLength(schema: z.ZodString): number {
  let minimum = 0;
  for (const check of schema.def.checks ?? []) {
    if (check instanceof z.core.$ZodCheckMinLength) minimum = check._zod.def.minimum;
  }
  return minimum;
}

/**
 * What a schema accepts, as a phrase that completes "must be …": `a number ≥ 0`,
 * `an integer between 1 and 10000`, `one of "mlp", "logistic", "linear"`, `a list of strings`.
 */
export function describeExpected(schema: Schema): string {
  const { inner } = unwrapSchema(schema);
  if (inner instanceof z.ZodNumber) {
    return `${isInteger(inner) ? 'an integer' : 'a number'}${numberBounds(inner)}`;
  }
  if (inner instanceof z.ZodString) {
    return minLength(inner) > 0 ? 'a non-empty string' : 'a string';
  }
  if (inner instanceof z.ZodBoolean) return 'true or false';
  if (inner instanceof z.ZodEnum) {
    return `one of ${inner.options.map((option) => JSON.stringify(option)).join(', ')}`;
  }
  if (inner instanceof z.ZodLiteral) return JSON.stringify(inner.value);
  if (inner instanceof z.ZodArray) return `a list of ${pluralNoun(inner.element)}`;
  if (inner instanceof z.ZodObject) {
    return `a mapping with keys ${Object.keys(inner.shape).join(', ')}`;
  }
  return 'a valid value';
}

function pluralNoun(schema: Schema): string {
  const { inner } = unwrapSchema(schema);
  if (inner instanceof z.ZodNumber) {
    const bounds = numberBounds(inner);
    return `${isInteger(inner) ? 'integers' : 'numbers'}${bounds}`;
  }
  if (inner instanceof z.ZodString) return minLength(inner) > 0 ? 'non-empty strings' : 'strings';
  if (inner instanceof z.ZodObject) return 'mappings';
  return 'values';
}

/** A short type name for the docs table: `number`, `integer`, `string[]`, `enum`, `object`. */
export function typeName(schema: Schema): string {
  const { inner } = unwrapSchema(schema);
  if (inner instanceof z.ZodNumber) return isInteger(inner) ? 'integer' : 'number';
  if (inner instanceof z.ZodString) return 'string';
  if (inner instanceof z.ZodBoolean) return 'boolean';
  if (inner instanceof z.ZodEnum) {
    // Punctuation choices (delimiters) are quoted, and a tab spelt, or the cell reads ", | ; |".
    const shown = (option: string) => (/^[\w.-]+$/.test(option) ? option : JSON.stringify(option));
    return inner.options.map((option) => shown(String(option))).join(' | ');
  }
  if (inner instanceof z.ZodArray) {
    const element = unwrapSchema(inner.element).inner;
    return element instanceof z.ZodObject ? 'list of rules' : `${typeName(inner.element)}[]`;
  }
  if (inner instanceof z.ZodObject) return 'mapping';
  return 'value';
}
