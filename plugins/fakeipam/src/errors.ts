/** fakeipam's own error codes (the spec leaves 100 and up to plugins). */
export const FakeIpamCode = {
  /** CHECK: prevResult does not hold the addresses and gateways in `ipam`. */
  PrevResultMismatch: 100,
} as const;
