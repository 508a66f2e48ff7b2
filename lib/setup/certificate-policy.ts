/** From this many days before the SAML signing certificate expires, SSO Bridge warns and the SAML step renews it. */
export const CERTIFICATE_WARNING_DAYS = 60;
