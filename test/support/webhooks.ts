import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Validates webhook payloads against `@octokit/webhooks-schemas` (GitHub's webhook payloads as
 * JSON Schema). The definition is picked from the event and action: `pull_request$opened`,
 * `push$event`, else `<event>_event`.
 */

const require = createRequire(import.meta.url);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a payload; returns one message per problem. */
export type WebhookValidator = (event: string, payload: unknown) => string[];

/** Creates a validator over the installed webhooks schema. */
export function createWebhookValidator(): WebhookValidator {
  const schema: unknown = require('@octokit/webhooks-schemas/schema.json');
  if (!isRecord(schema) || !isRecord(schema['definitions']))
    throw new Error('@octokit/webhooks-schemas has no definitions');
  const definitions = schema['definitions'];
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  const addFormats: unknown =
    'default' in addFormatsModule ? addFormatsModule.default : addFormatsModule;
  if (typeof addFormats !== 'function') throw new Error('ajv-formats did not load');
  addFormats(ajv);
  const cache = new Map<string, ValidateFunction>();
  return (event, payload) => {
    const action =
      isRecord(payload) && typeof payload['action'] === 'string' ? payload['action'] : null;
    const name = [`${event}$${action ?? ''}`, `${event}$event`, `${event}_event`].find(
      (candidate) => candidate in definitions,
    );
    if (!name) return [`no webhook schema for event ${event}${action ? `.${action}` : ''}`];
    let validate = cache.get(name);
    if (!validate) {
      // Compiling a reference into the registered whole schema makes ajv compile all 300+
      // events (seconds); an inline copy of the definitions compiles only what is reachable.
      validate = ajv.compile({ definitions, $ref: `#/definitions/${name}` });
      cache.set(name, validate);
    }
    if (validate(payload)) return [];
    return (validate.errors ?? [])
      .slice(0, 10)
      .map(
        (error) =>
          `${name}: ${error.instancePath || '(root)'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
      );
  };
}
