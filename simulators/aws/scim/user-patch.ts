import { invalid } from "./errors";
import { parseValueFilter, type PatchOperation } from "./patch-op";
import { ENTERPRISE_URN } from "./user-mapping";
import { isObject, type Json } from "./validate";

// PatchUser applied to the SCIM representation of a user; the result is validated as a whole user
// afterwards, so a patch can never leave a user that CreateUser would have refused.

const SIMPLE = ["userName", "active", "externalId", "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone"];
const MULTI = ["emails", "addresses", "phoneNumbers"];
const CANONICAL = new Map([...SIMPLE, ...MULTI, "name"].map((a) => [a.toLowerCase(), a]));
const PATH = /^([A-Za-z][\w$-]*)(?:\[([^\]]*)\])?(?:\.([A-Za-z][\w$-]*))?$/;

export function applyUserPatch(original: Json, ops: PatchOperation[]): Json {
  const doc = structuredClone(original);
  const singletons = new Map<string, number>();
  const touch = (attr: string, op: string) => {
    if (attr !== "userName" && attr !== "active") return;
    if (op === "remove") throw invalid(`The remove operation is not supported for ${attr}.`);
    singletons.set(attr, (singletons.get(attr) ?? 0) + 1);
    if ((singletons.get(attr) ?? 0) > 1) throw invalid(`Multiple operations on ${attr} are not supported.`);
  };
  for (const op of ops) {
    if (op.path) applyPath(doc, op.op, op.path, op.value, touch);
    else {
      if (!isObject(op.value)) throw invalid();
      for (const [key, value] of Object.entries(op.value)) applyPath(doc, op.op, key, value, touch);
    }
  }
  // A single email created through a filtered path is the user's only one, hence primary.
  const emails = doc.emails;
  if (Array.isArray(emails) && emails.length === 1 && isObject(emails[0]) && emails[0].primary === undefined) emails[0].primary = true;
  return doc;
}

function applyPath(doc: Json, op: PatchOperation["op"], path: string, value: unknown, touch: (attr: string, op: string) => void): void {
  if (path.toLowerCase().startsWith(ENTERPRISE_URN.toLowerCase())) return applyEnterprise(doc, op, path.slice(ENTERPRISE_URN.length), value);
  const m = PATH.exec(path);
  if (!m) throw invalid(`Invalid path: ${path}`);
  const attr = CANONICAL.get((m[1] as string).toLowerCase());
  if (!attr) throw invalid(`Modification of ${m[1]} is not supported.`);
  const filter = m[2];
  const sub = m[3];
  touch(attr, op);

  if (SIMPLE.includes(attr)) {
    if (filter !== undefined || sub !== undefined) throw invalid(`Invalid path: ${path}`);
    if (op === "remove") delete doc[attr];
    else doc[attr] = value;
    return;
  }
  if (attr === "name") {
    if (filter !== undefined) throw invalid(`Invalid path: ${path}`);
    const name = isObject(doc.name) ? doc.name : {};
    if (sub !== undefined) {
      if (op === "remove") delete name[sub];
      else name[sub] = value;
      doc.name = name;
    } else if (op === "remove") delete doc.name;
    else {
      if (!isObject(value)) throw invalid("name must be an object.");
      doc.name = op === "replace" ? { ...value } : { ...name, ...value };
    }
    return;
  }
  applyMultiValued(doc, attr, op, filter, sub, value);
}

function applyMultiValued(doc: Json, attr: string, op: PatchOperation["op"], filterText: string | undefined, sub: string | undefined, value: unknown): void {
  const list: Json[] = Array.isArray(doc[attr]) ? (doc[attr] as unknown[]).filter(isObject) : [];
  if (filterText === undefined && sub === undefined) {
    if (op === "remove") delete doc[attr];
    else {
      const values: unknown[] = Array.isArray(value) ? value : [value];
      doc[attr] = op === "add" ? [...list, ...values] : values;
    }
    return;
  }
  const filter = filterText !== undefined ? parseValueFilter(filterText) : undefined;
  const matches = filter ? list.filter((el) => el[filter.attribute] === filter.value) : list;
  if (op === "remove") {
    const kept = list.filter((el) => {
      if (!matches.includes(el)) return true;
      if (sub === undefined) return false;
      delete el[sub];
      return Object.keys(el).some((k) => k !== "type" && k !== "primary");
    });
    if (kept.length > 0) doc[attr] = kept;
    else delete doc[attr];
    return;
  }
  const patchOne = (el: Json) => {
    if (sub !== undefined) el[sub] = value;
    else if (isObject(value)) Object.assign(el, value);
    else throw invalid();
  };
  if (matches.length > 0) matches.forEach(patchOne);
  else {
    const el: Json = filter ? { [filter.attribute]: filter.value } : {};
    patchOne(el);
    list.push(el);
  }
  doc[attr] = list;
}

function applyEnterprise(doc: Json, op: PatchOperation["op"], rest: string, value: unknown): void {
  const ext = isObject(doc[ENTERPRISE_URN]) ? doc[ENTERPRISE_URN] : {};
  if (rest === "") {
    if (op === "remove") delete doc[ENTERPRISE_URN];
    else {
      if (!isObject(value)) throw invalid();
      doc[ENTERPRISE_URN] = op === "replace" ? { ...value } : { ...ext, ...value };
    }
    return;
  }
  if (!rest.startsWith(":")) throw invalid(`Invalid path: ${ENTERPRISE_URN}${rest}`);
  const [attr, sub, extra] = rest.slice(1).split(".");
  if (!attr || extra !== undefined) throw invalid(`Invalid path: ${ENTERPRISE_URN}${rest}`);
  if (attr === "manager") {
    // Entra ID sends the manager as a bare id string; SCIM stores it as { value }.
    if (op === "remove") delete ext.manager;
    else if (sub === undefined) ext.manager = isObject(value) ? value : { value };
    else if (sub === "value") ext.manager = { value };
    else throw invalid(`The ${sub} sub-attribute of manager is not supported.`);
  } else if (sub !== undefined) throw invalid(`Invalid path: ${ENTERPRISE_URN}${rest}`);
  else if (op === "remove") delete ext[attr];
  else ext[attr] = value;
  if (Object.keys(ext).length > 0) doc[ENTERPRISE_URN] = ext;
  else delete doc[ENTERPRISE_URN];
}
