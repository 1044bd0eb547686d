import type { PolicySetting } from "@/server/deployments/contract";

/** Each policy setting in words, for people; the key stays available on hover. */
export const settingLabels: Record<PolicySetting, string> = {
  ingressTlsRequired: "Ingress TLS required",
  minTlsVersion: "Minimum TLS version",
  httpRedirectToHttps: "HTTP redirected to HTTPS",
  serviceToServiceEncrypted: "Service-to-service traffic encrypted",
  serviceToServiceMutualAuth: "Service-to-service traffic mutually authenticated",
  egressRestricted: "Egress only over TLS, to the allow-list",
  nonRoot: "Runs as a non-root user",
  readOnlyRootFilesystem: "Read-only root filesystem",
  noPrivileged: "No privileged containers",
  dropCapabilities: "Linux capabilities dropped",
};
