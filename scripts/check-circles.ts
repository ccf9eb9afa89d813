// Fails when any import circle exists among the workspace's TypeScript files (dpdm; type-only
// imports count, as a circle through types is still a circle in the design). Quiet when clean.
import { parseCircular, parseDependencyTree } from 'dpdm'

const globs = [
  'apps/*/src/**/*.ts',
  'apps/*/scripts/**/*.ts',
  'apps/*/test/**/*.ts',
  'apps/*/runtime-tests/**/*.ts',
  'packages/*/src/**/*.ts',
  'packages/*/scripts/**/*.ts',
  'packages/*/test/**/*.ts',
]
const tree = await parseDependencyTree(globs, {
  context: process.cwd(),
  transform: false,
  skipDynamicImports: false,
  exclude: /node_modules|\/dist\//,
})
const circles = parseCircular(tree)
if (circles.length > 0) {
  console.error(`Import circles (${circles.length}); move what both sides share into a module of its own:`)
  for (const circle of circles) console.error(`  ${[...circle, circle[0]].join(' -> ')}`)
  process.exit(1)
}
