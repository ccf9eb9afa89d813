// Turns the core's answers (and the app's own pages) into Responses with every header they carry.
import type { Answer } from '@joinlink/core'
import type { Context } from 'hono'
import type { AppEnv } from './env.ts'

/**
 * The Response for an answer of the core: its headers over the deployment's (the secure headers,
 * computed once per app), in one plain object — no `Headers` object in the hot path, and
 * @hono/node-server writes it straight to `writeHead`.
 */
export function respond(
  c: Context<AppEnv>,
  answer: Answer,
  deployment: Readonly<Record<string, string>>,
): Response {
  c.set('answered', true)
  c.set('envelope', answer.body)
  if (answer.cache) c.set('cache', answer.cache)
  return new Response(answer.body, { status: answer.status, headers: { ...deployment, ...answer.headers } })
}

/** A page of the app's own (health, readiness, metrics, the spec, the docs), with the id and timing every answer has. */
export function page(
  c: Context<AppEnv>,
  body: string,
  contentType: string,
  deployment: Readonly<Record<string, string>>,
  extra?: Readonly<Record<string, string>>,
  status = 200,
): Response {
  c.set('answered', true)
  const total = performance.now() - c.get('startedAt')
  const headers: Record<string, string> = {
    ...deployment,
    'Content-Type': contentType,
    'X-Request-Id': c.get('requestId'),
    'Server-Timing': `total;dur=${total.toFixed(3)}`,
    ...extra,
  }
  return new Response(body, { status, headers })
}
