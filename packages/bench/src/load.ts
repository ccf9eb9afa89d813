// Load generators: a closed loop (wrk when installed, else autocannon), autocannon at a fixed rate,
// and one-connection latency.
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

/** `wrk` on PATH (apt `wrk`): a C load generator several times cheaper per request than autocannon. */
export const WRK: boolean = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
    return true
  } catch (error) {
    // wrk --version prints its banner and exits 1; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT'
  }
})()

/** Which closed-loop generator this run uses, for the heading. */
export const CLOSED_LOOP_GENERATOR = WRK ? 'wrk (1 thread)' : 'autocannon'

/** Closed loop: `connections` connections, no pipelining, for `duration` seconds (wrk if installed). */
export function closedLoop(target: Target, duration: number, connections = 32): Promise<LoadResult> {
  return WRK ? runWrk(target, duration, connections) : run(target, { connections, duration })
}

const luaString = (text: string) => JSON.stringify(text)

/** wrk -t1 with a Lua script for the POST; its CPU is read from /proc while it runs. */
function runWrk(target: Target, duration: number, connections: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'joinlink-wrk-'))
  const script = join(dir, 'post.lua')
  const headers = { 'Content-Type': 'application/json', ...target.headers }
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      `wrk.body = ${luaString(target.body)}`,
      ...Object.entries(headers).map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`),
      '',
    ].join('\n'),
  )
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = execFile(
      'wrk',
      [
        '-t1',
        `-c${connections}`,
        `-d${duration}s`,
        '--latency',
        '--timeout',
        '10s',
        '-s',
        script,
        target.url + target.path,
      ],
      { timeout: (duration + 30) * 1000 },
      (error, stdout) => {
        clearInterval(poll)
        if (error) return reject(new Error(`wrk failed: ${error.message}\n${stdout}`))
        const number = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? 0)
        const requests = number(/(\d+) requests in/)
        const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
          stdout,
        )
        const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(stdout)
        const p99Ms = p99 ? Number(p99[1]) * ({ us: 0.001, ms: 1, s: 1000 }[p99[2] as 'us'] ?? 1) : 0
        const wall = (performance.now() - started) / 1000
        resolve({
          requests,
          rps: number(/Requests\/sec:\s+([\d.]+)/),
          errors: socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
          non2xx: number(/Non-2xx or 3xx responses: (\d+)/),
          p99: p99Ms,
          loadCpu: lastCpu / wall,
        })
      },
    )
    let lastCpu = 0
    const poll = setInterval(() => {
      try {
        if (child.pid) lastCpu = cpuSeconds(child.pid)
      } catch {
        // Gone between two polls: keep the last reading.
      }
    }, 100)
  })
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
