import { checkServerHealth } from "@/lib/server-health";
import { defineRoute } from "@/lib/route";

export const dynamic = "force-dynamic";

// Load balancers and the start script ask without a session; the answer carries nothing private.
export const GET = defineRoute({
  name: "health",
  allowed: "public",
  run: async () => {
    const health = await checkServerHealth();
    return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
  },
});
