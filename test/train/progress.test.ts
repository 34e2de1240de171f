import { describe, expect, it } from 'vitest';
import {
  createProgress,
  formatEpoch,
  shouldShowProgress,
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

  it('is on only for a terminal, outside CI and without --json', () => {
    expect(shouldShowProgress(false, stream(true), {})).toBe(true);
    expect(shouldShowProgress(true, stream(true), {})).toBe(false);
    expect(shouldShowProgress(false, stream(false), {})).toBe(false);
    expect(shouldShowProgress(false, stream(true), { CI: 'true' })).toBe(false);
    expect(shouldShowProgress(false, stream(true), { CI: 'false' })).toBe(true);
  });

  it('redraws one line and ends it', () => {
    const out = stream(true);
    const progress = createProgress({ enabled: true, stream: out });
    progress.onEpoch?.({ epoch: 1, epochs: 2, loss: 1, elapsed: 1 });
    progress.onEpoch?.({ epoch: 2, epochs: 2, loss: 0.5, elapsed: 2 });
    progress.done();
    expect(out.written).toEqual([
      '\r\x1b[2Kepoch 1/2  loss 1.0000  ETA 1s',
      '\r\x1b[2Kepoch 2/2  loss 0.5000  2s',
      '\n',
    ]);
    const quiet = createProgress({ enabled: false, stream: out });
    expect(quiet.onEpoch).toBeUndefined();
  });
});
