import { expect, it } from "vitest";
import { SSO_MESSAGES, ssoErrorMessage } from "./sso-messages";

it.each<[string, string]>([
  ["no_mapped_group", SSO_MESSAGES.no_mapped_group],
  ["account_not_linked", SSO_MESSAGES.account_not_linked],
  ["invalid_code", "Single sign-on failed (invalid_code). Try again, or ask your administrator."],
  // A crafted link cannot put its own words on the page: only letters, digits and _ of the code survive.
  ["Call+1-800<script>", "Single sign-on failed (Call1800script). Try again, or ask your administrator."],
  ["", "Single sign-on failed. Try again, or ask your administrator."],
])("error %j reads %j", (code, message) => {
  expect(ssoErrorMessage(code)).toBe(message);
});
