import { paginate } from "../json-protocol/pagination";
import { asRecord, optionalString, requireString } from "../json-protocol/validate";
import { conflict, invalid, notFound, quotaExceeded } from "./errors";
import { instanceArn, PAGE, permissionSet, sessionDuration, type Ops } from "./input";
import type { CustomerManagedPolicyReference, PermissionSetRecord, PermissionsBoundary, SsoAdminState } from "./state";

// Instances, permission sets and everything attached to them. Every change bumps the permission
// set's version: accounts keep the old version until ProvisionPermissionSet pushes the new one.

const NAME = /^[\w+=,.@-]+$/;
const DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;
const RELAY_STATE = /^[a-zA-Z0-9&$@#\\/%?=~\-_'"|!:,.;*+[\] (){}]+$/;
const MANAGED_POLICY_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::aws:policy\/[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]+$/u;
const POLICY_NAME = /^[\w+=,.@-]+$/;
const POLICY_PATH = /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/;
// IAM Identity Center quota: permission sets per instance.
const MAX_PERMISSION_SETS = 2000;

function describe(ps: PermissionSetRecord) {
  return {
    Name: ps.Name,
    PermissionSetArn: ps.PermissionSetArn,
    Description: ps.Description,
    CreatedDate: ps.CreatedDate,
    SessionDuration: ps.SessionDuration,
    RelayState: ps.RelayState,
  };
}

function customerManagedReference(raw: unknown): CustomerManagedPolicyReference {
  const ref = asRecord(raw);
  if (!ref) throw invalid("1 validation error detected: Value null at 'customerManagedPolicyReference' failed to satisfy constraint: Member must not be null");
  const Name = requireString(ref, "Name", invalid, { min: 1, max: 128, pattern: POLICY_NAME });
  const Path = optionalString(ref, "Path", invalid, { min: 1, max: 512, pattern: POLICY_PATH }) ?? "/";
  return { Name, Path };
}

function changed(ps: PermissionSetRecord): Record<string, never> {
  ps.version += 1;
  return {};
}

export function permissionSetOperations(state: SsoAdminState): Ops {
  const world = state.world;
  const instance = () => {
    const i = world.instance;
    return {
      InstanceArn: i.InstanceArn,
      IdentityStoreId: i.IdentityStoreId,
      OwnerAccountId: i.OwnerAccountId,
      Name: i.Name,
      CreatedDate: i.CreatedDate,
      Status: i.Status,
    };
  };

  return {
    ListInstances: (input) => {
      const { page, NextToken } = paginate([instance()], input, PAGE, "ListInstances", invalid);
      return { Instances: page, NextToken };
    },
    DescribeInstance: (input) => {
      instanceArn(state, input);
      return instance();
    },
    CreatePermissionSet: (input) => {
      instanceArn(state, input);
      const Name = requireString(input, "Name", invalid, { min: 1, max: 32, pattern: NAME });
      const Description = optionalString(input, "Description", invalid, { min: 1, max: 700, pattern: DESCRIPTION });
      const RelayState = optionalString(input, "RelayState", invalid, { min: 1, max: 240, pattern: RELAY_STATE });
      const SessionDuration = sessionDuration(input) ?? "PT1H";
      if ([...state.permissionSets.values()].some((p) => p.Name === Name)) throw conflict(`PermissionSet with name ${Name} already exists.`);
      if (state.permissionSets.size >= MAX_PERMISSION_SETS) throw quotaExceeded("The number of permission sets in this instance has reached its limit.");
      const ps: PermissionSetRecord = {
        Name,
        PermissionSetArn: state.newPermissionSetArn(),
        Description,
        CreatedDate: new Date(),
        SessionDuration,
        RelayState,
        managedPolicies: [],
        customerManagedPolicies: [],
        version: 1,
      };
      state.permissionSets.set(ps.PermissionSetArn, ps);
      return { PermissionSet: describe(ps) };
    },
    DescribePermissionSet: (input) => ({ PermissionSet: describe(permissionSet(state, input)) }),
    ListPermissionSets: (input) => {
      instanceArn(state, input);
      const { page, NextToken } = paginate([...state.permissionSets.keys()], input, PAGE, "ListPermissionSets", invalid);
      return { PermissionSets: page, NextToken };
    },
    UpdatePermissionSet: (input) => {
      const ps = permissionSet(state, input);
      const description = optionalString(input, "Description", invalid, { min: 1, max: 700, pattern: DESCRIPTION });
      const relayState = optionalString(input, "RelayState", invalid, { min: 1, max: 240, pattern: RELAY_STATE });
      const duration = sessionDuration(input);
      if (description !== undefined) ps.Description = description;
      if (relayState !== undefined) ps.RelayState = relayState;
      if (duration !== undefined) ps.SessionDuration = duration;
      return changed(ps);
    },
    DeletePermissionSet: (input) => {
      const ps = permissionSet(state, input);
      // The API reference sets no precondition; the user guide has the set removed from the accounts
      // using it, which is removing its assignments there, and AWS answers ConflictException while
      // anyone is still assigned it. A set provisioned where nobody is assigned (ProvisionPermissionSet
      // to one account) is deleted, and the roles it backed go with it: no API removes it otherwise.
      if (state.assignments.some((a) => a.PermissionSetArn === ps.PermissionSetArn)) {
        throw conflict("Could not delete because PermissionSet has ApplicationProfile associated with it.");
      }
      state.permissionSets.delete(ps.PermissionSetArn);
      state.provisioned.delete(ps.PermissionSetArn);
      return {};
    },

    AttachManagedPolicyToPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      const arn = requireString(input, "ManagedPolicyArn", invalid, { min: 20, max: 2048, pattern: MANAGED_POLICY_ARN });
      if (ps.managedPolicies.includes(arn)) throw conflict(`Managed policy ${arn} is already attached to PermissionSet ${ps.PermissionSetArn}.`);
      ps.managedPolicies.push(arn);
      return changed(ps);
    },
    DetachManagedPolicyFromPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      const arn = requireString(input, "ManagedPolicyArn", invalid, { min: 20, max: 2048, pattern: MANAGED_POLICY_ARN });
      const i = ps.managedPolicies.indexOf(arn);
      if (i < 0) throw notFound(`Managed policy ${arn} is not attached to PermissionSet ${ps.PermissionSetArn}.`);
      ps.managedPolicies.splice(i, 1);
      return changed(ps);
    },
    ListManagedPoliciesInPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      const { page, NextToken } = paginate(ps.managedPolicies, input, PAGE, `ListManagedPolicies:${ps.PermissionSetArn}`, invalid);
      return { AttachedManagedPolicies: page.map((Arn) => ({ Arn, Name: Arn.split("/").pop() })), NextToken };
    },

    AttachCustomerManagedPolicyReferenceToPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      const ref = customerManagedReference(input.CustomerManagedPolicyReference);
      if (ps.customerManagedPolicies.some((r) => r.Name === ref.Name && r.Path === ref.Path))
        throw conflict(`Customer managed policy ${ref.Path}${ref.Name} is already attached.`);
      ps.customerManagedPolicies.push(ref);
      return changed(ps);
    },
    DetachCustomerManagedPolicyReferenceFromPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      const ref = customerManagedReference(input.CustomerManagedPolicyReference);
      const i = ps.customerManagedPolicies.findIndex((r) => r.Name === ref.Name && r.Path === ref.Path);
      if (i < 0) throw notFound(`Customer managed policy ${ref.Path}${ref.Name} is not attached to PermissionSet ${ps.PermissionSetArn}.`);
      ps.customerManagedPolicies.splice(i, 1);
      return changed(ps);
    },
    ListCustomerManagedPolicyReferencesInPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      const { page, NextToken } = paginate(ps.customerManagedPolicies, input, PAGE, `ListCustomerManaged:${ps.PermissionSetArn}`, invalid);
      return { CustomerManagedPolicyReferences: page, NextToken };
    },

    PutInlinePolicyToPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      const policy = requireString(input, "InlinePolicy", invalid, { min: 1, max: 32768 });
      let parsed: unknown;
      try {
        parsed = JSON.parse(policy);
      } catch {
        throw invalid("The policy document is not valid JSON.");
      }
      const doc = asRecord(parsed);
      if (!doc || doc.Statement === undefined) throw invalid("The policy document must be a JSON object with a Statement.");
      ps.inlinePolicy = policy;
      return changed(ps);
    },
    GetInlinePolicyForPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      return { InlinePolicy: ps.inlinePolicy };
    },
    DeleteInlinePolicyFromPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      ps.inlinePolicy = undefined;
      return changed(ps);
    },

    PutPermissionsBoundaryToPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      const raw = asRecord(input.PermissionsBoundary);
      if (!raw) throw invalid("1 validation error detected: Value null at 'permissionsBoundary' failed to satisfy constraint: Member must not be null");
      const hasRef = raw.CustomerManagedPolicyReference !== undefined && raw.CustomerManagedPolicyReference !== null;
      const hasArn = raw.ManagedPolicyArn !== undefined && raw.ManagedPolicyArn !== null;
      if (hasRef === hasArn) throw invalid("Specify either CustomerManagedPolicyReference or ManagedPolicyArn in the permissions boundary, not both.");
      const boundary: PermissionsBoundary = hasRef
        ? { CustomerManagedPolicyReference: customerManagedReference(raw.CustomerManagedPolicyReference) }
        : { ManagedPolicyArn: requireString(raw, "ManagedPolicyArn", invalid, { min: 20, max: 2048, pattern: MANAGED_POLICY_ARN }) };
      ps.permissionsBoundary = boundary;
      return changed(ps);
    },
    GetPermissionsBoundaryForPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      if (!ps.permissionsBoundary) throw notFound(`PermissionSet ${ps.PermissionSetArn} has no permissions boundary.`);
      return { PermissionsBoundary: ps.permissionsBoundary };
    },
    DeletePermissionsBoundaryFromPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      if (!ps.permissionsBoundary) throw notFound(`PermissionSet ${ps.PermissionSetArn} has no permissions boundary.`);
      ps.permissionsBoundary = undefined;
      return changed(ps);
    },
  };
}
