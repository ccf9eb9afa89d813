import { describeIssues, errorEnvelopeSchema, lookupSuccessSchema } from '@joinlink/validation'

/**
 * Checks an envelope against the spec's schemas (`validate: 'strict'`): a success against
 * `lookupSuccessSchema`, anything else against `errorEnvelopeSchema`. Loaded lazily by the client.
 * Returns where it breaks the spec, e.g. `result[0].title: expected string, got number`, or
 * `undefined` when it conforms.
 */
export function checkEnvelope(envelope: unknown): string | undefined {
  const schema = (envelope as { status?: unknown })?.status ? errorEnvelopeSchema : lookupSuccessSchema
  // reportInput: zod then keeps the value it refused, so the message can say what arrived.
  const checked = schema.safeParse(envelope, { reportInput: true })
  return checked.success ? undefined : describeIssues(checked.error.issues)
}
