// Composition of membership: who is in a conversation and from which organisation (homes recorded by Identities).
import type { CapabilityFactory } from "../features";
import { membershipFeature } from "../core/membership/feature";

export const membershipCapability: CapabilityFactory = (deps) => ({
  features: [membershipFeature({ identities: deps.identities, tenancy: deps.tenancy })],
});
