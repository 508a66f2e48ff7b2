// Part of `npm run bench -- drift` and `-- mirrors`: the simulated clouds in a process of their own,
// so the benchmark's memory figure is SSO Bridge's alone. Prints one JSON line with the environment
// that reaches them, then runs until stopped. The benchmark, once SSO Bridge has created its
// enterprise app, asks the control server (POST /bench/scale-tenant) to build the large tenant
// around it and to hold each cloud to its request rate from then on; later to change a share of its
// users and groups (POST /bench/change) or of its memberships (POST /bench/change-memberships).
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ControlError } from "../simulators/control-server";
import { buildScaleTenant, changeScaleMemberships, changeScaleTenant } from "../simulators/scale-tenant";
import { startSimulators } from "../simulators/start-simulators";

const { values } = parseArgs({
  options: Object.fromEntries(["users", "groups", "memberships", "nesting", "seed", "graph-rate", "aws-rate"].map((k) => [k, { type: "string" as const }])),
});
const num = (name: string) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, not "${values[name]}"`);
  return n;
};

async function main() {
  const sims = await startSimulators({
    users: 0,
    groups: 0,
    awkwardShare: 0,
    drift: 0,
    // A provisioning cycle would change AWS while it is read; the benchmark starts none.
    cycleSeconds: 86_400,
    dataDir: path.join(os.tmpdir(), `ssob-bench-sims-${process.pid}`),
    appUrls: ["http://localhost:3000"],
    controlOperations: [
      {
        method: "POST",
        path: "/bench/scale-tenant",
        run: (body) => {
          const servicePrincipalId = (body as { servicePrincipalId?: unknown })?.servicePrincipalId;
          if (typeof servicePrincipalId !== "string") throw new ControlError(400, 'send {"servicePrincipalId": "…"}');
          const shape = buildScaleTenant(sims.directory, sims.aws.world.identityStore, servicePrincipalId, {
            users: num("users"),
            groups: num("groups"),
            memberships: num("memberships"),
            nestingDepth: num("nesting"),
            seed: num("seed"),
          });
          // Graph counts its limit over 10 s; IAM Identity Center's APIs per second.
          const graph = num("graph-rate");
          const aws = num("aws-rate");
          sims.faults.set([
            { route: "graph:*", ratePerSecond: graph, burst: graph * 10 },
            { route: "identitystore:*", ratePerSecond: aws },
            { route: "sso-admin:*", ratePerSecond: aws },
          ]);
          sims.requests.reset();
          return shape;
        },
      },
      {
        method: "POST",
        path: "/bench/change",
        run: (body) => {
          const share = (body as { share?: unknown })?.share;
          if (typeof share !== "number" || share <= 0 || share > 1) throw new ControlError(400, 'send {"share": 0.01}');
          return changeScaleTenant(sims.directory, share, num("seed"));
        },
      },
      {
        method: "POST",
        path: "/bench/change-memberships",
        run: (body) => {
          const share = (body as { share?: unknown })?.share;
          if (typeof share !== "number" || share <= 0 || share > 1) throw new ControlError(400, 'send {"share": 0.01}');
          return changeScaleMemberships(sims.directory, share, num("seed"));
        },
      },
    ],
  });
  console.log(JSON.stringify({ env: sims.env }));
  const stop = () => void sims.close().finally(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(`bench drift simulators: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
