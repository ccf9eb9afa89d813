// Scenario 5: the Worker bundle (gzip) and the client (minified + gzip) against their budgets.
import { BUDGET_BYTES, gzippedSizes, WITH_PARSER_BUDGET_BYTES } from '@joinlink/client/size'
import { buildWorkerScript, gzippedSize, WORKER_BUDGET_BYTES } from '@joinlink/edge/worker-size'
import type { Context } from '../context.ts'
import { fmt, verdict } from '../table.ts'

export async function sizeScenario(ctx: Context): Promise<void> {
  const budgets = { alone: BUDGET_BYTES, whole: WITH_PARSER_BUDGET_BYTES }
  const alone = (await gzippedSizes('@joinlink/validation', '@joinlink/validation/join-url')).entry
  const whole = (await gzippedSizes('@joinlink/validation')).entry
  const worker = gzippedSize(await buildWorkerScript())
  const workerBudgetBytes = WORKER_BUDGET_BYTES
  const s = '5 size'
  const row = (figure: string, bytes: number, budget: number) => ({
    scenario: s,
    figure,
    value: `${fmt(bytes)} B`,
    ratio: `${fmt(bytes / budget, 2)}× of ${fmt(budget)} B`,
    target: '≤ 1.0× budget',
    verdict: verdict(bytes / budget, '<=', 1),
  })
  ctx.rows.push(row('client + openapi-fetch, min+gzip', alone, budgets.alone))
  ctx.rows.push(row('client + join-link parser, min+gzip', whole, budgets.whole))
  ctx.rows.push(row('Worker bundle (wrangler dry run), gzip', worker, workerBudgetBytes))
  ctx.results.size = {
    client: alone,
    clientWithParser: whole,
    worker,
    budgets: { ...budgets, worker: workerBudgetBytes },
  }
}
