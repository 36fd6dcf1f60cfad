/** A W3C `traceparent` (version 00), as the store keeps it in an event's metadata and Kafka carries it. */
export const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
