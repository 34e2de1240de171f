/** Activations tf.fused.matMul applies inside the matMul kernel. */
export type FusedActivation = 'linear' | 'relu' | 'elu' | 'sigmoid';

/** The activation as tf.fused.matMul names it, or undefined when it must run separately. */
export function fusedActivation(activation: string): FusedActivation | undefined {
  switch (activation) {
    case 'linear':
    case 'relu':
    case 'elu':
    case 'sigmoid':
      return activation;
    default:
      return undefined;
  }
}
