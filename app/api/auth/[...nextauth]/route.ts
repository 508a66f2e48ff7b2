import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { defineRoute } from "@/lib/route";

// Signing in is how a session starts, so this route cannot ask for one.
const auth = defineRoute({
  name: "auth",
  allowed: "public",
  run: (_input, { request, params }) => NextAuth(authOptions())(request, { params }),
});

export { auth as GET, auth as POST };
