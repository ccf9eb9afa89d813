// Scenario 5: a consumer app's client bundle (esbuild, min+gzip, up front and on demand) and the
// Worker bundle (gzip) against their budgets, measured by the packages' own size modules.
import { BUDGET_BYTES, gzippedSizes, STRETCH_BUDGET_BYTES, STRICT_BUDGET_BYTES } from '@joinlink/size/client'
import { buildWorkerScript, gzippedSize, WORKER_BUDGET_BYTES } from '@joinlink/size/worker'
import type { Context } from '../context.ts'
import { fmt, verdict } from '../table.ts'

export async function sizeScenario(ctx: Context): Promise<void> {
  const { entry, lazy } = await gzippedSizes()
  const worker = gzippedSize(await buildWorkerScript())
  const s = '5 size'
  const row = (figure: string, bytes: number, budget: number, target = '≤ 1.0× budget') => ({
    scenario: s,
    figure,
    value: `${fmt(bytes)} B`,
    ratio: `${fmt(bytes / budget, 2)}× of ${fmt(budget)} B`,
    target,
    verdict: verdict(bytes / budget, '<=', 1),
  })
  ctx.rows.push(
    row(
      'consumer app (esbuild, splitting): up-front chunks, min+gzip',
      entry,
      BUDGET_BYTES,
      `≤ 1.0× budget (stretch ${fmt(STRETCH_BUDGET_BYTES)} B)`,
    ),
  )
  ctx.rows.push(row('strict-validation chunk (on demand), min+gzip', lazy, STRICT_BUDGET_BYTES))
  ctx.rows.push(row('Worker bundle (wrangler dry run), gzip', worker, WORKER_BUDGET_BYTES))
  ctx.results.size = {
    clientEntry: entry,
    clientStrictChunk: lazy,
    worker,
    budgets: {
      entry: BUDGET_BYTES,
      stretch: STRETCH_BUDGET_BYTES,
      strict: STRICT_BUDGET_BYTES,
      worker: WORKER_BUDGET_BYTES,
    },
  }
}
