// The app on the upstream source against the fake vendor, in-process (app.request), for the files
// that drive the vendor's faults: one fake vendor per file, and the app each test builds on it.
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { parseConfig, type UpstreamConfig } from '../../src/config/config.ts'
import { createApp } from '../../src/http/app.ts'
import { createUpstreamSource, type UpstreamDeps } from '../../src/sources/upstream.ts'

/** This file's fake vendor and what the apps on it logged during the current test. */
export interface VendorFixture {
  readonly vendor: FakeVendor
  /** Every log line of the current test; emptied after each. */
  readonly logs: string[]
}

/**
 * Starts a fake vendor expecting `token` before the file's tests and closes it after; after each
 * test, checks that no log line carried the token, then empties the logs and resets the vendor.
 */
export function useFakeVendor(token: string): VendorFixture {
  let vendor: FakeVendor | undefined
  const logs: string[] = []
  beforeAll(async () => {
    vendor = await startFakeVendor({ token })
  })
  afterAll(() => vendor?.close())
  afterEach(() => {
    for (const line of logs) expect(line).not.toContain(token)
    logs.length = 0
    vendor?.reset()
  })
  return {
    get vendor() {
      if (!vendor) throw new Error('the fake vendor starts in beforeAll: use it inside a test')
      return vendor
    },
    logs,
  }
}

/**
 * An app whose source is the upstream source against `vendor` with `token`: `env` on top of the
 * upstream basics (rate limit off), then `upstream` over the parsed upstream settings.
 */
export async function upstreamApp(options: {
  vendor: FakeVendor
  token: string
  env?: Record<string, string>
  upstream?: Partial<UpstreamConfig>
  deps?: UpstreamDeps
  log: (line: string) => void
}) {
  const config = await parseConfig({
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: options.vendor.url,
    JOINLINK_UPSTREAM_TOKEN: options.token,
    JOINLINK_RATE_LIMIT: '0',
    ...options.env,
  })
  const upstream = { ...(config.upstream as UpstreamConfig), ...options.upstream }
  const source = createUpstreamSource(upstream, { log: options.log, ...options.deps })
  return createApp({ config: { ...config, upstream }, source, log: options.log })
}
