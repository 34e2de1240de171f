import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/train/backend.ts';

describe('selectBackend', () => {
  it('leaves no tensor behind when it selects the cpu backend again', async () => {
    const { tf } = await selectBackend('cpu');
    const before = tf.memory().numTensors;
    await selectBackend('cpu');
    await selectBackend('cpu');
    expect(tf.memory().numTensors).toBe(before);
  });
});
