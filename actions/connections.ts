"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { awsConnectionInput, saveAwsConnection, testAwsConnection } from "@/lib/connections/aws-connection";
import { entraConnectionInput, saveEntraConnection, testEntraConnection } from "@/lib/connections/entra-connection";
import { canManageConnections } from "@/lib/security/permissions";

export const saveAwsConnectionAction = defineAction({
  name: "connection.aws.update",
  input: awsConnectionInput,
  allowed: canManageConnections,
  run: async (input, { by }) => {
    const settings = await saveAwsConnection(input, by);
    revalidatePath("/settings");
    return settings;
  },
  success: (s) => `Saved: region ${s.region}${s.roleArn ? `, assuming ${s.roleArn}` : ""}. Test the connection to see what SSO Bridge finds there.`,
});

export const testAwsConnectionAction = defineAction({
  name: "connection.aws.test",
  input: z.object({}),
  allowed: canManageConnections,
  run: async (_input, { by }) => {
    const test = await testAwsConnection(by);
    revalidatePath("/settings");
    return { ok: test.ok };
  },
  success: (t) => (t.ok ? "AWS answered." : "The test failed; see below."),
});

export const saveEntraConnectionAction = defineAction({
  name: "connection.entra.update",
  input: entraConnectionInput,
  allowed: canManageConnections,
  run: async (input, { by }) => {
    const settings = await saveEntraConnection(input, by);
    revalidatePath("/settings");
    return { tenantId: settings.tenantId };
  },
  success: () => "Saved. Test the connection to check the app's Microsoft Graph permissions.",
});

export const testEntraConnectionAction = defineAction({
  name: "connection.entra.test",
  input: z.object({}),
  allowed: canManageConnections,
  run: async (_input, { by }) => {
    const test = await testEntraConnection(by);
    revalidatePath("/settings");
    return { ok: test.ok };
  },
  success: (t) => (t.ok ? "Entra answered." : "The test failed; see below."),
});
