/**
 * The versions a scaffolded service or template package depends on: the pins of the Boomerang
 * monorepo this plugin was released from. test/versions.test.ts fails when they drift apart.
 */
export const versions = {
  /** Every @boomerang/* package is released together, at the plugin's own version. */
  boomerang: '0.1.0',
  fastify: '5.12.8',
  zod: '4.6.7',
  tsx: '4.23.15',
  typescript: '5.9.3',
  vitest: '4.1.12',
  typesNode: '20.19.25',
} as const;
