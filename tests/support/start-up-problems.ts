import { parseConfig } from "@/lib/config";
import { prepareToServe, startupProblemLines } from "@/lib/startup";

/**
 * What start-up says, line by line, with the test tenant's sign-in settings and `env` over them:
 * [] when SSO Bridge would serve.
 */
export async function startUpProblems(env: Record<string, string | undefined>): Promise<string[]> {
  try {
    await prepareToServe(
      parseConfig({
        ENTRA_TENANT_ID: "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f",
        ENTRA_CLIENT_ID: "3c5e7a9b-1d2f-4e6a-8b0c-2d4f6a8c0e1b",
        ENTRA_CLIENT_SECRET: "x",
        SSO_BRIDGE_ENV: "local",
        SSO_BRIDGE_DATA_DIR: process.env.SSO_BRIDGE_DATA_DIR,
        ...env,
      }),
    );
    return [];
  } catch (e) {
    return startupProblemLines(e);
  }
}
