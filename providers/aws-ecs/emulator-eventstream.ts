// The binary framing of an AWS event stream (content type application/vnd.amazon.eventstream), as "Event stream
// encoding" describes it (e.g. https://docs.aws.amazon.com/transcribe/latest/dg/event-stream.html): a prelude of the
// message's total length and its headers' length (4-byte big-endian integers each) and the CRC32 of those 8 bytes;
// the headers, each a 1-byte name length, the name, a 1-byte value type (7: string), a 2-byte value length and the
// value; the payload; the CRC32 of everything before it.
import { crc32 } from "node:zlib";

const STRING = 7;

/** One message of the stream, its headers all strings. */
export function eventMessage(headers: Record<string, string>, payload: Buffer): Buffer {
  const encoded = Object.entries(headers).map(([name, value]) => {
    const nameBytes = Buffer.from(name, "utf8");
    const valueBytes = Buffer.from(value, "utf8");
    const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    header.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(header, 1);
    header.writeUInt8(STRING, 1 + nameBytes.length);
    header.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    valueBytes.copy(header, 4 + nameBytes.length);
    return header;
  });
  const headerBytes = Buffer.concat(encoded);
  const total = 12 + headerBytes.length + payload.length + 4;
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headerBytes.length, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  const body = Buffer.concat([prelude, headerBytes, payload]);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([body, trailer]);
}

/** An event of the stream: its type (the member of the response's union) and its JSON payload. */
export const jsonEvent = (eventType: string, payload: object) =>
  eventMessage({ ":message-type": "event", ":event-type": eventType, ":content-type": "application/json" }, Buffer.from(JSON.stringify(payload), "utf8"));

/** A modelled error inside the stream, e.g. SessionTimeoutException when a Live Tail session reaches its end. */
export const exceptionEvent = (type: string, message: string) =>
  eventMessage({ ":message-type": "exception", ":exception-type": type, ":content-type": "application/json" }, Buffer.from(JSON.stringify({ message }), "utf8"));
