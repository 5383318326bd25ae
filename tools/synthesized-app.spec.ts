import { CdktfManifest, stacksInDependencyOrder } from './synthesized-app';

const manifest = (dependencies: Record<string, string[]>): CdktfManifest => ({
  stacks: Object.fromEntries(Object.entries(dependencies).map(([name, deps]) => [name, { workingDirectory: `stacks/${name}`, dependencies: deps }])),
});

describe('stacksInDependencyOrder', () => {
  it('puts every producer before the stacks that read its state', () => {
    const order = stacksInDependencyOrder(
      manifest({ 'prod-observability': ['prod-cluster', 'prod-data'], 'prod-cluster': ['prod-network'], 'prod-data': ['prod-network'], 'prod-network': [] }),
    );
    expect(order).toEqual(['prod-network', 'prod-cluster', 'prod-data', 'prod-observability']);
  });

  it('keeps that order for a selection of stacks', () => {
    expect(stacksInDependencyOrder(manifest({ b: ['a'], a: [] }), ['b', 'a'])).toEqual(['a', 'b']);
  });

  it('names unknown stacks and cycles', () => {
    expect(() => stacksInDependencyOrder(manifest({ a: [] }), ['z'])).toThrow("Unknown stack 'z'. Stacks: a.");
    expect(() => stacksInDependencyOrder(manifest({ a: ['b'], b: ['a'] }))).toThrow('Stacks depend on each other in a cycle: a -> b -> a');
  });
});
