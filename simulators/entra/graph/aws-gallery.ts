import type { AppRole } from "../directory";

// The gallery entry for AWS IAM Identity Center, as Graph's applicationTemplates returns it, and
// the app roles its service principal starts with.

export const AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID = "21ed01d2-ec13-4e9e-86c1-cd546719ebc4";
export const AWS_USER_ROLE_ID = "8774f594-1d59-4279-b9d9-59ef09a23530";
export const AWS_MSIAM_ACCESS_ROLE_ID = "e7f1a7f3-9eda-48e0-9963-bd67bf531afd";

export type ApplicationTemplate = {
  id: string;
  displayName: string;
  homePageUrl: string;
  supportedSingleSignOnModes: string[];
  supportedProvisioningTypes: string[];
  logoUrl: string | null;
  categories: string[];
  publisher: string;
  description: string | null;
};

export const GALLERY: readonly ApplicationTemplate[] = [
  {
    id: AWS_IAM_IDENTITY_CENTER_TEMPLATE_ID,
    displayName: "AWS IAM Identity Center (successor to AWS Single Sign-On)",
    homePageUrl: "https://aws.amazon.com/single-sign-on/",
    supportedSingleSignOnModes: ["saml", "external"],
    supportedProvisioningTypes: ["sync"],
    logoUrl: null,
    categories: ["developerServices", "itInfrastructure", "security"],
    publisher: "Amazon Web Services, Inc.",
    description: null,
  },
];

/** Fresh copies of the roles a new AWS IAM Identity Center service principal carries. */
export function awsAppRoles(): AppRole[] {
  const role = (id: string, name: string): AppRole => ({
    id,
    displayName: name,
    value: null,
    description: name,
    allowedMemberTypes: ["User"],
    isEnabled: true,
    origin: "Application",
  });
  return [role(AWS_USER_ROLE_ID, "User"), role(AWS_MSIAM_ACCESS_ROLE_ID, "msiam_access")];
}
