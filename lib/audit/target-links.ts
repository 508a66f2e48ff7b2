// Where in SSO Bridge each kind of audit target lives, so an event links to what it changed.

export function targetHref(type: string, id: string | null): string | null {
  switch (type) {
    case "setup-step":
      return id ? `/setup#${encodeURIComponent(id)}` : "/setup";
    case "federation":
      return "/setup";
    case "provisioning-job":
      return "/provisioning";
    case "permission-set":
      return id ? `/access/permission-sets/edit?arn=${encodeURIComponent(id)}` : "/access";
    case "aws-account":
      return id && /^\d{12}$/.test(id) ? `/access/accounts/${id}` : "/access";
    case "connection":
    case "settings":
    case "webhook":
    case "person":
      return "/settings";
    case "alert":
      return "/";
    default:
      return null;
  }
}
