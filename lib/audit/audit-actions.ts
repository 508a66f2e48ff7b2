// Every action name SSO Bridge records in the audit history, each with the words the Audit page
// offers for it. Recording an event, defining a server action and defining a route handler all take
// a name from here, so a name outside the catalogue does not compile and each name means one thing.
// A server action's name is also what its refusal is recorded as: the name of what it does.

export const AUDIT_ACTIONS = [
  // Signing in, and the team
  { name: "auth.sign-in", label: "Sign in, or a refused sign-in" },
  { name: "auth.sign-out", label: "Sign out" },
  { name: "person.add", label: "Add a person to the team" },
  { name: "person.role.change", label: "Change a person's role" },
  { name: "person.disable", label: "Disable a person" },
  { name: "person.enable", label: "Enable a disabled person again" },
  { name: "person.remove", label: "Remove a person from the team" },

  // SSO Bridge's settings and connections
  { name: "settings.sign-in.update", label: "Change the sign-in settings" },
  { name: "settings.lab-scim-endpoints.update", label: "Allow or stop lab SCIM endpoints (private networks, plain HTTP, hosts outside AWS)" },
  { name: "settings.lab-webhooks.update", label: "Allow or stop lab webhooks (private networks, plain HTTP)" },
  { name: "settings.audit-retention.update", label: "Change how long audit events are kept" },
  { name: "connection.aws.update", label: "Save the AWS connection" },
  { name: "connection.aws.test", label: "Test the AWS connection" },
  { name: "connection.entra.update", label: "Save the Microsoft Entra connection" },
  { name: "connection.entra.test", label: "Test the Microsoft Entra connection" },

  // Federation setup
  { name: "setup.instance.choose", label: "Setup: choose the IAM Identity Center instance" },
  { name: "setup.aws-metadata.upload", label: "Setup: upload AWS's SAML metadata" },
  { name: "setup.enterprise-app.create", label: "Setup: create the enterprise application" },
  { name: "setup.enterprise-app.adopt", label: "Setup: adopt an existing enterprise application" },
  { name: "setup.saml-sso.configure", label: "Setup: configure SAML single sign-on" },
  { name: "setup.federation-metadata.fetch", label: "Setup: fetch Entra's federation metadata" },
  { name: "setup.federation-metadata.download", label: "Setup: download Entra's federation metadata" },
  { name: "setup.identity-source.confirm", label: "Setup: confirm the identity source change in AWS" },
  { name: "setup.federation.check", label: "Run the federation consistency check" },
  { name: "setup.sign-in.prove", label: "Prove the federation with a sign-in" },
  { name: "setup.sign-in.inspect", label: "Inspect a SAML response" },
  { name: "setup.sign-in.logs", label: "Read Entra's sign-in logs for the application" },

  // Provisioning setup and the provisioning job
  { name: "setup.scim-credentials.save", label: "Setup: save the SCIM endpoint and token" },
  { name: "setup.provisioning-job.configure", label: "Setup: configure the Entra provisioning job" },
  { name: "setup.assignments.search", label: "Setup: search Entra users and groups" },
  { name: "setup.assignments.add", label: "Setup: assign users and groups to the application" },
  { name: "setup.assignments.remove", label: "Setup: remove a user or group from the application" },
  { name: "setup.provisioning.start", label: "Setup: start provisioning" },
  { name: "provisioning.pause", label: "Pause the provisioning job" },
  { name: "provisioning.resume", label: "Resume the provisioning job" },
  { name: "provisioning.restart", label: "Restart the provisioning job" },
  { name: "provisioning.users.search", label: "Search users to provision on demand" },
  { name: "provisioning.on-demand", label: "Provision one user on demand" },
  { name: "provisioning.check", label: "Ask Entra for the provisioning job's state now" },
  { name: "provisioning.scim-token.rotate", label: "Rotate the SCIM token" },

  // AWS access
  { name: "permission-set.create", label: "Create a permission set" },
  { name: "permission-set.update", label: "Change a permission set" },
  { name: "permission-set.delete", label: "Delete a permission set" },
  { name: "assignment.create", label: "Assign access to an account" },
  { name: "assignment.delete", label: "Remove access to an account" },
  { name: "access.search-principals", label: "Search AWS users and groups" },
  { name: "aws-operation.refresh", label: "Ask AWS about requests in progress" },
  { name: "access.check-now", label: "Ask AWS now for the permission sets or the organization" },
  { name: "provision-permission-set.complete", label: "AWS finished updating a permission set in its accounts" },
  { name: "provision-permission-set.fail", label: "AWS failed to update a permission set in its accounts" },
  { name: "create-assignment.complete", label: "AWS finished assigning access" },
  { name: "create-assignment.fail", label: "AWS failed to assign access" },
  { name: "delete-assignment.complete", label: "AWS finished removing access" },
  { name: "delete-assignment.fail", label: "AWS failed to remove access" },

  // Drift between Entra and the AWS identity store
  { name: "drift.scan", label: "Scan for drift between Entra and AWS" },
  { name: "drift.scan.cancel", label: "Cancel a drift scan" },
  { name: "drift.export", label: "Export drift findings" },
  { name: "drift.remove", label: "Remove from AWS an object only AWS has (a drift fix)" },
  { name: "drift.keep", label: "Keep objects only AWS has: drift scans leave them out" },
  { name: "drift.keep.stop", label: "Stop keeping an object only AWS has: drift scans report it again" },

  // Mirror groups for nested Entra groups
  { name: "mirror.create", label: "Mirror a nested Entra group: create the flattened group and assign it to the application" },
  { name: "mirror.sync", label: "Change a mirror's members to match its source" },
  { name: "mirror.swap", label: "Hand a source's place in the application to its mirror, with the source's AWS access" },
  { name: "mirror.run", label: "Run mirror maintenance now" },
  { name: "mirror.preview", label: "Preview who a mirror would add and remove" },
  { name: "mirror.removals.confirm", label: "Confirm removals the guard held" },
  { name: "mirror.settings.update", label: "Change how a mirror treats hand edits and large removals" },
  { name: "mirror.exception.clear", label: "Stop leaving a hand edit of a mirror" },
  { name: "mirror.off", label: "Turn a mirror off, leaving its group" },
  { name: "mirror.delete", label: "Turn a mirror off and delete its group in Entra" },

  // Alerts and webhooks
  { name: "alert.fire", label: "An alert fired" },
  { name: "alert.resolve", label: "An alert was resolved" },
  { name: "webhook.add", label: "Add a webhook" },
  { name: "webhook.remove", label: "Remove a webhook" },
  { name: "webhook.pause", label: "Pause a webhook" },
  { name: "webhook.resume", label: "Resume a paused webhook" },
  { name: "webhook.anchors.send", label: "Send audit anchors to a webhook too" },
  { name: "webhook.anchors.stop", label: "Stop sending audit anchors to a webhook" },
  { name: "webhook.test", label: "Send a test message to a webhook" },
  { name: "webhook.deliver", label: "Deliver an alert or an audit anchor to a webhook" },

  // The audit history itself
  { name: "audit.export", label: "Export the audit history" },
  { name: "audit.verify", label: "Verify the audit chain" },
  { name: "audit.retention", label: "Archive and remove old audit events" },

  // The encryption keys
  { name: "keys.rotate", label: "Re-encrypt and re-sign what is stored under the first encryption key" },
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number]["name"];

// Names recorded by earlier versions. History is not rewritten, so they stay findable; nothing records them any more.
export const FORMER_AUDIT_ACTIONS = [
  { name: "settings.update", label: "Change settings (before sign-in, endpoint and retention changes had names of their own)" },
  { name: "settings.endpoints.update", label: "Change which SCIM endpoints are allowed (before SCIM endpoints and webhooks had lab settings of their own)" },
  { name: "webhook.enable", label: "Refused pause or resume of a webhook (before the two had names of their own)" },
  { name: "setup.enterprise-app", label: "Refused creation or adoption of the enterprise application (before the two had names of their own)" },
] as const;

export type FormerAuditAction = (typeof FORMER_AUDIT_ACTIONS)[number]["name"];

/** What the Audit page's action filter offers: every name the history can hold, current ones first. */
export const AUDIT_ACTION_CHOICES: readonly { name: AuditAction | FormerAuditAction; label: string }[] = [...AUDIT_ACTIONS, ...FORMER_AUDIT_ACTIONS];
