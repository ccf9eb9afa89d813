// What the upstream source asks of request coalescing across instances: the interface only. Node,
// Bun and Deno implement it on the shared store (src/fleet/coalesce.ts) when JOINLINK_REDIS_URL is
// set; without it, coalescing stays within the instance (the source's own in-flight map).

/**
 * One vendor call per cold link for a whole fleet of instances. Implementations never reject for
 * a reason of their own: when they cannot coordinate, the instance calls the vendor itself.
 */
export interface FleetCoalescing {
  /**
   * The answer for `key`: `fill` runs here (the vendor call, which stores its answer where `read`
   * finds it) when this instance takes the link's lock or no lock can be had; otherwise the answer
   * another instance stores, read with `read`, or `fill` after all once the lock is released
   * without an answer or the wait bound passes.
   */
  lead<T>(key: string, fill: () => Promise<T>, read: () => Promise<T | undefined>): Promise<T>
  /** As {@link lead}, for a background refresh: never waits; undefined when another instance is already refreshing. */
  tryLead<T>(key: string, fill: () => Promise<T>): Promise<T | undefined>
}
