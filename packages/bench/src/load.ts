// Load generators: autocannon closed loop, autocannon at a fixed rate, and one-connection latency.
import http from 'node:http'
import autocannon from 'autocannon'
import { cpuSeconds } from './proc.ts'

/** A JSON POST to repeat. */
export interface Target {
  url: string
  path: string
  body: string
  headers?: Record<string, string>
}

export interface LoadResult {
  requests: number
  rps: number
  errors: number
  non2xx: number
  /** Milliseconds, whole (autocannon's resolution). */
  p99: number
  /** CPU seconds the load generator itself used per second of wall time (1.0 = one full core). */
  loadCpu: number
}

function run(target: Target, opts: { connections: number; duration: number; overallRate?: number }) {
  const before = process.cpuUsage()
  const started = performance.now()
  return new Promise<LoadResult>((resolve, reject) => {
    autocannon(
      {
        url: target.url + target.path,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...target.headers },
        body: target.body,
        connections: opts.connections,
        pipelining: 1,
        duration: opts.duration,
        ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
        timeout: 10,
      },
      (error, result) => {
        if (error) return reject(error)
        const wall = (performance.now() - started) / 1000
        const cpu = process.cpuUsage(before)
        resolve({
          requests: result.requests.total,
          rps: result.requests.total / opts.duration,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          p99: result.latency.p99,
          loadCpu: (cpu.user + cpu.system) / 1e6 / wall,
        })
      },
    )
  })
}

/** Closed loop: `connections` connections, no pipelining, for `duration` seconds. */
export function closedLoop(target: Target, duration: number, connections = 32): Promise<LoadResult> {
  return run(target, { connections, duration })
}

/** Server CPU seconds per request while `rate` requests/s are sent for `duration` seconds. */
export async function cpuPerRequest(
  target: Target,
  pid: number,
  rate: number,
  duration: number,
): Promise<LoadResult & { cpuPerRequestUs: number }> {
  const before = cpuSeconds(pid)
  const result = await run(target, { connections: 8, duration, overallRate: rate })
  const used = cpuSeconds(pid) - before
  return { ...result, cpuPerRequestUs: (used / Math.max(1, result.requests)) * 1e6 }
}

/**
 * `count` requests one after another on one keep-alive connection (bounded by `maxMs`), each timed
 * on this side in microseconds; `bodies` are used in turn.
 */
export async function sequentialLatency(
  url: string,
  path: string,
  bodies: readonly string[],
  count: number,
  maxMs = 30_000,
): Promise<{ latenciesUs: number[]; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const latenciesUs: number[] = []
  let errors = 0
  const deadline = performance.now() + maxMs
  try {
    for (let i = 0; i < count && performance.now() < deadline; i++) {
      const body = bodies[i % bodies.length] as string
      const started = performance.now()
      const status = await post(agent, url + path, body)
      latenciesUs.push((performance.now() - started) * 1000)
      if (status !== 200) errors++
    }
  } finally {
    agent.destroy()
  }
  return { latenciesUs, errors }
}

/** One POST; resolves to the status once the whole body is read. */
export function post(agent: http.Agent | undefined, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
        response.on('error', reject)
      },
    )
    request.on('timeout', () => request.destroy(new Error('timeout')))
    request.on('error', reject)
    request.end(body)
  })
}

/** GET `url` until it answers 200, or rejects after `timeoutMs`. */
export async function waitFor200(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`)
}
