import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "../db";
import { AppError } from "../errors";
import { storedRole } from "../people";
import { sharedRead } from "../shared-reads";
import type { SessionUser } from "../security/permissions";
import { authOptions } from "./auth-options";

/**
 * The signed-in person as the database has them, not as the session cookie remembers, so a role
 * change or a disabled account takes effect within a second (lib/shared-reads.ts) rather than when
 * the cookie expires. Once per request: the layout and the page both ask, and a render shares the answer.
 */
export const currentUser = cache(readCurrentUser);

async function readCurrentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await sharedRead(`user:${id}`, ["User"], () => db().user.findUnique({ where: { id } }));
  if (!user || user.disabled) return null;
  return { id: user.id, login: user.login, name: user.name, role: storedRole.read(user.role) };
}

export async function requireUser(allowed?: (u: SessionUser) => boolean): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("NotSignedIn", "Your session has ended. Sign in again.");
  if (allowed && !allowed(user)) throw new AppError("Forbidden", "Your role does not allow this. Ask an admin.");
  return user;
}

/** For pages: no session sends the person to sign in; a missing role answers 403. */
export async function pageUser(allowed?: (u: SessionUser) => boolean): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/signin");
  if (allowed && !allowed(user)) forbidden();
  return user;
}
