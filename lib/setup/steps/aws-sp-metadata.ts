import type { ChangedBy } from "../../audit/record-audit-event";
import { AppError } from "../../errors";
import { MAX_XML_BYTES } from "../../saml/parse-xml";
import { readAwsSpMetadata } from "../../saml/aws-sp-metadata";
import { completedStep, runStep } from "../step-store";

export type UploadedFile = { name: string; size: number; text(): Promise<string> };

/** Checks the metadata file the operator downloaded from the AWS console against the chosen instance. */
export async function uploadAwsSpMetadata(file: UploadedFile, by: ChangedBy) {
  return runStep("aws-sp-metadata", "setup.aws-metadata.upload", by, async () => {
    if (file.size === 0)
      throw new AppError("InvalidInput", "The file is empty. Choose the metadata file you downloaded from the AWS console.", { file: "Empty file" });
    if (file.size > MAX_XML_BYTES) {
      throw new AppError(
        "InvalidInput",
        `The file is ${Math.round(file.size / 1024)} KB; IAM Identity Center's metadata is a few KB. Choose the file the AWS console downloaded.`,
        { file: "Too large" },
      );
    }
    const instance = await completedStep("identity-center-instance");
    const xml = await file.text();
    const reading = readAwsSpMetadata(xml, { region: instance.region, identityStoreId: instance.identityStoreId });
    if (!reading.ok) throw new AppError("InvalidInput", reading.problems.join(" "), { file: "Not accepted" });
    const m = reading.metadata;
    const data = {
      fileName: file.name.slice(0, 200),
      xml,
      entityId: m.entityId,
      acsUrl: m.acsUrl,
      region: m.region,
      identityStoreId: m.identityStoreId,
      certificates: m.certificates.map((c) => ({
        subject: c.subject,
        thumbprint: c.thumbprint,
        notBefore: c.notBefore.toISOString(),
        notAfter: c.notAfter.toISOString(),
      })),
    };
    return { data, details: { fileName: data.fileName, entityId: m.entityId, acsUrl: m.acsUrl } };
  });
}
