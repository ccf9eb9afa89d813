// Builds the app under test in-process, and a fetch that drives it through app.request() the way
// a socket would frame the body (Content-Length for bytes, Transfer-Encoding for streams).

import { embeddedDatasetSource } from '@joinlink/core'
import type { FetchLike } from '@joinlink/test-kit/contract'
import { type AppDeps, createApp, parseConfig } from '../../src/index.ts'

export interface TestApp {
  app: ReturnType<typeof createApp>
  fetch: FetchLike
  /** Every line the app logged, newline-separated. */
  logs: () => string
}

export async function buildTestApp(
  env: Record<string, string>,
  overrides: Partial<Pick<AppDeps, 'source' | 'clientAddress' | 'now'>> = {},
): Promise<TestApp> {
  const lines: string[] = []
  const config = await parseConfig(env)
  const app = createApp({
    config,
    // The embedded dataset under the default hosts, whatever the app's own allow-list says.
    source: overrides.source ?? embeddedDatasetSource(),
    log: (line) => lines.push(line),
    ...(overrides.clientAddress ? { clientAddress: overrides.clientAddress } : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
  })
  const fetch: FetchLike = async (url, init) => {
    const headers = new Headers(init.headers)
    if (init.body instanceof Uint8Array && !headers.has('content-length'))
      headers.set('content-length', String(init.body.byteLength))
    if (init.body instanceof ReadableStream) headers.set('transfer-encoding', 'chunked')
    return app.request(url, { ...init, headers })
  }
  return { app, fetch, logs: () => lines.join('\n') }
}
