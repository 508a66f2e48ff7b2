import { seededRandom } from "../../seeded-random";
import type { AwsAccount, AwsWorld, OrganizationalUnit } from "../world";

// Fills the simulated organization with accounts and OUs that come out the same for the same seed,
// so tests and demos can name "Staging" or a fixed account id without reading them back first.

const ACCOUNT_NAMES = [
  "Production",
  "Staging",
  "Development",
  "Sandbox",
  "Shared Services",
  "Security",
  "Log Archive",
  "Audit",
  "Networking",
  "Data Platform",
  "Analytics",
  "Billing",
];

function chars(random: () => number, alphabet: string, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}

export function seedOrganization(
  world: AwsWorld,
  opts: { accounts: number; organizationalUnits: string[]; seed?: number },
): { accounts: AwsAccount[]; organizationalUnits: OrganizationalUnit[] } {
  const random = seededRandom(opts.seed ?? 1);
  const org = world.organization;
  const management = org.MasterAccountId;
  const rootSuffix = org.root.Id.slice(2);

  const ous = opts.organizationalUnits.map((name) => {
    let id: string;
    do id = `ou-${rootSuffix}-${chars(random, "0123456789abcdefghijklmnopqrstuvwxyz", 8)}`;
    while (org.organizationalUnits.has(id));
    const ou: OrganizationalUnit = { Id: id, Arn: `arn:aws:organizations::${management}:ou/${org.Id}/${id}`, Name: name, parentId: org.root.Id };
    org.organizationalUnits.set(id, ou);
    return ou;
  });

  const used = new Set([...org.accounts.values()].map((a) => a.Name));
  const accounts: AwsAccount[] = [];
  // Joined dates spread over the past years, fixed relative to a constant so they are reproducible.
  const epoch = Date.UTC(2024, 0, 1);
  for (let i = 0; i < opts.accounts; i++) {
    let id: string;
    do id = chars(random, "0123456789", 12);
    while (org.accounts.has(id) || id.startsWith("0"));
    const base = ACCOUNT_NAMES[i % ACCOUNT_NAMES.length] ?? "Workload";
    let name = i < ACCOUNT_NAMES.length ? base : `${base} ${Math.floor(i / ACCOUNT_NAMES.length) + 1}`;
    while (used.has(name)) name = `${name}+`;
    used.add(name);
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const parent = ous.length > 0 ? ous[i % ous.length]! : undefined;
    const account: AwsAccount = {
      Id: id,
      Arn: `arn:aws:organizations::${management}:account/${org.Id}/${id}`,
      Email: `aws-${slug}@contoso.example`,
      Name: name,
      Status: "ACTIVE",
      JoinedMethod: "CREATED",
      JoinedTimestamp: new Date(epoch - Math.floor(random() * 3 * 365) * 86_400_000),
      parentId: parent?.Id ?? org.root.Id,
    };
    org.accounts.set(id, account);
    accounts.push(account);
  }
  return { accounts, organizationalUnits: ous };
}
