import { NextResponse, type NextRequest } from "next/server";
import { config as serverConfig } from "./lib/config";
import { newNonce, securityHeaders } from "./lib/security-headers";

// Runs before every page and route (Next.js's proxy, formerly middleware): a fresh nonce and the security
// headers built around it (lib/security-headers.ts). Next.js takes the nonce from the request's copy of
// the policy while rendering, which is why every page renders per request (app/layout.tsx).

export function proxy(request: NextRequest): NextResponse {
  const headers = securityHeaders({ nonce: newNonce(), publicUrl: serverConfig().publicUrl, development: process.env.NODE_ENV === "development" });
  const forwarded = new Headers(request.headers);
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Built files carry no markup to protect; everything else, route handlers included, gets the headers.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
