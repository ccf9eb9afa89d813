// `pnpm generate` for @joinlink/validation: writes the files zod-generator.ts derives from
// spec/openapi.yaml. With --check, fails if the committed files differ.
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { generateFiles } from './zod-generator.ts'

const spec = parse(await readFile(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8'))
const outputs = generateFiles(spec)

let stale = 0
for (const [relative, content] of outputs) {
  const path = fileURLToPath(new URL(relative, import.meta.url))
  if (process.argv.includes('--check')) {
    const committed = await readFile(path, 'utf8').catch(() => '')
    if (committed !== content) {
      console.error(
        `${path} is out of date with spec/openapi.yaml. Run \`pnpm generate\` and commit the result.`,
      )
      stale++
    }
  } else {
    await writeFile(path, content)
    console.log(`wrote ${path}`)
  }
}
if (stale) process.exit(1)
if (process.argv.includes('--check'))
  console.log('generated zod schemas and spec facts match spec/openapi.yaml')
