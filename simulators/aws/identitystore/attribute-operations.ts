import type { IdsGroup, IdsUser, Name } from "../directory-store";
import { asRecord } from "../json-protocol/validate";
import { invalid } from "./errors";

// UpdateUser / UpdateGroup take [{AttributePath, AttributeValue}] where the path is the attribute's
// camelCase name ("displayName", "name.givenName") and the value a JSON document; a missing or null
// value removes the attribute. Multi-valued attributes arrive as arrays of objects whose keys
// callers write either SCIM-style ("value") or API-style ("Value").

type Operation = { path: string; value: unknown };

export function readOperations(raw: unknown): Operation[] {
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > 100) {
    throw invalid("1 validation error detected: Value at 'operations' failed to satisfy constraint: Member must have length between 1 and 100");
  }
  return raw.map((op) => {
    const o = asRecord(op);
    if (!o || typeof o.AttributePath !== "string" || o.AttributePath === "") throw invalid("AttributePath is required for every operation");
    return { path: o.AttributePath, value: o.AttributeValue ?? null };
  });
}

const USER_STRINGS: Record<string, keyof IdsUser> = {
  userName: "UserName",
  displayName: "DisplayName",
  nickName: "NickName",
  profileUrl: "ProfileUrl",
  userType: "UserType",
  title: "Title",
  preferredLanguage: "PreferredLanguage",
  locale: "Locale",
  timezone: "Timezone",
  website: "Website",
  birthdate: "Birthdate",
};

const NAME_PARTS: Record<string, keyof Name> = {
  formatted: "Formatted",
  familyName: "FamilyName",
  givenName: "GivenName",
  middleName: "MiddleName",
  honorificPrefix: "HonorificPrefix",
  honorificSuffix: "HonorificSuffix",
};

const MULTI_VALUED: Record<string, { field: "Emails" | "PhoneNumbers" | "Addresses" | "Photos" | "Roles"; keys: string[] }> = {
  emails: { field: "Emails", keys: ["Value", "Type", "Primary"] },
  phoneNumbers: { field: "PhoneNumbers", keys: ["Value", "Type", "Primary"] },
  addresses: { field: "Addresses", keys: ["StreetAddress", "Locality", "Region", "PostalCode", "Country", "Formatted", "Type", "Primary"] },
  photos: { field: "Photos", keys: ["Value", "Type", "Display", "Primary"] },
  roles: { field: "Roles", keys: ["Value", "Type", "Primary"] },
};

function stringValue(path: string, value: unknown): string | undefined {
  if (value === null) return undefined;
  if (typeof value !== "string") throw invalid(`AttributeValue for ${path} must be a string`);
  return value;
}

function pascalEntries(path: string, value: unknown, keys: string[]): Record<string, unknown>[] | undefined {
  if (value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(`AttributeValue for ${path} must be a list`);
  return value.map((item) => {
    const o = asRecord(item);
    if (!o) throw invalid(`AttributeValue for ${path} must be a list of objects`);
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const v = o[key] ?? o[key.charAt(0).toLowerCase() + key.slice(1)];
      if (v !== undefined && v !== null) out[key] = v;
    }
    return out;
  });
}

/** The change to hand to IdentityStore.updateUser, built from the operations in order. */
export function userChange(user: IdsUser, ops: Operation[]): Partial<IdsUser> {
  const change: Partial<IdsUser> = {};
  let name: Name | undefined = user.Name ? { ...user.Name } : undefined;
  let nameTouched = false;
  for (const { path, value } of ops) {
    const simple = USER_STRINGS[path];
    if (simple) {
      const v = stringValue(path, value);
      if (simple === "UserName" && v === undefined) throw invalid("UserName cannot be removed");
      (change as Record<string, unknown>)[simple] = v;
      continue;
    }
    if (path === "name") {
      const o = value === null ? undefined : asRecord(value);
      if (value !== null && !o) throw invalid("AttributeValue for name must be an object");
      name = o ? pascalEntries(path, [o], Object.values(NAME_PARTS))?.[0] : undefined;
      nameTouched = true;
      continue;
    }
    if (path.startsWith("name.")) {
      const part = NAME_PARTS[path.slice(5)];
      if (!part) throw invalid(`Invalid attribute path: ${path}`);
      name = { ...(name ?? {}), [part]: stringValue(path, value) };
      nameTouched = true;
      continue;
    }
    const multi = MULTI_VALUED[path];
    if (multi) {
      (change as Record<string, unknown>)[multi.field] = pascalEntries(path, value, multi.keys);
      continue;
    }
    throw invalid(`Invalid attribute path: ${path}`);
  }
  if (nameTouched) change.Name = name;
  return change;
}

export function groupChange(ops: Operation[]): Partial<Pick<IdsGroup, "DisplayName" | "Description">> {
  const change: Partial<Pick<IdsGroup, "DisplayName" | "Description">> = {};
  for (const { path, value } of ops) {
    if (path === "displayName") {
      const v = stringValue(path, value);
      if (v === undefined) throw invalid("DisplayName cannot be removed");
      change.DisplayName = v;
    } else if (path === "description") {
      change.Description = stringValue(path, value);
    } else {
      throw invalid(`Invalid attribute path: ${path}`);
    }
  }
  return change;
}
