/** static-ipam's own error codes (the spec leaves 100 and up to plugins). */
export const StaticIpamCode = {
  /** CHECK: prevResult does not hold the configured addresses and gateways. */
  PrevResultMismatch: 100,
} as const;
