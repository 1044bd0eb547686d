import { NextResponse, type NextRequest } from "next/server";
import { newNonce, pagePolicy } from "@/server/web/security-headers";

// Next.js runs this before every page request (Node.js runtime): a fresh script nonce and the
// Content-Security-Policy for each page. Next.js reads the nonce from the request's CSP header and puts it
// on its own scripts; pages render per request (root layout is dynamic).
export function proxy(request: NextRequest) {
  const policy = pagePolicy(newNonce(), {
    dev: process.env.NODE_ENV === "development",
    https: process.env.BULKHEAD_PUBLIC_URL?.startsWith("https:") ?? false,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Static build output carries no nonce and needs none. API answers get their fixed policy from
  // next.config.js, so this does not run on every API call (it cost a tenth of a small call, bench P4).
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
