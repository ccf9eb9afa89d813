// Builds the real edge app's Node bundle (reused while its inputs are unchanged), starts it on a free
// port, waits for /healthz, and stops its whole process group.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, spawnGroup, waitForHealth } from '@joinlink/test-kit/process'
import { hashInputs } from './inputs.ts'
import { run, tail } from './run.ts'

/** A running edge app. */
export interface EdgeProcess {
  baseUrl: string
  /** Whether the process is still running. */
  alive(): boolean
  /** The last lines it printed. */
  output(): string
  stop(): Promise<void>
}

const EDGE = 'apps/edge'
const BUNDLE = `${EDGE}/dist/node.js`
/** What the Node bundle is built from: the edge, the workspace packages it bundles from source, the lockfile. */
const BUILD_INPUTS = [
  `${EDGE}/src/`,
  `${EDGE}/scripts/build.ts`,
  `${EDGE}/package.json`,
  'packages/core/src/',
  'packages/core/package.json',
  'packages/validation/src/',
  'packages/validation/package.json',
  'packages/types/src/',
  'packages/types/package.json',
  'pnpm-lock.yaml',
]
const STAMP = '.contract/edge-build.json'

/** The outcome of {@link buildEdge}. */
export interface BuildResult {
  ok: boolean
  summary: string
  details?: string
}

const sha = (file: string): string | undefined => (existsSync(file) ? hashInputs('', [file]) : undefined)

/**
 * Builds `apps/edge/dist/node.js`, unless `.contract/edge-build.json` records a build from the same
 * inputs whose bundle is still there unchanged. `node scripts/build.ts` builds just the Node bundle.
 */
export async function buildEdge(
  root: string,
  script: string,
  log: (line: string) => void,
): Promise<BuildResult> {
  const inputs = hashInputs(root, BUILD_INPUTS)
  const stampFile = join(root, STAMP)
  const stamp = existsSync(stampFile)
    ? (JSON.parse(readFileSync(stampFile, 'utf8')) as Record<string, string>)
    : {}
  if (stamp.inputs === inputs && stamp.bundle !== undefined && stamp.bundle === sha(join(root, BUNDLE))) {
    log(`reusing the edge build (inputs unchanged, ${inputs.slice(0, 12)})`)
    return { ok: true, summary: 'reused' }
  }
  log('building @joinlink/edge (node)…')
  const direct = /^node scripts\/build\.ts$/.test(script.trim())
  const build = direct
    ? await run(process.execPath, ['scripts/build.ts', 'node'], { cwd: join(root, EDGE), timeoutMs: 300_000 })
    : await run('pnpm', ['--filter', '@joinlink/edge', 'run', 'build'], { cwd: root, timeoutMs: 300_000 })
  if (build.code !== 0)
    return {
      ok: false,
      summary: `building @joinlink/edge failed (exit ${build.code})`,
      details: `\`\`\`\n${tail(build.output, 30)}\n\`\`\``,
    }
  mkdirSync(join(root, '.contract'), { recursive: true })
  writeFileSync(stampFile, `${JSON.stringify({ inputs, bundle: sha(join(root, BUNDLE)) ?? '' }, null, 2)}\n`)
  return { ok: true, summary: 'built' }
}

/**
 * Starts the edge detached (its own process group) with PORT, HOST and `JOINLINK_RATE_LIMIT=0` —
 * `node dist/node.js` directly when that is its start script, else `pnpm --filter @joinlink/edge start` —
 * then polls `GET /healthz` until it answers 200 or `readyTimeoutMs` passes.
 */
export async function startEdge(
  root: string,
  env: NodeJS.ProcessEnv,
  readyTimeoutMs = 60_000,
  startScript = 'node dist/node.js',
): Promise<EdgeProcess> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const direct = /^node (\S+)$/.exec(startScript.trim())
  const procEnv = {
    ...(env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    JOINLINK_RATE_LIMIT: '0',
  }
  const proc = direct
    ? spawnGroup(process.execPath, [direct[1] as string], { cwd: join(root, EDGE), env: procEnv })
    : spawnGroup('pnpm', ['--filter', '@joinlink/edge', 'start'], { cwd: root, env: procEnv })
  await waitForHealth(baseUrl, proc, 'the edge app', readyTimeoutMs)
  return {
    baseUrl,
    alive: proc.alive,
    output: () => `${proc.stdout()}${proc.stderr()}`.split('\n').slice(-200).join('\n').trim(),
    stop: async () => {
      await proc.stop()
    },
  }
}
