// Which AWS region SSO Bridge works in and, optionally, which IAM role it assumes there. The
// credentials themselves come from the default chain (environment, profile, instance role).

export type AwsConnection = { region: string; roleArn?: string | null };

/** An AWS region code such as eu-west-1, us-gov-west-1 or cn-north-1. */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
