// What an API token looks like: `bh_`, 40 random base62 characters, then a 6-character base62 CRC-32 of them.
// The prefix lets secret scanners (and people) recognise a leaked Bulkhead token; the checksum lets them, and
// the server, tell a real-looking token from a typo or a random string without a database lookup (GitHub's
// token format does the same). Only base62, so a double click selects the whole token.
import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

export const TOKEN_PREFIX = "bh_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_LENGTH = 40; // 40 × log2(62) ≈ 238 bits
const CHECK_LENGTH = 6; // 62^6 > 2^32

/** What a secret scanner can search for. */
export const TOKEN_PATTERN = /^bh_[0-9A-Za-z]{46}$/;

function randomBase62(length: number): string {
  let text = "";
  while (text.length < length) {
    // 248 = 4 × 62: bytes above it are dropped, so every character is equally likely.
    for (const byte of randomBytes(length)) if (byte < 248 && text.length < length) text += ALPHABET[byte % 62];
  }
  return text;
}

function base62(value: number, width: number): string {
  let text = "";
  for (let rest = value; text.length < width; rest = Math.floor(rest / 62)) text = ALPHABET[rest % 62] + text;
  return text;
}

const checksum = (body: string) => base62(crc32(body), CHECK_LENGTH);

/**
 * Hex SHA-256 of the token: what the database keeps. A fast hash is enough here, unlike for passwords: the token
 * carries 238 random bits, so nobody can search for it from its hash however fast the hash is, and a salt or a slow
 * KDF would only cost every API call its time. The hash is looked up through a unique index.
 */
export function hashToken(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export interface NewToken {
  /** Shown once, to the person who creates it; never stored. */
  text: string;
  hash: string;
  /** Part of the checksum: safe to show in lists, reveals nothing of the random part. */
  lastFour: string;
}

export function newToken(): NewToken {
  const body = randomBase62(RANDOM_LENGTH);
  const text = `${TOKEN_PREFIX}${body}${checksum(body)}`;
  return { text, hash: hashToken(text), lastFour: text.slice(-4) };
}

/** Prefix, length, alphabet and checksum: whether `text` can be a Bulkhead token at all. */
export function isWellFormedToken(text: string): boolean {
  if (!TOKEN_PATTERN.test(text)) return false;
  const body = text.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + RANDOM_LENGTH);
  return text.endsWith(checksum(body));
}

/** How lists show a token: never more than its last four characters. */
export const displayToken = (lastFour: string) => `${TOKEN_PREFIX}…${lastFour}`;
