// Preloaded into the soak's server (node --expose-gc --import): on SIGUSR2 it runs a full GC and
// prints the heap in use, so the soak can tell a leak from a heap that grew to its working size.
const gc = (globalThis as { gc?: () => void }).gc

process.on('SIGUSR2', () => {
  gc?.()
  const { heapUsed } = process.memoryUsage()
  process.stderr.write(`joinlink-bench-heap ${heapUsed}\n`)
})
