// Stands in for src/http/openapi.gen.ts in the Worker bundle only (wrangler.jsonc `alias`): on Workers
// /openapi.json and /openapi.yaml are static assets (dist/worker-assets, see scripts/build.ts),
// handed to the ASSETS binding by the entry, which keeps ~15 KiB gzipped of spec text out of the script.
// A deployment that is not the default one (other JOINLINK_ALLOWED_HOSTS, JOINLINK_PUBLIC=false)
// gets the assets' text handed to createApp, which serves it adapted (served-spec.ts).

/** Never served: the entry answers GET /openapi.json from ASSETS, or gives the app the asset's text. */
export const specJson: string = '{}'
/** Never served: the entry answers GET /openapi.yaml from ASSETS, or gives the app the asset's text. */
export const specYaml: string = ''
