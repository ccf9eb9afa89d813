// Stands in for src/openapi.gen.ts in the Worker bundle only (wrangler.jsonc `alias`): on Workers
// /openapi.json and /openapi.yaml are static assets (dist/worker-assets, see scripts/build.ts),
// handed to the ASSETS binding by the entry, which keeps ~15 KiB gzipped of spec text out of the script.

/** Never served: the entry answers GET /openapi.json from ASSETS. */
export const specJson: string = '{}'
/** Never served: the entry answers GET /openapi.yaml from ASSETS. */
export const specYaml: string = ''
