// better-auth's handler for its route (app/api/auth/[...all]/route.ts), through the HTTP door: route handlers import
// server/web only (eslint.config.js).
export { auth } from "@/server/identity/auth";
