import type { IdsUser } from "../directory-store";
import { invalid } from "./errors";
import { isObject, optionalBoolean, optionalString, requiredString, screenStrings, singleValued, type Json } from "./validate";
import { externalIdOf, withScimExternalId } from "./external-id";

// SCIM User documents ⇄ identity store records. Create, replace and patch all end in
// `userFromScim`, so one set of checks guards every write path.

export const USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

type UserFields = Omit<IdsUser, "UserId" | "IdentityStoreId" | "CreatedAt" | "UpdatedAt">;

const UNSUPPORTED = ["ims", "photos", "x509Certificates", "entitlements", "password"];
const NAME_PARTS = ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"] as const;
const ADDRESS_PARTS = ["formatted", "streetAddress", "locality", "region", "postalCode", "country", "type"] as const;
const SIMPLE = [
  ["displayName", "DisplayName"],
  ["nickName", "NickName"],
  ["profileUrl", "ProfileUrl"],
  ["title", "Title"],
  ["userType", "UserType"],
  ["preferredLanguage", "PreferredLanguage"],
  ["locale", "Locale"],
  ["timezone", "Timezone"],
] as const;

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const camel = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Validates a whole SCIM user and returns the store fields; `previous` keeps non-SCIM data on replace. */
export function userFromScim(doc: Json, previous?: IdsUser): UserFields {
  for (const key of UNSUPPORTED) if (doc[key] !== undefined) throw invalid(`The ${key} attribute is not supported.`);
  if (doc.groups !== undefined) throw invalid("The groups attribute cannot be set on a user.");

  const userName = requiredString(doc, "userName");
  const displayName = requiredString(doc, "displayName");
  if (!isObject(doc.name)) throw invalid("name.givenName and name.familyName are required.");
  const name = doc.name;
  requiredString(name, "givenName", "name.givenName");
  requiredString(name, "familyName", "name.familyName");

  const Name: Record<string, string> = {};
  for (const part of NAME_PARTS) {
    const v = optionalString(name, part);
    if (v !== undefined) Name[pascal(part)] = v;
  }

  const fields: UserFields = {
    UserName: userName,
    DisplayName: displayName,
    Name,
    Active: optionalBoolean(doc, "active") ?? true,
    ExternalIds: withScimExternalId(previous?.ExternalIds, optionalString(doc, "externalId")),
    // Identity Store attributes SCIM cannot express survive a replace untouched.
    Website: previous?.Website,
    Birthdate: previous?.Birthdate,
    Photos: previous?.Photos,
  };
  for (const [scim, store] of SIMPLE) fields[store] = optionalString(doc, scim);

  const email = singleValued(doc, "emails");
  if (email) {
    // Only a primary email is accepted.
    if (optionalBoolean(email, "primary") !== true) throw invalid("The emails attribute value must be marked as primary.");
    fields.Emails = [{ Value: optionalString(email, "value"), Type: optionalString(email, "type"), Primary: true }];
  }
  const phone = singleValued(doc, "phoneNumbers");
  if (phone) fields.PhoneNumbers = [{ Value: optionalString(phone, "value"), Type: optionalString(phone, "type"), Primary: optionalBoolean(phone, "primary") }];
  const address = singleValued(doc, "addresses");
  if (address) {
    const a: Record<string, unknown> = {};
    for (const part of ADDRESS_PARTS) {
      const v = optionalString(address, part);
      if (v !== undefined) a[pascal(part)] = v;
    }
    const primary = optionalBoolean(address, "primary");
    if (primary !== undefined) a.Primary = primary;
    fields.Addresses = [a];
  }
  const role = singleValued(doc, "roles");
  if (role) {
    if (role.display !== undefined) throw invalid("The display sub-attribute of roles is not supported.");
    fields.Roles = [{ Value: optionalString(role, "value"), Type: optionalString(role, "type"), Primary: optionalBoolean(role, "primary") }];
  }
  const enterprise = doc[ENTERPRISE_URN];
  if (enterprise !== undefined && enterprise !== null) {
    if (!isObject(enterprise)) throw invalid(`${ENTERPRISE_URN} must be an object.`);
    screenStrings(enterprise, ENTERPRISE_URN);
    if (isObject(enterprise.manager) && enterprise.manager.displayName !== undefined) {
      throw invalid("The displayName sub-attribute of manager is not supported.");
    }
    fields.Enterprise = enterprise;
  }
  for (const key of Object.keys(fields) as (keyof UserFields)[]) if (fields[key] === undefined) delete fields[key];
  return fields;
}

export function userToScim(u: IdsUser): Json {
  const doc: Json = {
    id: u.UserId,
    externalId: externalIdOf(u.ExternalIds),
    meta: { resourceType: "User", created: iso(u.CreatedAt), lastModified: iso(u.UpdatedAt) },
    schemas: u.Enterprise ? [USER_URN, ENTERPRISE_URN] : [USER_URN],
    userName: u.UserName,
    name: u.Name ? Object.fromEntries(Object.entries(u.Name).map(([k, v]) => [camel(k), v])) : undefined,
  };
  for (const [scim, store] of SIMPLE) doc[scim] = u[store];
  doc.active = u.Active;
  doc.emails = u.Emails?.map((e) => ({ value: e.Value, type: e.Type, primary: e.Primary }));
  doc.addresses = u.Addresses?.map((a) => Object.fromEntries(Object.entries(a).map(([k, v]) => [camel(k), v])));
  doc.phoneNumbers = u.PhoneNumbers?.map((p) => ({ value: p.Value, type: p.Type, primary: p.Primary }));
  doc.roles = u.Roles?.map((r) => ({ value: r.Value, type: r.Type, primary: r.Primary }));
  if (u.Enterprise) doc[ENTERPRISE_URN] = u.Enterprise;
  return JSON.parse(JSON.stringify(doc)) as Json;
}

/** AWS shows whole-second UTC timestamps. */
export function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
