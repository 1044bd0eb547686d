// Signing keys for the sandbox and tests, the same on every machine and every start: an ECDSA P-256 key (cosign's
// default) whose private scalar is the SHA-256 of a label. Public by construction, so never a production key; it lets
// the seed trust the sandbox key without sharing a generated one between processes.
import { createECDH, createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

export interface SigningKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SubjectPublicKeyInfo, PEM: what an operator pastes into Bulkhead (cosign.pub). */
  publicKeyPem: string;
}

const base64url = (bytes: Buffer) => bytes.toString("base64url");

export function labelledSigningKey(label: string): SigningKeyPair {
  const d = createHash("sha256").update(`bulkhead sandbox signing key: ${label}`).digest();
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey(); // 0x04 ‖ x ‖ y
  const jwk = { kty: "EC", crv: "P-256", d: base64url(d), x: base64url(point.subarray(1, 33)), y: base64url(point.subarray(33)) };
  const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

/** The key the sandbox signs its demo images with; the seed trusts it platform-wide. */
export const SANDBOX_SIGNING_KEY_LABEL = "demo images";
