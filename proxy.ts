import { NextResponse, type NextRequest } from "next/server";
import { apiPolicy, newNonce, pagePolicy } from "@/server/web/security-headers";

// Next.js runs this before every request (Node.js runtime): a fresh script nonce and the
// Content-Security-Policy for each page, a locked-down one for API answers. Next.js reads the nonce from the
// request's CSP header and puts it on its own scripts; pages render per request (root layout is dynamic).
export function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/api/")) {
    const response = NextResponse.next();
    response.headers.set("Content-Security-Policy", apiPolicy);
    return response;
  }
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
  // Static build output carries no nonce and needs none (next.config.js still gives it the other headers).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
