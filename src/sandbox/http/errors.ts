/**
 * GitHub's error bodies: `{ message, documentation_url, status }`, and for 422 a list of
 * `errors` naming resource, field and code. Handlers throw `HttpError`; the router renders it.
 */

const DOCS = 'https://docs.github.com/rest';

/** One entry of a 422 `errors` list. */
export interface ValidationDetail {
  resource: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  field?: string;
  message?: string;
}

/** An HTTP error with GitHub's body shape. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly extra: {
      errors?: ValidationDetail[];
      documentationUrl?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
  }

  /** The JSON body GitHub sends for this error. */
  body(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
      documentation_url: this.extra.documentationUrl ?? DOCS,
      status: String(this.status),
    };
  }
}

/** 404 `Not Found`, also what GitHub answers for things the caller may not see. */
export function notFound(): HttpError {
  return new HttpError(404, 'Not Found');
}

/** 422 `Validation Failed` with one detail. */
export function validationFailed(detail: ValidationDetail): HttpError {
  return new HttpError(422, 'Validation Failed', { errors: [detail] });
}

/** 403 for a token whose permissions do not cover the call (the fork-PR GITHUB_TOKEN case). */
export function notAccessible(): HttpError {
  return new HttpError(403, 'Resource not accessible by integration', {
    documentationUrl: 'https://docs.github.com/rest/overview/permissions-required-for-github-apps',
  });
}
