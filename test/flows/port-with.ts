import type { FlowPort } from '../../src/flows/ports.ts';

/** A port with only what a test allows: any other call fails the test by throwing. */
export function portWith(methods: Partial<FlowPort>): FlowPort {
  return new Proxy(methods, {
    get(target, name) {
      if (name in target) return target[name as keyof FlowPort];
      if (name === 'then') return undefined;
      throw new Error(`the flow called ${String(name)}, which this test does not allow`);
    },
  }) as FlowPort;
}
