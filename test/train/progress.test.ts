import { describe, expect, it } from 'vitest';
import {
  createProgress,
  formatEpoch,
  progressMode,
  type ProgressStream,
} from '../../src/train/progress.ts';

function stream(isTTY: boolean): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, written, write: (chunk: string) => written.push(chunk) };
}

describe('training progress', () => {
  it('shows epoch, loss, validation loss and ETA', () => {
    expect(formatEpoch({ epoch: 2, epochs: 20, loss: 0.51234, valLoss: 0.6, elapsed: 1 })).toBe(
      'epoch  2/20  loss 0.5123  val_loss 0.6000  ETA 9s',
    );
    expect(formatEpoch({ epoch: 20, epochs: 20, loss: 0.1, elapsed: 75 })).toBe(
      'epoch 20/20  loss 0.1000  1m15s',
    );
    // Just under a minute boundary: rounded as a whole, never "60s" or "1m60s".
    expect(formatEpoch({ epoch: 1, epochs: 1, loss: 0.1, elapsed: 59.5 })).toBe(
      'epoch 1/1  loss 0.1000  1m00s',
    );
    expect(formatEpoch({ epoch: 1, epochs: 1, loss: 0.1, elapsed: 119.5 })).toBe(
      'epoch 1/1  loss 0.1000  2m00s',
    );
  });

  it('redraws on a terminal, prints lines in CI logs and pipes, and is off with --json', () => {
    expect(progressMode(false, stream(true), {})).toBe('redraw');
    expect(progressMode(true, stream(true), {})).toBe('off');
    expect(progressMode(false, stream(false), {})).toBe('lines');
    expect(progressMode(false, stream(true), { CI: 'true' })).toBe('lines');
    expect(progressMode(false, stream(true), { CI: 'false' })).toBe('redraw');
  });

  it('prints one line per few epochs in a log: about ten lines, and always the last', () => {
    const out = stream(false);
    const progress = createProgress({ mode: 'lines', stream: out });
    for (let epoch = 1; epoch <= 45; epoch++) {
      progress.onEpoch?.({
        epoch,
        epochs: 100,
        loss: 1 / epoch,
        valLoss: 2 / epoch,
        elapsed: epoch,
      });
    }
    // Early stopping ended the run at 45 of 100: done() reports where it stopped.
    progress.done();
    expect(out.written.map((line) => /^epoch +\d+\/\d+/.exec(line)?.[0])).toEqual([
      'epoch   1/100',
      'epoch  10/100',
      'epoch  20/100',
      'epoch  30/100',
      'epoch  40/100',
      'epoch  45/100',
    ]);
    expect(out.written[1]).toBe('epoch  10/100  loss 0.1000  val_loss 0.2000  ETA 1m30s\n');
    expect(out.written.join('')).not.toContain('\r');
  });

  it('redraws one line and ends it', () => {
    const out = stream(true);
    const progress = createProgress({ mode: 'redraw', stream: out });
    progress.onEpoch?.({ epoch: 1, epochs: 2, loss: 1, elapsed: 1 });
    progress.onEpoch?.({ epoch: 2, epochs: 2, loss: 0.5, elapsed: 2 });
    progress.done();
    expect(out.written).toEqual([
      '\r\x1b[2Kepoch 1/2  loss 1.0000  ETA 1s',
      '\r\x1b[2Kepoch 2/2  loss 0.5000  2s',
      '\n',
    ]);
    const quiet = createProgress({ mode: 'off', stream: out });
    expect(quiet.onEpoch).toBeUndefined();
  });
});
