// IDs, a base time and a JSON body helper shared by the hand-built fixtures.
export const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
export const SPAN = "00f067aa0ba902b7";
export const T0 = 1_700_000_000_000_000_000n;
export const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
