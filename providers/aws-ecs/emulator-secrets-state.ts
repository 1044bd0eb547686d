// The memory of the emulator's AWS Secrets Manager: per region, secrets by name with their versions and
// staging labels. A deletion with a recovery window is a timestamp; the secret is gone once it has passed.
import { randomInt } from "node:crypto";
import { ACCOUNT_ID } from "./emulator-state";

export interface SecretTag {
  Key: string;
  Value: string;
}

/** A version: its id (the ClientRequestToken that made it), its value and its staging labels. */
export interface StoredVersion {
  id: string;
  /** SecretString, or SecretBinary as the base64 the wire carries. */
  value: { string: string } | { binary: string };
  createdAt: number;
  stages: string[];
}

export interface StoredSecret {
  arn: string;
  name: string;
  description?: string;
  kmsKeyId?: string;
  tags: SecretTag[];
  createdAt: number;
  changedAt: number;
  /** Set by DeleteSecret with a recovery window: DescribeSecret still answers, most operations refuse. */
  deletedAt?: number;
  deletionDate?: number;
  /** Oldest first. */
  versions: StoredVersion[];
}

const SUFFIX_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Secrets Manager appends a hyphen and six random characters to the name in a secret's ARN ("Secret ARN" in
 * the Secrets Manager user guide), so a secret deleted and created again under its name gets another ARN.
 */
export function secretArn(region: string, name: string): string {
  const suffix = Array.from({ length: 6 }, () => SUFFIX_CHARACTERS[randomInt(SUFFIX_CHARACTERS.length)]).join("");
  return `arn:aws:secretsmanager:${region}:${ACCOUNT_ID}:secret:${name}-${suffix}`;
}

export class SecretsStore {
  readonly regions = new Map<string, Map<string, StoredSecret>>();

  /** The region's secrets, without those whose recovery window has passed (Secrets Manager deleted them). */
  secrets(region: string, now = Date.now()): Map<string, StoredSecret> {
    let secrets = this.regions.get(region);
    if (!secrets) {
      secrets = new Map();
      this.regions.set(region, secrets);
    }
    for (const [name, secret] of secrets) if (secret.deletionDate !== undefined && now >= secret.deletionDate) secrets.delete(name);
    return secrets;
  }

  /**
   * A secret by name, by full ARN, or by partial ARN (the ARN without its six-character suffix), as every
   * operation's SecretId accepts ("SecretId" in the Secrets Manager API reference).
   */
  find(region: string, secretId: string, now = Date.now()): StoredSecret | undefined {
    const secrets = this.secrets(region, now);
    if (!secretId.startsWith("arn:")) return secrets.get(secretId);
    for (const secret of secrets.values()) {
      if (secret.arn === secretId || secret.arn.slice(0, -7) === secretId) return secret;
    }
    return undefined;
  }

  regionNames(): string[] {
    return [...this.regions.keys()];
  }
}
