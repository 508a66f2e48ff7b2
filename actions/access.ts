"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { accessReadingRef, checkAccessReadingNow } from "@/lib/access/check-access-now";
import { identityCenter } from "@/lib/access/configured-identity-center";
import { sendAssignmentBatchesSoon, startAssignment } from "@/lib/access/assignment-batches";
import { assignInput, removeAssignment, removeInput } from "@/lib/access/assignment-changes";
import { pendingOperations, refreshOperations } from "@/lib/access/aws-operations";
import { createPermissionSetFor, deletePermissionSetFor, updatePermissionSetFor } from "@/lib/access/permission-set-changes";
import { permissionSetForm } from "@/lib/access/permission-set-input";
import { searchAccessPrincipals } from "@/lib/access/principal-search";
import { canOperate, canView } from "@/lib/security/permissions";

const arn = z.string().min(1).max(1224);

export const createPermissionSetAction = defineAction({
  name: "permission-set.create",
  input: permissionSetForm,
  allowed: canOperate,
  run: async (form, { by }) => {
    const { permissionSet, problems } = await createPermissionSetFor(form, by);
    revalidatePath("/access");
    return { arn: permissionSet.arn, name: permissionSet.name, problems };
  },
  success: (r) => [`Created the permission set ${r.name}.`, ...r.problems].join(" "),
});

export const updatePermissionSetAction = defineAction({
  name: "permission-set.update",
  input: z.intersection(permissionSetForm, z.object({ arn })),
  allowed: canOperate,
  run: async ({ arn: target, ...form }, { by }) => {
    const result = await updatePermissionSetFor(target, form, by);
    revalidatePath("/access");
    return { name: result.permissionSet.name, accounts: result.reprovisionedAccounts, problems: result.problems };
  },
  success: (r) =>
    [
      r.accounts > 0
        ? `Saved ${r.name}. AWS is updating it in the ${r.accounts === 1 ? "account" : `${r.accounts} accounts`} where it is assigned; the progress shows under Recent AWS requests.`
        : r.problems.length > 0
          ? `Saved ${r.name}.`
          : `Saved ${r.name}. It is not assigned in any account yet.`,
      ...r.problems,
    ].join(" "),
});

export const deletePermissionSetAction = defineAction({
  name: "permission-set.delete",
  input: z.object({ arn }),
  allowed: canOperate,
  // No revalidation: the page that asked shows a set that no longer exists; the client leaves it for /access.
  run: ({ arn: target }, { by }) => deletePermissionSetFor(target, by),
  success: (d) => `Deleted the permission set ${d.name}.`,
});

export const refreshOperationsAction = defineAction({
  name: "aws-operation.refresh",
  input: z.object({ accountId: z.string().max(12).optional(), permissionSetArn: arn.optional() }),
  allowed: canOperate,
  // Reports how many of the page's requests are still in progress: the background task may have seen one end first.
  run: async (scope) => {
    await refreshOperations(await identityCenter());
    return { pending: await pendingOperations(scope) };
  },
});

export const searchPrincipalsAction = defineAction({
  name: "access.search-principals",
  input: z.object({ query: z.string().max(100) }),
  allowed: canView,
  run: ({ query }) => searchAccessPrincipals(query),
});

export const assignAccessAction = defineAction({
  name: "assignment.create",
  input: assignInput,
  allowed: canOperate,
  run: async (input, { by }) => {
    const batch = await startAssignment(input, by);
    sendAssignmentBatchesSoon();
    revalidatePath("/access/assign");
    return batch;
  },
  success: (r) =>
    `Assigning ${r.permissionSet} to ${r.principal} in ${r.accounts} ${r.accounts === 1 ? "account" : "accounts"}: SSO Bridge sends them in the background, and the progress shows below. You can leave this page.`,
});

export const removeAssignmentAction = defineAction({
  name: "assignment.delete",
  input: removeInput,
  allowed: canOperate,
  run: async (key, { by }) => {
    const removed = await removeAssignment(key, by);
    revalidatePath(`/access/accounts/${key.accountId}`);
    return removed;
  },
  success: (r) => [`Removing ${r.permissionSet} for ${r.principal} in ${r.accountId}; AWS takes a few seconds.`, r.problem].filter(Boolean).join(" "),
});

export const checkAccessNowAction = defineAction({
  name: "access.check-now",
  input: z.object({ reading: accessReadingRef }),
  allowed: canView,
  run: ({ reading }) => checkAccessReadingNow(reading),
});
