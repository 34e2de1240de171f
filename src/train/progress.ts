import type { EpochLog } from './fit.ts';

/** What progress needs of a stream (process.stderr, or a fake in tests). */
export interface ProgressStream {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

/**
 * How progress is shown: one line redrawn in place (a terminal), a line every few epochs (a
 * CI log or a pipe, which would keep every carriage-return frame), or not at all.
 */
export type ProgressMode = 'off' | 'redraw' | 'lines';

/** Where progress goes and how. */
export interface ProgressOptions {
  stream?: ProgressStream;
  /** `progressMode` decides the default. */
  mode: ProgressMode;
}

/** Lines a run prints in `lines` mode: enough to see it move, few enough to read. */
const LOG_LINES = 10;

/**
 * Off when the output is JSON for a program; redrawn in place at a terminal outside CI;
 * else (GitHub Actions sets CI=true; a pipe has no TTY) a line every few epochs, so a CI log
 * shows that training moves and when it will end.
 */
export function progressMode(
  json: boolean,
  stream: ProgressStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): ProgressMode {
  if (json) return 'off';
  return stream.isTTY === true && !inCi(env) ? 'redraw' : 'lines';
}

/** CI=true (GitHub Actions and most others); CI=false or CI=0 is someone turning it off. */
function inCi(env: NodeJS.ProcessEnv): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  // Round once, then split: rounding the remainder alone gave "60s" and "1m60s".
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

/** One status line, redrawn in place per epoch: epoch, loss, validation loss, ETA. */
export function formatEpoch(log: EpochLog): string {
  const width = String(log.epochs).length;
  const eta = (log.elapsed / log.epoch) * (log.epochs - log.epoch);
  const parts = [
    `epoch ${String(log.epoch).padStart(width)}/${log.epochs}`,
    `loss ${log.loss.toFixed(4)}`,
    ...(log.valLoss === undefined ? [] : [`val_loss ${log.valLoss.toFixed(4)}`]),
    log.epoch < log.epochs ? `ETA ${duration(eta)}` : `${duration(log.elapsed)}`,
  ];
  return parts.join('  ');
}

/** A reporter for `fit`'s `onEpoch`, plus `done()` to end the line. */
export function createProgress(options: ProgressOptions): {
  onEpoch?: (log: EpochLog) => void;
  done: () => void;
} {
  const stream = options.stream ?? process.stderr;
  if (options.mode === 'off') return { done: () => undefined };
  if (options.mode === 'lines') return logLines(stream);
  let drawn = false;
  return {
    onEpoch: (log) => {
      stream.write(`\r\x1b[2K${formatEpoch(log)}`);
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\n');
    },
  };
}

/**
 * The first epoch, every `epochs / LOG_LINES`-th (rounded to a multiple of ten when that many),
 * and the last one run, which `done()` prints when early stopping ended the run between them.
 */
function logLines(stream: ProgressStream): { onEpoch: (log: EpochLog) => void; done: () => void } {
  let last: EpochLog | undefined;
  let printed = 0;
  const print = (log: EpochLog) => {
    stream.write(`${formatEpoch(log)}\n`);
    printed = log.epoch;
  };
  return {
    onEpoch: (log) => {
      last = log;
      const raw = Math.max(1, Math.ceil(log.epochs / LOG_LINES));
      const every = raw >= 10 ? Math.ceil(raw / 10) * 10 : raw;
      if (log.epoch === 1 || log.epoch % every === 0 || log.epoch === log.epochs) print(log);
    },
    done: () => {
      if (last !== undefined && printed !== last.epoch) print(last);
    },
  };
}
