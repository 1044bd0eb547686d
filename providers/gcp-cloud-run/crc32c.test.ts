import { expect, it } from "vitest";
import { crc32c } from "./crc32c";

// Check values from RFC 3720 (iSCSI), appendix B.4, and the common "123456789" check value.
it.each<[string, Uint8Array, number]>([
  ["the check string 123456789", new TextEncoder().encode("123456789"), 0xe3069283],
  ["32 bytes of zeros", new Uint8Array(32), 0x8a9136aa],
  ["32 bytes of 0xff", new Uint8Array(32).fill(0xff), 0x62a8ab43],
  ["32 ascending bytes", Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
  ["nothing", new Uint8Array(0), 0],
])("CRC32C of %s", (_, data, expected) => {
  expect(crc32c(data)).toBe(expected);
});
