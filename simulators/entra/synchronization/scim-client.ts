// The outbound half of Entra's provisioning: a SCIM 2.0 client speaking real HTTP to the target's
// base address with the configured bearer token. It knows only what the AWS IAM Identity Center
// endpoint accepts: `eq` filters, PATCH for group members, no /Bulk.

export type ScimUser = {
  schemas: string[];
  id?: string;
  externalId?: string;
  userName: string;
  displayName?: string;
  name?: { givenName?: string; familyName?: string; formatted?: string };
  emails?: { value: string; type: string; primary: boolean }[];
  title?: string;
  active: boolean;
  [extension: string]: unknown;
};

export type ScimGroup = { schemas: string[]; id?: string; externalId?: string; displayName: string; members?: { value: string }[] };

export type ScimPatchOperation = { op: "add" | "remove" | "replace"; path?: string; value?: unknown };

export const SCIM_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM_GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const SCIM_PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** A SCIM answer outside 2xx, or no answer at all (status 0). */
export class ScimRequestError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    /** the endpoint's error `detail`, or the network failure */
    readonly detail: string,
    readonly responseText: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${method} ${url}: ${status === 0 ? "no response" : `HTTP ${status}`}: ${detail}`);
  }

  /** The target refused the credentials or could not be reached: nothing else in the cycle can work. */
  get isConnectionFailure(): boolean {
    return this.status === 0 || this.status === 401 || this.status === 403;
  }
}

export type ScimClientOptions = {
  baseAddress: string;
  token: string;
  /** longest wait honoured for a 429's Retry-After; the simulator keeps demos moving */
  maxRetryWaitMs?: number;
  retries?: number;
};

export class ScimClient {
  private readonly base: string;

  constructor(private readonly opts: ScimClientOptions) {
    this.base = opts.baseAddress.replace(/\/+$/, "");
  }

  async findUserByUserName(userName: string): Promise<ScimUser | undefined> {
    const page = await this.request<{ Resources?: ScimUser[] }>("GET", `/Users?filter=${encodeURIComponent(`userName eq ${quote(userName)}`)}`);
    return page.Resources?.[0];
  }

  async findGroupByDisplayName(displayName: string): Promise<ScimGroup | undefined> {
    const page = await this.request<{ Resources?: ScimGroup[] }>("GET", `/Groups?filter=${encodeURIComponent(`displayName eq ${quote(displayName)}`)}`);
    return page.Resources?.[0];
  }

  createUser(user: ScimUser): Promise<ScimUser> {
    return this.request<ScimUser>("POST", "/Users", user);
  }

  replaceUser(id: string, user: ScimUser): Promise<ScimUser> {
    return this.request<ScimUser>("PUT", `/Users/${encodeURIComponent(id)}`, { ...user, id });
  }

  patchUser(id: string, operations: ScimPatchOperation[]): Promise<unknown> {
    return this.request("PATCH", `/Users/${encodeURIComponent(id)}`, { schemas: [SCIM_PATCH_SCHEMA], Operations: operations });
  }

  deleteUser(id: string): Promise<unknown> {
    return this.request("DELETE", `/Users/${encodeURIComponent(id)}`);
  }

  createGroup(group: ScimGroup): Promise<ScimGroup> {
    return this.request<ScimGroup>("POST", "/Groups", group);
  }

  patchGroup(id: string, operations: ScimPatchOperation[]): Promise<unknown> {
    return this.request("PATCH", `/Groups/${encodeURIComponent(id)}`, { schemas: [SCIM_PATCH_SCHEMA], Operations: operations });
  }

  deleteGroup(id: string): Promise<unknown> {
    return this.request("DELETE", `/Groups/${encodeURIComponent(id)}`);
  }

  /** The probe Entra's "Test connection" sends: a filter for a user name nobody has. */
  async probe(): Promise<void> {
    await this.findUserByUserName(crypto.randomUUID());
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.base}${path}`;
    const retries = this.opts.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${this.opts.token}`,
            accept: "application/scim+json",
            ...(body === undefined ? {} : { "content-type": "application/scim+json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new ScimRequestError(method, url, 0, cause?.code ?? cause?.message ?? (e as Error).message, "");
      }
      const text = await res.text();
      if (res.ok) return (text ? JSON.parse(text) : undefined) as T;
      const retryAfter = Number(res.headers.get("retry-after") ?? "");
      const err = new ScimRequestError(method, url, res.status, errorDetail(text, res.statusText), text, Number.isFinite(retryAfter) ? retryAfter : undefined);
      if (res.status !== 429 || attempt >= retries) throw err;
      const wait = Math.min((err.retryAfterSeconds ?? 1) * 1000, this.opts.maxRetryWaitMs ?? 2000);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function errorDetail(text: string, fallback: string): string {
  try {
    const parsed = JSON.parse(text) as { detail?: unknown; message?: unknown };
    if (typeof parsed.detail === "string") return parsed.detail;
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    // not JSON: the body itself is the best detail there is
  }
  return text || fallback;
}
