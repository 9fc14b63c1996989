import type { Concept } from "../concepts";
import { BUSINESS_APPS } from "./business-apps";
import { DEVICES } from "./devices";
import { FILES } from "./files";
import { GOVERNANCE } from "./governance";
import { IDENTITY } from "./identity";
import { INFRASTRUCTURE } from "./infrastructure";
import { MESSAGING } from "./messaging";
import { NETWORK } from "./network";
import { NON_IT } from "./non-it";
import { PEOPLE } from "./people";
import { SECURITY } from "./security";
import { SOFTWARE } from "./software";
import { VERTICALS } from "./verticals";
import { WORKPLACE } from "./workplace";

/** General knowledge of how people describe IT work (and everyday non-IT office life), independent of any matrix. */
export const KNOWLEDGE_BASE: Concept[] = [
  ...IDENTITY,
  ...MESSAGING,
  ...FILES,
  ...DEVICES,
  ...NETWORK,
  ...INFRASTRUCTURE,
  ...SECURITY,
  ...SOFTWARE,
  ...BUSINESS_APPS,
  ...PEOPLE,
  ...WORKPLACE,
  ...GOVERNANCE,
  ...VERTICALS,
  ...NON_IT,
];
