import { parseArgs } from "node:util";
import { parseFaultRules, type FaultRule } from "./faults";

// Options of `npm run sim` and `npm run demo`: the size and shape of the seeded tenants, the
// provisioning cycle, and faults to start with.

export type SimOptions = {
  users: number;
  groups: number;
  nestingDepth: number;
  awkwardShare: number;
  seed: number;
  accounts: number;
  region: string;
  cycleSeconds: number;
  /** how many of each kind of drift to plant between Entra and AWS (planted-drift.ts) */
  drift: number;
  faults: FaultRule[];
};

export const defaultSimOptions: SimOptions = {
  users: 40,
  groups: 8,
  nestingDepth: 1,
  awkwardShare: 0.1,
  seed: 1,
  accounts: 6,
  region: "eu-west-1",
  cycleSeconds: 20,
  drift: 0,
  faults: [],
};

export const simUsage = `options:
  --users N          generated Entra users besides the demo people (default ${defaultSimOptions.users})
  --groups N         generated Entra groups (default ${defaultSimOptions.groups})
  --nesting N        depth of nested groups (default ${defaultSimOptions.nestingDepth})
  --awkward R        share of users with awkward data, 0 to 1 (default ${defaultSimOptions.awkwardShare})
  --seed N           seed for the generated data (default ${defaultSimOptions.seed})
  --accounts N       AWS accounts in the organization (default ${defaultSimOptions.accounts})
  --region R         AWS region of the IAM Identity Center instance (default ${defaultSimOptions.region})
  --cycle-seconds N  provisioning cycle interval (default ${defaultSimOptions.cycleSeconds}; Entra's is about 40 minutes)
  --drift N          plant N differences of each kind between Entra and AWS (default ${defaultSimOptions.drift}; the demo plants 2)
  --faults JSON      fault rules, e.g. '[{"route":"graph:*","throttleRate":0.2}]'`;

export class SimOptionsError extends Error {}

function number(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new SimOptionsError(`--${name} must be a number from ${min} to ${max}, not "${text}"`);
  return n;
}

export function parseSimOptions(argv: string[]): SimOptions {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: Object.fromEntries(
        ["users", "groups", "nesting", "awkward", "seed", "accounts", "region", "cycle-seconds", "drift", "faults"].map((k) => [
          k,
          { type: "string" as const },
        ]),
      ),
      strict: true,
    }).values;
  } catch (e) {
    throw new SimOptionsError((e as Error).message);
  }
  const d = defaultSimOptions;
  let faults: FaultRule[];
  try {
    faults = parseFaultRules(values.faults);
  } catch (e) {
    throw new SimOptionsError(`--faults: ${(e as Error).message}`);
  }
  const region = values.region ?? d.region;
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) throw new SimOptionsError(`--region must be an AWS region such as eu-west-1, not "${region}"`);
  return {
    users: number("users", values.users, d.users, 0, 200_000),
    groups: number("groups", values.groups, d.groups, 0, 50_000),
    nestingDepth: number("nesting", values.nesting, d.nestingDepth, 0, 10),
    awkwardShare: number("awkward", values.awkward, d.awkwardShare, 0, 1),
    seed: number("seed", values.seed, d.seed, 0, 2 ** 31),
    accounts: number("accounts", values.accounts, d.accounts, 1, 500),
    region,
    cycleSeconds: number("cycle-seconds", values["cycle-seconds"], d.cycleSeconds, 1, 86_400),
    drift: number("drift", values.drift, d.drift, 0, 100),
    faults,
  };
}
