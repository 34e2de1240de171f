/**
 * Fault injection: make a route answer an error for the next N matching calls, to test
 * retries and error handling against the failures GitHub actually produces (5xx from the
 * edge, secondary rate limits with `retry-after`).
 */

/** What a test asks for. */
export interface FaultSpec {
  /** HTTP method; omitted matches any. */
  method?: string;
  /** GitHub path without `/api/v3` (exact, query ignored) or a RegExp tested on it. */
  path: string | RegExp;
  /** 500, 502, 503, or 403 (a secondary rate limit), or any other status. */
  status: number;
  /** How many matching calls fail (default 1). */
  times?: number;
  /** Seconds sent in `retry-after` for 403/429 (default 1). */
  retryAfter?: number;
  /**
   * A lost answer: the call is carried out (the write happens) and then answered with the
   * fault's status, as when GitHub applied a write and its edge timed out (502, 504).
   */
  afterApplying?: boolean;
}

/** The response of a fault. */
export interface FaultReply {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** Carry out the call before answering with this reply (`FaultSpec.afterApplying`). */
  afterApplying: boolean;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

/**
 * A call held before GitHub handles it, as a slow edge does: the test can kill the caller
 * while it waits. A caller that goes away while held gets nothing done (its write never
 * reached GitHub); one that waits it out is handled as usual.
 */
export interface DelaySpec {
  method?: string;
  path: string | RegExp;
  ms: number;
  /** How many matching calls are held (default 1). */
  times?: number;
  /** Called when a matching call arrives and is held. */
  onHold?: () => void;
}

/** Pending faults, consumed in the order they were added. */
export class Faults {
  private active: ActiveFault[] = [];
  private delays: Array<{ spec: DelaySpec; remaining: number }> = [];

  /** Adds a delay. */
  addDelay(spec: DelaySpec): void {
    this.delays.push({ spec, remaining: spec.times ?? 1 });
  }

  /** Consumes and returns the first delay matching this call, if any. */
  takeDelay(method: string, path: string): DelaySpec | null {
    const delay = this.delays.find(({ spec }) => matches(spec, method, path));
    if (!delay) return null;
    delay.remaining -= 1;
    if (delay.remaining <= 0) this.delays.splice(this.delays.indexOf(delay), 1);
    return delay.spec;
  }

  /** Adds a fault. */
  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new Error(`injectFault: 'times' must be a positive integer, got ${String(spec.times)}`);
    }
    this.active.push({ spec, remaining: times });
  }

  /** Number of injected failures not yet served. */
  get pending(): number {
    return this.active.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  /** Consumes and returns the reply of the first fault matching this call, if any. */
  take(method: string, path: string): FaultReply | null {
    const fault = this.active.find(({ spec }) => matches(spec, method, path));
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.active.splice(this.active.indexOf(fault), 1);
    return replyFor(fault.spec);
  }
}

function matches(spec: { method?: string; path: string | RegExp }, method: string, path: string) {
  if (spec.method && spec.method.toUpperCase() !== method) return false;
  return typeof spec.path === 'string' ? spec.path === path : spec.path.test(path);
}

function replyFor(spec: FaultSpec): FaultReply {
  const retryAfter = String(spec.retryAfter ?? 1);
  if (spec.status === 403 || spec.status === 429) {
    return {
      status: spec.status,
      afterApplying: spec.afterApplying === true,
      headers: { 'retry-after': retryAfter },
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: String(spec.status),
      },
    };
  }
  const messages: Record<number, string> = {
    500: 'Server Error',
    502: 'Server Error',
    503: 'Service Unavailable',
    504: 'We couldn\u2019t respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.',
  };
  return {
    status: spec.status,
    afterApplying: spec.afterApplying === true,
    headers: {},
    body: {
      message: messages[spec.status] ?? 'Injected fault',
      documentation_url: 'https://docs.github.com/rest',
      status: String(spec.status),
    },
  };
}
