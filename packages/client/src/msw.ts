/**
 * [MSW](https://mswjs.io) request handlers that answer as the Joinlink edge does — through the
 * edge's own lookup core (`@joinlink/core`) over the same fixture dataset as
 * `@joinlink/client/testing`, with the same forced failures — so tests that mock HTTP with MSW
 * see the edge's answers by construction. `msw` is an optional peer dependency: install it to use
 * this entry point.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { joinlinkHandlers } from '@joinlink/client/msw'
 * const server = setupServer(...joinlinkHandlers({ baseUrl: 'https://joinlink.example.com' }))
 * server.listen()
 * // createJoinlinkClient({ baseUrl: 'https://joinlink.example.com' }) now gets the edge's answers.
 * ```
 * @module
 */
import { delay, type HttpHandler, HttpResponse, http } from 'msw'
import { createFixtureResponder, type FixtureOptions, type RecordedRequest } from './fixture-responder.ts'

export type { FixtureFailure, RecordedRequest } from './fixture-responder.ts'

/** Options of {@link joinlinkHandlers}. */
export interface JoinlinkHandlersOptions extends FixtureOptions {
  /**
   * The base URL your client calls, e.g. `https://joinlink.example.com` (a path prefix such as
   * `https://api.example.com/joinlink` is allowed). Every request under it is answered; others
   * are left to your other handlers.
   */
  baseUrl: string
  /** Receives each request as it was received (method, URL, headers, body), to check what was sent. */
  onRequest?: (request: RecordedRequest) => void
}

/**
 * Handlers answering every request under `baseUrl` as the Joinlink edge does: the lookup (200 in
 * the public profile unless `profile: 'full'`; 400, 404, 405, 413, 415 with the edge's envelopes),
 * 404 `ROUTE_NOT_FOUND` on other paths. `fail` forces a failure as `createFixtureFetch` does:
 * `network` is `HttpResponse.error()`, `timeout` never answers, `invalid_response` an HTML page.
 */
export function joinlinkHandlers(options: JoinlinkHandlersOptions): HttpHandler[] {
  const { baseUrl, onRequest, ...fixture } = options
  const base = new URL(baseUrl)
  const prefix = base.pathname.replace(/\/+$/, '')
  const responder = createFixtureResponder(fixture)
  const under = (url: URL) =>
    url.origin === base.origin && (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))
  return [
    http.all(
      ({ request }) => under(new URL(request.url)),
      async ({ request }) => {
        const answer = await responder.respond(
          request,
          new URL(request.url).pathname.slice(prefix.length) || '/',
        )
        const recorded = responder.requests.at(-1)
        if (onRequest && recorded) onRequest(recorded)
        if (answer === 'network') return HttpResponse.error()
        if (answer === 'timeout') {
          await delay('infinite')
          return HttpResponse.error()
        }
        return answer
      },
    ),
  ]
}
