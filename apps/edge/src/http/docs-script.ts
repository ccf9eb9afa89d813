// Scalar's standalone browser bundle, the one script /docs loads (SCALAR_PATH in docs.ts).
// scripts/build.ts swaps this module for one holding the bundle's text, gzipped and brotli forms
// (compressed at build time) in dist/node.js, bun.js and deno.js (each stays one self-contained
// file); on Workers the bundle is a static asset instead (dist/worker-assets), outside the
// script's size budget, so there and in the unbuilt source (tests through app.request()) it is
// absent and the app does not route SCALAR_PATH.

/** The text of @scalar/api-reference's dist/browser/standalone.js, where the build inlined it. */
export const scalarScript: string | undefined = undefined
/** The same gzipped (level 9) at build time. */
export const scalarScriptGzip: Uint8Array | undefined = undefined
/** The same brotli-compressed (quality 9) at build time. */
export const scalarScriptBrotli: Uint8Array | undefined = undefined
