// Which AWS region SSO Bridge works in and, optionally, which IAM role it assumes there. The
// credentials themselves come from the default chain (environment, profile, instance role).

export type AwsTarget = { region: string; roleArn?: string | null };
