import { Hono } from 'hono'
import type { Exposition } from './metrics.ts'

/**
 * The app of the metrics listener (JOINLINK_METRICS_PORT): GET /metrics with no key — it is meant
 * for a private address (127.0.0.1 by default) — and a bare 404 for anything else.
 */
export function createMetricsApp(exposition: Exposition): Hono {
  const app = new Hono()
  app.get('/metrics', async (c) =>
    c.body(await exposition.scrape(), 200, {
      'Content-Type': exposition.contentType,
      'Cache-Control': 'no-store',
    }),
  )
  app.notFound((c) => c.text('Not found: this listener serves GET /metrics only.', 404))
  return app
}
