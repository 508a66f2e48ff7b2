import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { defineRoute, type RouteContext } from "@/lib/route";

// next-auth types the handler it makes for the App Router as any; this is the shape it has.
type AuthHandler = (request: Request, context: Pick<RouteContext<"public">, "params">) => Promise<Response>;

// Signing in is how a session starts, so this route cannot ask for one.
const auth = defineRoute({
  name: "auth",
  allowed: "public",
  run: (_input, { request, params }) => (NextAuth(authOptions()) as AuthHandler)(request, { params }),
});

export { auth as GET, auth as POST };
