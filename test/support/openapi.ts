import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Exchange, ExchangeValidator } from '../../src/sandbox/index.ts';

/**
 * Validates REST exchanges against GitHub's OpenAPI description (the committed subset made by
 * `scripts/openapi-subset.mjs` from `@octokit/openapi`). Pass `createOpenApiValidator()` as
 * `startSandbox({ validate })` and assert `sandbox.violations` is empty at the end of a test:
 * every request body the sandbox accepted and every response it sent then has the shape
 * GitHub documents.
 */

interface SubsetOperation {
  operationId: string;
  requestBody?: { required: boolean; schema: unknown };
  responses: Record<string, { schema?: unknown }>;
}

interface Subset {
  source: string;
  paths: Record<string, Record<string, SubsetOperation>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the committed subset (shape-checked, not trusted blindly). */
export function loadSubset(): Subset {
  const raw: unknown = JSON.parse(
    readFileSync(new URL('../fixtures/openapi/subset.json', import.meta.url), 'utf8'),
  );
  if (!isRecord(raw) || typeof raw['source'] !== 'string' || !isRecord(raw['paths'])) {
    throw new Error(
      'test/fixtures/openapi/subset.json is not an OpenAPI subset; regenerate it with scripts/openapi-subset.mjs',
    );
  }
  const paths: Subset['paths'] = {};
  for (const [path, operations] of Object.entries(raw['paths'])) {
    if (!isRecord(operations)) continue;
    paths[path] = {};
    for (const [method, operation] of Object.entries(operations)) {
      if (!isRecord(operation) || !isRecord(operation['responses'])) continue;
      const responses: SubsetOperation['responses'] = {};
      for (const [status, response] of Object.entries(operation['responses'])) {
        responses[status] =
          isRecord(response) && 'schema' in response ? { schema: response['schema'] } : {};
      }
      const body = operation['requestBody'];
      paths[path][method] = {
        operationId: String(operation['operationId']),
        responses,
        ...(isRecord(body)
          ? { requestBody: { required: body['required'] === true, schema: body['schema'] } }
          : {}),
      };
    }
  }
  return { source: raw['source'], paths };
}

/**
 * Adapts GitHub's OpenAPI 3.0 schemas to what JSON Schema validators check:
 * - `oneOf` becomes `anyOf`: GitHub uses oneOf where alternatives overlap (every error body
 *   matches both `basic-error` and `repository-rule-violation-error`), so a strict oneOf would
 *   reject responses GitHub really sends;
 * - `nullable` + `enum` gets `null` in the enum (OpenAPI 3.0 semantics; ajv only widens `type`),
 *   and `nullable` without `type` becomes `anyOf [schema, null]`.
 */
export function adaptSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(adaptSchema);
  if (!isRecord(schema)) return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    result[key === 'oneOf' ? 'anyOf' : key] =
      key === 'enum' || key === 'example' || key === 'examples' ? value : adaptSchema(value);
  }
  if (
    result['nullable'] === true &&
    Array.isArray(result['enum']) &&
    !result['enum'].includes(null)
  ) {
    result['enum'] = [...result['enum'], null];
  }
  if (result['nullable'] === true && result['type'] === undefined) {
    // ajv only understands `nullable` next to `type`; elsewhere (anyOf/allOf) spell it out.
    const rest = Object.fromEntries(Object.entries(result).filter(([key]) => key !== 'nullable'));
    return { anyOf: [rest, { type: 'null' }] };
  }
  return result;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map(
      (error) =>
        `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}${error.params && 'missingProperty' in error.params ? '' : ` ${JSON.stringify(error.params)}`}`,
    )
    .join('; ');
}

/** A validator that also exposes single checks for suites that validate without a sandbox. */
export interface OpenApiValidator extends ExchangeValidator {
  /** Problems with a request body for `METHOD /path/template`. */
  checkRequest(method: string, path: string, body: unknown): string[];
  /** Problems with a JSON response for `METHOD /path/template` and status. */
  checkResponse(method: string, path: string, status: number, body: unknown): string[];
}

/** Creates a validator over the committed subset (schemas compile lazily, once each). */
export function createOpenApiValidator(): OpenApiValidator {
  const subset = loadSubset();
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true });
  // ajv-formats is CommonJS; under ESM its default export is the module object or the plugin.
  const addFormats: unknown =
    'default' in addFormatsModule ? addFormatsModule.default : addFormatsModule;
  if (typeof addFormats !== 'function') throw new Error('ajv-formats did not load');
  addFormats(ajv);
  const cache = new Map<unknown, ValidateFunction>();
  const compiled = (schema: unknown): ValidateFunction => {
    let validate = cache.get(schema);
    if (!validate) {
      const adapted = adaptSchema(schema);
      if (!isRecord(adapted)) throw new Error('schema is not an object');
      validate = ajv.compile(adapted);
      cache.set(schema, validate);
    }
    return validate;
  };
  const operationOf = (method: string, path: string): SubsetOperation | undefined =>
    subset.paths[path]?.[method.toLowerCase()];

  const checkRequest = (method: string, path: string, body: unknown): string[] => {
    const operation = operationOf(method, path);
    if (!operation) return [`${method} ${path} is not in the OpenAPI subset`];
    if (!operation.requestBody) return [];
    if (body === undefined)
      return operation.requestBody.required
        ? [`request: body is required by ${operation.operationId}`]
        : [];
    const validate = compiled(operation.requestBody.schema);
    return validate(body) ? [] : [`request: ${describeErrors(validate.errors)}`];
  };

  const checkResponse = (method: string, path: string, status: number, body: unknown): string[] => {
    const operation = operationOf(method, path);
    if (!operation) return [`${method} ${path} is not in the OpenAPI subset`];
    const documented = operation.responses[String(status)];
    if (!documented) {
      // Error statuses GitHub can send on any route (401, 403, 404, 422, 5xx) are often not
      // listed per operation; they must still carry GitHub's error body.
      if (status >= 400) {
        return isRecord(body) &&
          typeof body['message'] === 'string' &&
          typeof body['documentation_url'] === 'string'
          ? []
          : [`response ${status}: error body must have string "message" and "documentation_url"`];
      }
      return [
        `response ${status} is not documented for ${operation.operationId} (documented: ${Object.keys(operation.responses).join(', ')})`,
      ];
    }
    if (documented.schema === undefined) {
      return body === undefined || body === ''
        ? []
        : [`response ${status}: ${operation.operationId} documents no body, got one`];
    }
    const validate = compiled(documented.schema);
    return validate(body) ? [] : [`response ${status}: ${describeErrors(validate.errors)}`];
  };

  const validator = (exchange: Exchange): string[] => {
    const problems = checkRequest(
      exchange.method,
      exchange.operationPath,
      exchange.requestBody,
    ).filter(
      // A body GitHub would reject is answered 4xx by the sandbox too; only accepted bodies must match.
      () => exchange.status < 400,
    );
    if (!exchange.responseContentType.startsWith('application/json')) return problems;
    return [
      ...problems,
      ...checkResponse(
        exchange.method,
        exchange.operationPath,
        exchange.status,
        exchange.responseBody,
      ),
    ];
  };
  return Object.assign(validator, { checkRequest, checkResponse });
}
