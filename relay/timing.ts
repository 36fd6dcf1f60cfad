/**
 * Wall-clock milliseconds with sub-millisecond precision. Unlike performance.now() it compares across
 * processes on one machine, so a bench can line up when the relay and the projections saw an event.
 */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();

/** When one relay step read its events, had them acknowledged by Kafka and checkpointed them. */
export interface RelayStepTiming {
  readAt: number;
  publishedAt: number;
  checkpointedAt: number;
}
