import { notFound } from "./errors";
import { GROUP_URN } from "./group-mapping";
import { LIST_RESPONSE_URN } from "./paging";
import { ENTERPRISE_URN, USER_URN } from "./user-mapping";
import type { Json } from "./validate";

// Read-only discovery documents. They advertise what the endpoint really does: PATCH yes; bulk,
// sort, etag and password changes no; bearer-token authentication.

export function serviceProviderConfig(): Json {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: "https://docs.aws.amazon.com/singlesignon/latest/developerguide/what-is-scim.html",
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication scheme using the OAuth Bearer Token Standard",
        specUri: "https://www.rfc-editor.org/info/rfc6750",
        documentationUri: "https://docs.aws.amazon.com/singlesignon/latest/userguide/provision-automatically.html",
        primary: true,
      },
    ],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 1, maxPayloadSize: 1048576 },
    filter: { supported: true, maxResults: 100 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
  };
}

const str = (name: string, required = false, extra: Json = {}): Json => ({
  name,
  type: "string",
  multiValued: false,
  required,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});
const complex = (name: string, multiValued: boolean, subAttributes: Json[]): Json => ({
  name,
  type: "complex",
  multiValued,
  required: false,
  mutability: "readWrite",
  returned: "default",
  subAttributes,
});
const typed = (...extra: string[]) => [
  str("value"),
  str("type"),
  { name: "primary", type: "boolean", multiValued: false, required: false },
  ...extra.map((n) => str(n)),
];

const SCHEMAS: Json[] = [
  {
    id: USER_URN,
    name: "User",
    description: "User Account",
    attributes: [
      str("userName", true, { uniqueness: "server" }),
      complex(
        "name",
        false,
        ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"].map((n) =>
          str(n, n === "familyName" || n === "givenName"),
        ),
      ),
      str("displayName", true),
      ...["nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone"].map((n) => str(n)),
      { name: "active", type: "boolean", multiValued: false, required: false, mutability: "readWrite", returned: "default" },
      complex("emails", true, typed()),
      complex("phoneNumbers", true, typed()),
      complex("addresses", true, [
        ...["formatted", "streetAddress", "locality", "region", "postalCode", "country", "type"].map((n) => str(n)),
        { name: "primary", type: "boolean" },
      ]),
      complex("roles", true, typed()),
      complex("groups", true, [str("value", false, { mutability: "readOnly" }), str("display", false, { mutability: "readOnly" })]),
    ],
    meta: { resourceType: "Schema", location: `/Schemas/${USER_URN}` },
  },
  {
    id: GROUP_URN,
    name: "Group",
    description: "Group",
    attributes: [str("displayName", true), complex("members", true, [str("value", false, { mutability: "immutable" }), str("type")])],
    meta: { resourceType: "Schema", location: `/Schemas/${GROUP_URN}` },
  },
  {
    id: ENTERPRISE_URN,
    name: "EnterpriseUser",
    description: "Enterprise User",
    attributes: [...["employeeNumber", "costCenter", "organization", "division", "department"].map((n) => str(n)), complex("manager", false, [str("value")])],
    meta: { resourceType: "Schema", location: `/Schemas/${ENTERPRISE_URN}` },
  },
];

const RESOURCE_TYPES: Json[] = [
  {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    id: "User",
    name: "User",
    endpoint: "/Users",
    description: "User Account",
    schema: USER_URN,
    schemaExtensions: [{ schema: ENTERPRISE_URN, required: false }],
    meta: { resourceType: "ResourceType", location: "/ResourceTypes/User" },
  },
  {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    id: "Group",
    name: "Group",
    endpoint: "/Groups",
    description: "Group",
    schema: GROUP_URN,
    meta: { resourceType: "ResourceType", location: "/ResourceTypes/Group" },
  },
];

const list = (items: Json[]): Json => ({
  schemas: [LIST_RESPONSE_URN],
  totalResults: items.length,
  itemsPerPage: items.length,
  startIndex: 1,
  Resources: items,
});

export function schemas(id?: string): Json {
  if (id === undefined) return list(SCHEMAS);
  const found = SCHEMAS.find((s) => s.id === id);
  if (!found) throw notFound(`Schema ${id} not found.`);
  return found;
}

export function resourceTypes(id?: string): Json {
  if (id === undefined) return list(RESOURCE_TYPES);
  const found = RESOURCE_TYPES.find((r) => r.id === id);
  if (!found) throw notFound(`Resource type ${id} not found.`);
  return found;
}
