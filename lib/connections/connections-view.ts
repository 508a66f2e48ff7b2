import { enableIdentityCenterHelpUrl } from "../aws/console-links";
import { NATIONAL_CLOUDS, nationalCloudLabels, type NationalCloud } from "../entra/national-clouds";
import { readAwsConnection } from "./aws-connection";
import { readEntraConnection } from "./entra-connection";

/** Settings → Connections: both connections as saved, with their last tests, and the choices their forms offer. */
export async function connectionsView() {
  const [aws, entra] = await Promise.all([readAwsConnection(), readEntraConnection()]);
  return {
    aws,
    entra,
    enableIdentityCenterHelpUrl: enableIdentityCenterHelpUrl(),
    clouds: NATIONAL_CLOUDS.map((value): { value: NationalCloud; label: string } => ({ value, label: nationalCloudLabels[value] })),
  };
}
