import type { Concept } from "../concepts";

export const IDENTITY: Concept[] = [
  {
    id: "mfa",
    related: ["sign-in", "password"],
    terms: [
      "mfa", "2fa", "2 fa", "two factor", "two-factor", "multi factor", "multifactor", "multi-factor", "2 step", "two step",
      "2-step verification", "two-step verification", "second factor", "authenticator", "authenticator app", "authenticater",
      "microsoft authenticator", "google authenticator", "duo", "duo push", "okta verify", "yubikey", "security key", "passkey",
      "verification code", "security code", "one time code", "one time passcode", "otp", "6 digit code", "six digit code",
      "code on my phone", "text code", "sms code", "code by text", "code never arrives", "approve the sign in", "approve sign in",
      "approve request", "approve login", "approval request", "push notification login", "login prompt on phone", "number matching",
      "enter the number", "more information required", "conditional access", "access blocked location", "blocked from this location",
      "sign in request", "login request", "verify it's you", "verification prompt", "re-register mfa", "reset mfa", "new phone authenticator", "login popup", "sign in popup", "approve popup",
    ],
  },
  {
    id: "sign-in",
    related: ["password", "mfa"],
    terms: [
      "sign in", "signin", "sign-in", "log in", "login", "logon", "log on", "logging in", "cant log in^0.8", "credentials",
      "username", "user name", "sso", "single sign on", "login screen", "sign in screen", "sign in page", "access denied login^0.6",
      "account disabled", "account suspended^0.6", "incorrect credentials", "wrong username",
    ],
  },
  {
    id: "password",
    related: ["sign-in", "mfa"],
    terms: [
      "password", "passwords", "pw", "pwd", "passwd", "passwrod", "pasword", "passowrd", "passcode^0.6", "passphrase", "pass word",
      "password reset", "reset my password", "forgot password", "forgotten password", "forgot my pw", "password expired",
      "expired password", "change password", "change my password", "new password", "password requirements", "password complexity",
      "locked out", "lock out", "lockout", "account locked", "locked account", "account is locked", "locked me out",
      "too many attempts", "too many failed attempts", "wrong password", "unlock account", "unlock my account", "unlock",
      "referenced account is currently locked", "sspr", "self service password reset", "stuck out", "keeps rejecting password",
    ],
  },
  {
    id: "directory-admin",
    related: ["sign-in", "cloud-admin"],
    terms: [
      "active directory", "ad account", "domain account", "user account^0.6", "security group", "distribution group^0.5",
      "group membership", "add to group", "entra", "entra id", "azure ad", "aad", "okta", "jumpcloud", "ldap", "admin role",
      "global admin", "privileged access",
    ],
  },
];
