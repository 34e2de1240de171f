import type { EpochLog } from './fit.ts';

/** What progress needs of a stream (process.stderr, or a fake in tests). */
export interface ProgressStream {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

/** Where progress goes and whether it is shown. */
export interface ProgressOptions {
  stream?: ProgressStream;
  /** Off with --json; `shouldShowProgress` decides the default. */
  enabled: boolean;
}

/**
 * Progress is for a person at a terminal: not when the output is JSON for a program, not
 * in CI (GitHub Actions sets CI=true and its log would keep every carriage-return frame),
 * not when stderr is piped.
 */
export function shouldShowProgress(
  json: boolean,
  stream: ProgressStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return !json && stream.isTTY === true && !inCi(env);
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
  if (!options.enabled) return { done: () => undefined };
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
